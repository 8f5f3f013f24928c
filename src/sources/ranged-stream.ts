/** Bytes asked per read: bounded, so no read holds much of a large object at once. */
export const READ_BYTES = 8 * 1024 * 1024;

/**
 * A stream of [offset, size) made of successive bounded range reads, each
 * awaited whole. Used for every source that takes ranges: a read that fails
 * fails only its piece, and no connection stays open across a long scan.
 */
export function rangedStream(offset: number, size: number, readRange: (offset: number, length: number) => Promise<Uint8Array>): ReadableStream<Uint8Array> {
  let at = offset;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (at >= size) return controller.close();
      const length = Math.min(READ_BYTES, size - at);
      const bytes = await readRange(at, length);
      if (bytes.length === 0) return controller.close();
      controller.enqueue(bytes);
      at += bytes.length;
    },
  });
}
