import { configOf } from "../config";
import type { Bindings } from "../env";
import { httpReader } from "./http-reader";
import type { SourceLocation } from "./location";
import { r2Reader } from "./r2-reader";
import { s3AccessFrom } from "./s3-access";
import { s3Config } from "./s3-config";
import { s3Reader } from "./s3-reader";
import type { SourceReader } from "./types";

/** The reader for a resolved source location. */
export function openSource(env: Bindings, location: SourceLocation, projectId: string): SourceReader {
  switch (location.type) {
    case "r2":
      return r2Reader(env.BUCKET, location.key, location.etag);
    case "http":
      return httpReader(location.url, { allowLoopback: configOf(env).ALLOW_LOOPBACK_FETCH });
    case "s3":
      // The external id STS checks is the project's id: a role trusts one project, not the whole service.
      return s3Reader(s3Config(env), s3AccessFrom(env), location, projectId);
  }
}
