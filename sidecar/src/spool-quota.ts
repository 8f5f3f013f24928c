import type { UploadLimits } from "./limits";

/** A write the quota has no room for; `message` is what the client is told (SFTP FAILURE). */
export type SpoolRefusal = { reason: "credential_full" | "spool_full"; message: string };

/**
 * Spool disk in use, per credential and in total, in bytes: each upload's data from its first
 * write until its spool file is deleted (after decryption, or when the client goes away), so
 * closed files waiting for an upload slot count too. Accounting only, no I/O.
 */
export class SpoolQuota {
  #byCredential = new Map<string, number>();
  #total = 0;

  constructor(private readonly limits: Pick<UploadLimits, "spoolBytes" | "spoolBytesPerCredential">) {}

  /** Takes `bytes` for `credentialsId`; takes nothing and says which bound it would cross when it would. */
  reserve(credentialsId: string, bytes: number): SpoolRefusal | null {
    const held = this.#byCredential.get(credentialsId) ?? 0;
    if (held + bytes > this.limits.spoolBytesPerCredential) {
      return { reason: "credential_full", message: `quota exceeded: your uploads in progress may hold at most ${this.limits.spoolBytesPerCredential} bytes on the server; wait for them to finish` };
    }
    if (this.#total + bytes > this.limits.spoolBytes) return { reason: "spool_full", message: "quota exceeded: the server's upload space is full; try again later" };
    this.#byCredential.set(credentialsId, held + bytes);
    this.#total += bytes;
    return null;
  }

  /** Gives back `bytes` reserved for `credentialsId`. */
  release(credentialsId: string, bytes: number): void {
    const left = (this.#byCredential.get(credentialsId) ?? 0) - bytes;
    if (left > 0) this.#byCredential.set(credentialsId, left);
    else this.#byCredential.delete(credentialsId);
    this.#total -= bytes;
  }

  /** Bytes held by `credentialsId`, or by everyone. */
  used(credentialsId?: string): number {
    return credentialsId === undefined ? this.#total : (this.#byCredential.get(credentialsId) ?? 0);
  }
}
