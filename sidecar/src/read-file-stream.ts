import { open } from "node:fs/promises";

/**
 * A file as a pull-based Web stream: one `chunkBytes` read per pull, at most one chunk queued.
 * Not `Readable.toWeb(createReadStream())`: on Node 20 that counts its byte high-water mark in
 * chunks, so it reads the whole file ahead into memory whenever the consumer is slower.
 */
export async function readFileStream(file: string, chunkBytes = 1024 * 1024): Promise<{ stream: ReadableStream<Uint8Array>; close: () => Promise<void> }> {
  const handle = await open(file, "r");
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const buffer = Buffer.allocUnsafe(chunkBytes);
          const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
          if (bytesRead === 0) {
            await close();
            controller.close();
          } else {
            controller.enqueue(buffer.subarray(0, bytesRead));
          }
        } catch (e) {
          await close().catch(() => {});
          controller.error(e);
        }
      },
      cancel: close,
    },
    { highWaterMark: 1 },
  );
  // `close` lets the caller release the descriptor even when a reader holds the stream locked.
  return { stream, close };
}
