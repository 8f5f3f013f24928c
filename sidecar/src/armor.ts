import { PgpError } from "./pgp-error";

/**
 * Longest armor line accepted, in bytes. Armor lines are at most 76 characters (RFC 9580) and
 * headers a little longer; a longer line is not armor, and waiting for its end is what let a
 * file of one endless line fill the memory.
 */
export const MAX_ARMOR_LINE_BYTES = 8 * 1024;
/** Text before the data (anything before the BEGIN line, BEGIN, headers, blank line), in bytes. */
export const MAX_ARMOR_HEAD_BYTES = 64 * 1024;

const BEGIN = "-----BEGIN PGP MESSAGE-----";
const END = "-----END PGP MESSAGE-----";
const DATA_LINE = /^[A-Za-z0-9+/]*(={0,2})$/;
// The optional CRC-24 line; RFC 9580 has receivers ignore it (the message's own integrity check counts).
const CHECKSUM_LINE = /^=[A-Za-z0-9+/]{4}$/;
const EMPTY = new Uint8Array(0);

type State = "head" | "headers" | "data" | "after_data" | "done";

const notArmor = (detail: string) => new PgpError("not_openpgp", detail);

/**
 * Reads an ASCII-armored OpenPGP message line by line, never holding more than one line, and
 * gives its binary packets. openpgp.js's own reader waits for a line's end however far away,
 * and reads the whole rest of the file into one string once the data shows an "=" or "-".
 * Pure: push chunks in, take bytes out; throws PgpError("not_openpgp") for anything else.
 */
export class ArmorDecoder {
  #state: State = "head";
  #line = "";
  #headBytes = 0;
  // Base64 characters not yet a whole group of four, and how many the data has had in all.
  #pending = "";
  #dataChars = 0;

  /** The END line has been read; anything after it is not part of the message. */
  get done(): boolean {
    return this.#state === "done";
  }

  /** Takes the next bytes of the file; returns the binary data of the lines they complete. */
  push(chunk: Uint8Array): Uint8Array {
    if (this.done) return EMPTY;
    const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString("latin1");
    let data = "";
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1 && !this.done; newline = text.indexOf("\n", start)) {
      data += this.#takeLine(this.#line + text.slice(start, newline));
      this.#line = "";
      start = newline + 1;
    }
    if (!this.done) this.#line = checkLength(this.#line + text.slice(start));
    return this.#decode(data);
  }

  /** The file ended: gives the last line's data, or throws when the END line never came. */
  end(): Uint8Array {
    const data = this.done || this.#line === "" ? "" : this.#takeLine(this.#line);
    if (!this.done) throw notArmor(this.#state === "head" ? "no armor BEGIN line" : "armor without its END line");
    return this.#decode(data);
  }

  #takeLine(raw: string): string {
    const line = checkLength(raw).replace(/\s+$/, "");
    switch (this.#state) {
      case "head":
        this.#countHead(raw);
        if (line === BEGIN) this.#state = "headers";
        else if (line.startsWith("-----BEGIN ")) throw notArmor("armor of another kind than PGP MESSAGE");
        return "";
      case "headers":
        this.#countHead(raw);
        if (line === "") this.#state = "data";
        else if (line.startsWith("-----")) throw notArmor("armor headers without the blank line after them");
        return "";
      case "data": {
        if (line === END) return this.#finish();
        if (CHECKSUM_LINE.test(line)) return ((this.#state = "after_data"), "");
        const match = DATA_LINE.exec(line);
        if (!match) throw notArmor("armor line that is not base64");
        // Padding ends the data: only the checksum and END may follow.
        if (match[1]) this.#state = "after_data";
        this.#dataChars += line.length;
        return line;
      }
      case "after_data":
        if (line === END) return this.#finish();
        if (line === "" || CHECKSUM_LINE.test(line)) return "";
        throw notArmor("armor data after its end");
      case "done":
        return "";
    }
  }

  #finish(): string {
    if (this.#dataChars % 4 !== 0) throw notArmor("armor data cut short");
    this.#state = "done";
    return "";
  }

  #countHead(raw: string): void {
    this.#headBytes += raw.length + 1;
    if (this.#headBytes > MAX_ARMOR_HEAD_BYTES) throw notArmor(`no armor data in the first ${MAX_ARMOR_HEAD_BYTES} bytes`);
  }

  #decode(data: string): Uint8Array {
    const text = this.#pending + data;
    const whole = text.length - (text.length % 4);
    this.#pending = text.slice(whole);
    return whole === 0 ? EMPTY : Buffer.from(text.slice(0, whole), "base64");
  }
}

function checkLength(line: string): string {
  if (line.length > MAX_ARMOR_LINE_BYTES) throw notArmor(`armor line longer than ${MAX_ARMOR_LINE_BYTES} bytes`);
  return line;
}

/**
 * An armored message as a stream of its binary packets (see ArmorDecoder). Stops reading the
 * input at the END line; errors with PgpError("not_openpgp") as soon as the text is not armor.
 */
export function dearmor(input: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new ArmorDecoder();
  const reader = input.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const next = await reader.read();
            const bytes = next.done ? decoder.end() : decoder.push(next.value);
            if (bytes.length > 0) controller.enqueue(bytes);
            if (decoder.done) {
              controller.close();
              if (!next.done) await reader.cancel();
              return;
            }
            if (bytes.length > 0) return;
          }
        } catch (e) {
          await reader.cancel(e).catch(() => {});
          throw e;
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
