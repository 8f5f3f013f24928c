import { createHash } from "node:crypto";
import type { CompletedPart } from "./worker-client";

/** Where parts go: the Worker's multipart routes for one upload. */
export type PartSink = (partNumber: number, bytes: Uint8Array) => Promise<string>;

export type UploadedPlaintext = { size: number; sha256: string; parts: CompletedPart[] };

/**
 * Cuts a plaintext stream into parts of exactly `partBytes` (the last one shorter) and sends
 * each through `sendPart` in order, hashing (sha256) and counting as it goes.
 *
 * Memory stays at about two parts: one being filled while the previous one is in flight;
 * reading waits while a full part cannot be sent yet. An empty stream sends one empty part,
 * since a multipart upload cannot complete with none.
 */
export async function uploadInParts(plaintext: AsyncIterable<Uint8Array>, sendPart: PartSink, partBytes: number): Promise<UploadedPlaintext> {
  const hash = createHash("sha256");
  const parts: CompletedPart[] = [];
  let size = 0;
  let buffer = Buffer.allocUnsafe(partBytes);
  let filled = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const send = (bytes: Uint8Array) => {
    const partNumber = parts.length + 1;
    const slot: CompletedPart = { part_number: partNumber, etag: "" };
    parts.push(slot);
    const previous = inFlight;
    inFlight = (async () => {
      await previous;
      slot.etag = await sendPart(partNumber, bytes);
    })();
    // A failed send is seen at the next `await inFlight`; until then keep it from being "unhandled".
    inFlight.catch(() => {});
  };

  for await (const chunk of plaintext) {
    hash.update(chunk);
    size += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(partBytes - filled, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === partBytes) {
        // Back-pressure: at most one part in flight while the next one fills.
        await inFlight;
        send(buffer);
        buffer = Buffer.allocUnsafe(partBytes);
        filled = 0;
      }
    }
  }
  if (filled > 0 || parts.length === 0) {
    await inFlight;
    send(buffer.subarray(0, filled));
  }
  await inFlight;
  return { size, sha256: hash.digest("hex"), parts };
}

