import type { UploadLimits } from "./limits";

/** Below this, the expansion ratio never bites: tiny uploads carry a few hundred bytes of keys and framing. */
const MIN_PLAINTEXT_ALLOWANCE = 1024 * 1024;

/**
 * The most plaintext one upload may decrypt (and decompress) to, in bytes: `maxExpansionRatio`
 * times its encrypted size (never under 1 MiB), and never more than `maxFileBytes`. Bounds what a
 * compression bomb costs: uncompressed data never comes near it, since plaintext is smaller
 * than its ciphertext; CSV compresses 5 to 20-fold, zeros 1000-fold (zlib) or far more (bzip2).
 */
export function plaintextLimit(uploadedBytes: number, limits: Pick<UploadLimits, "maxFileBytes" | "maxExpansionRatio">): number {
  return Math.min(limits.maxFileBytes, Math.max(MIN_PLAINTEXT_ALLOWANCE, Math.floor(uploadedBytes * limits.maxExpansionRatio)));
}

/** An upload decrypted to more than its limit; the message is what the partner sees (docs/sftp.md, "Limits", says how the limit is set). */
export class PlaintextTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`decrypted file larger than ${limit} bytes, the most this upload may expand to: compress it less or split it`);
    this.name = "PlaintextTooLarge";
  }
}
