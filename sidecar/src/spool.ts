import { randomUUID } from "node:crypto";
import { mkdir, open, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";

/**
 * One upload on local disk while it arrives. SFTP clients pipeline many WRITEs, each with its
 * own offset and possibly out of order, so bytes go to their position in a file, not a stream.
 */
export class SpoolFile {
  #pending = new Set<Promise<unknown>>();
  #failed: unknown = null;
  /** One past the highest byte written so far. */
  size = 0;

  private constructor(
    readonly path: string,
    readonly handle: FileHandle,
  ) {}

  /** Creates an empty spool file (0600, a fresh random name) under `dir`. */
  static async create(dir: string): Promise<SpoolFile> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${randomUUID()}.spool`);
    return new SpoolFile(file, await open(file, "wx", 0o600));
  }

  /** Writes `data` at `offset`; resolves when it is on disk. */
  write(offset: number, data: Uint8Array): Promise<void> {
    const done = this.#writeAll(offset, data);
    this.#pending.add(done);
    void done.then(
      () => this.#pending.delete(done),
      (e) => {
        this.#pending.delete(done);
        this.#failed ??= e;
      },
    );
    this.size = Math.max(this.size, offset + data.length);
    return done;
  }

  /** Waits for every write, then closes; rejects if any write failed. */
  async finish(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await this.handle.close();
    if (this.#failed) throw this.#failed;
  }

  /** Closes (if open) and deletes the file; never throws. */
  async discard(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
    await this.handle.close().catch(() => {});
    await rm(this.path, { force: true }).catch(() => {});
  }

  async #writeAll(offset: number, data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  }
}
