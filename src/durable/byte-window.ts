/** Reads a byte stream in windows: fill until at least `size` bytes (or the end), then consume from the front. */
export class ByteWindow {
  private buffer = new Uint8Array(0);
  private ended = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }

  async fill(size: number): Promise<{ bytes: Uint8Array; eof: boolean }> {
    const parts: Uint8Array[] = [this.buffer];
    let length = this.buffer.length;
    while (length < size && !this.ended) {
      const { value, done } = await this.reader.read();
      if (done) this.ended = true;
      else {
        parts.push(value);
        length += value.length;
      }
    }
    if (parts.length > 1) {
      this.buffer = new Uint8Array(length);
      let at = 0;
      for (const p of parts) {
        this.buffer.set(p, at);
        at += p.length;
      }
    }
    return { bytes: this.buffer, eof: this.ended };
  }

  consume(count: number): void {
    this.buffer = this.buffer.subarray(count);
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
