import { SourceError, type SourceReader } from "./types";

/** Bytes asked of R2 per read; bounded so no read holds a large object in memory at once. */
const READ_BYTES = 8 * 1024 * 1024;

/** An object in this service's own R2 bucket (partner uploads, SFTP drops). */
export function r2Reader(bucket: R2Bucket, key: string): SourceReader {
  return {
    async stat() {
      const head = await bucket.head(key);
      if (!head) throw new SourceError("source_not_found", "The uploaded file is missing; was the upload URL used?");
      return { size: head.size, ranges: true };
    },
    async streamFrom(offset, stat) {
      const size = stat.size ?? 0;
      let at = offset;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (at >= size) return controller.close();
          const length = Math.min(READ_BYTES, size - at);
          const object = await bucket.get(key, { range: { offset: at, length } });
          if (!object) return controller.error(new SourceError("source_not_found", "The uploaded file is missing"));
          controller.enqueue(new Uint8Array(await object.arrayBuffer()));
          at += length;
        },
      });
    },
  };
}
