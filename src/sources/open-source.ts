import type { Bindings } from "../env";
import { locationTypeOf, type SourceLocation } from "./location";
import { assertWithinCap, type SourceReader } from "./types";

/**
 * The reader for a resolved source location, by its location type. Its
 * `stat` refuses a source over the cap (`source_too_large`), whatever the
 * type: no reader has to remember to.
 */
export function openSource(env: Bindings, location: SourceLocation, projectId: string): SourceReader {
  const reader = locationTypeOf(location).open(location, { env, projectId });
  return {
    async stat() {
      const stat = await reader.stat();
      assertWithinCap(stat);
      return stat;
    },
    streamFrom: (offset, stat) => reader.streamFrom(offset, stat),
  };
}
