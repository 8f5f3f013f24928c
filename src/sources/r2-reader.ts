import { rangedStream } from "./ranged-stream";
import { SourceError, type SourceReader } from "./types";

/**
 * An object in this service's own R2 bucket (partner uploads, SFTP drops),
 * pinned to the version first read (its etag, or `pinned` when a replay
 * reads its parent's source again): every range read is conditional on it,
 * so a batch never mixes the rows of two versions of a file.
 */
export function r2Reader(bucket: R2Bucket, key: string, pinned?: string): SourceReader {
  const changed = () => new SourceError("source_unreadable", "The uploaded file changed after this batch first read it");
  return {
    async stat() {
      const head = await bucket.head(key);
      if (!head) throw new SourceError("source_not_found", "The uploaded file is missing; was the upload URL used?");
      if (pinned !== undefined && head.etag !== pinned) throw changed();
      return { size: head.size, ranges: true, etag: head.etag };
    },
    async streamFrom(offset, stat) {
      return rangedStream(offset, stat.size ?? 0, async (at, length) => {
        const object = await bucket.get(key, { range: { offset: at, length }, ...(stat.etag && { onlyIf: { etagMatches: stat.etag } }) });
        if (!object) throw new SourceError("source_not_found", "The uploaded file is missing");
        if (!("body" in object)) throw changed();
        return new Uint8Array(await object.arrayBuffer());
      });
    },
  };
}
