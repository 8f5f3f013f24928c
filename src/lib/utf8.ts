const encoder = new TextEncoder();

/** UTF-8 bytes of `text`, without encoding it when its length alone tells (ASCII-only text is common). */
export function utf8Length(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}

/** Whether `text` fits in `max` UTF-8 bytes; encodes it only when its length alone cannot tell. */
export function utf8BytesAtMost(text: string, max: number): boolean {
  if (text.length > max) return false;
  // A UTF-16 code unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= max) return true;
  return encoder.encode(text).byteLength <= max;
}
