/** One byte range of an object: `length` bytes from `offset`. */
export type ByteRange = { offset: number; length: number };

/**
 * The one range a `Range: bytes=…` header asks of an object of `size` bytes
 * (RFC 9110 §14.1.2): `a-b`, `a-` or the suffix `-n`, clipped to the object.
 * Null for no header or one this server ignores (other units, several
 * ranges, malformed), which gets the whole object; "unsatisfiable" for a
 * range that starts past the end (416). Pure.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | "unsatisfiable" | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { offset: Math.max(0, size - suffix), length: Math.min(suffix, size) };
  }
  const first = Number(m[1]);
  const last = m[2] === "" ? Infinity : Number(m[2]);
  if (last < first) return null;
  if (first >= size) return "unsatisfiable";
  return { offset: first, length: Math.min(last, size - 1) - first + 1 };
}
