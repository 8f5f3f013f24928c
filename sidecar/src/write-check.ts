import type { UploadLimits } from "./limits";

export type WriteRefusal = { reason: "file_too_large" | "leaves_hole"; message: string };

/**
 * Whether a WRITE of `length` bytes at `offset` may go into an upload whose data so far ends
 * at `end` (the highest offset written). Pure.
 *
 * Clients write in order, several requests in flight and answered out of order, so a write
 * starts at most a little past `end`; one far past it would leave a hole, a sparse spool file
 * of zeros that costs nothing to send and everything to decrypt.
 */
export function checkWrite(write: { offset: number; length: number }, end: number, limits: Pick<UploadLimits, "maxFileBytes" | "maxWriteGapBytes">): WriteRefusal | null {
  if (write.offset + write.length > limits.maxFileBytes) return { reason: "file_too_large", message: `file larger than ${limits.maxFileBytes} bytes` };
  if (write.offset - end > limits.maxWriteGapBytes) {
    return { reason: "leaves_hole", message: `write starts ${write.offset - end} bytes past the end of the data written so far (at most ${limits.maxWriteGapBytes}): write the file in order` };
  }
  return null;
}
