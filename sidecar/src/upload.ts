import type { UploadLimits } from "./limits";
import { SpoolFile } from "./spool";
import type { SpoolQuota } from "./spool-quota";
import { checkWrite } from "./write-check";

/** A write a limit refused; `message` is what the client is told (SFTP FAILURE). */
export type Refusal = { reason: string; message: string };

export type UploadOwner = {
  credentialsId: string;
  quota: SpoolQuota;
  limits: Pick<UploadLimits, "maxFileBytes" | "maxWriteGapBytes">;
};

/**
 * One file being uploaded: its spool file and the spool quota it holds. Every byte that extends
 * the file is taken from its credential's quota before it is written and given back, all at
 * once, when the spool file is dropped; a write a limit refuses leaves the upload incomplete,
 * so it is remembered and the upload can only fail.
 */
export class Upload {
  readonly openedAt = Date.now();
  #refused: Refusal | null = null;
  #dropped = false;

  private constructor(
    readonly path: string,
    private readonly spool: SpoolFile,
    private readonly owner: UploadOwner,
  ) {}

  static async open(spoolDir: string, path: string, owner: UploadOwner): Promise<Upload> {
    return new Upload(path, await SpoolFile.create(spoolDir), owner);
  }

  /** Bytes received: the end of the furthest write. */
  get size(): number {
    return this.spool.size;
  }

  get spoolPath(): string {
    return this.spool.path;
  }

  /** Why a write was refused, if one was. */
  get refused(): Refusal | null {
    return this.#refused;
  }

  /** Writes `data` at `offset` (resolves once on disk), or refuses it, and every later write, with the reason. */
  write(offset: number, data: Uint8Array): Refusal | Promise<void> {
    if (this.#refused) return this.#refused;
    const growth = offset + data.length - this.spool.size;
    const refusal = checkWrite({ offset, length: data.length }, this.spool.size, this.owner.limits) ?? (growth > 0 ? this.owner.quota.reserve(this.owner.credentialsId, growth) : null);
    if (refusal) return (this.#refused = refusal);
    return this.spool.write(offset, data);
  }

  /** Waits for every write and closes the spool file; rejects if a write failed. */
  finish(): Promise<void> {
    return this.spool.finish();
  }

  /** Deletes the spool file and gives its bytes back to the quota; later calls do nothing. */
  async drop(): Promise<void> {
    if (this.#dropped) return;
    this.#dropped = true;
    this.owner.quota.release(this.owner.credentialsId, this.spool.size);
    await this.spool.discard();
  }
}
