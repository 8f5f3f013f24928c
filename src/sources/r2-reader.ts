import { rangedStream } from "./ranged-stream";
import { SourceError, type SourceReader } from "./types";

/** An object in this service's own R2 bucket (partner uploads, SFTP drops). */
export function r2Reader(bucket: R2Bucket, key: string): SourceReader {
  return {
    async stat() {
      const head = await bucket.head(key);
      if (!head) throw new SourceError("source_not_found", "The uploaded file is missing; was the upload URL used?");
      return { size: head.size, ranges: true };
    },
    async streamFrom(offset, stat) {
      return rangedStream(offset, stat.size ?? 0, async (at, length) => {
        const object = await bucket.get(key, { range: { offset: at, length } });
        if (!object) throw new SourceError("source_not_found", "The uploaded file is missing");
        return new Uint8Array(await object.arrayBuffer());
      });
    },
  };
}
