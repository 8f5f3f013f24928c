/**
 * The open handles of one SFTP session: 4-byte ids the client echoes back, mapped to what they
 * stand for, at most `max` at once (each open file is a spool file and a descriptor). Opening
 * takes a round trip (the spool file, the Worker's listing), so a place is kept for it first:
 * requests pipelined before the first answer cannot exceed the cap.
 */
export class HandleTable<T> {
  #entries = new Map<number, T>();
  #next = 1;
  #kept = 0;

  constructor(readonly max: number) {}

  /** Keeps a place for a handle about to be opened; false when the session holds `max` already. */
  keepPlace(): boolean {
    if (this.#entries.size + this.#kept >= this.max) return false;
    this.#kept++;
    return true;
  }

  /** Gives back a place kept by keepPlace(), whether the open succeeded (add came first) or not. */
  returnPlace(): void {
    this.#kept--;
  }

  add(value: T): Buffer {
    const id = this.#next++;
    this.#entries.set(id, value);
    const handle = Buffer.alloc(4);
    handle.writeUInt32BE(id);
    return handle;
  }

  get(handle: Buffer): T | undefined {
    return handle.length === 4 ? this.#entries.get(handle.readUInt32BE(0)) : undefined;
  }

  delete(handle: Buffer): void {
    if (handle.length === 4) this.#entries.delete(handle.readUInt32BE(0));
  }

  values(): IterableIterator<T> {
    return this.#entries.values();
  }

  clear(): void {
    this.#entries.clear();
  }
}
