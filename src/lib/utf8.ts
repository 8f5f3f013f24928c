const encoder = new TextEncoder();

/** UTF-8 bytes of `text`, without encoding it when its length alone tells (ASCII-only text is common). */
export function utf8Length(text: string): number {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}
