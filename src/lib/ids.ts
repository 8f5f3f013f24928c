/** A random id with a type prefix, e.g. `prj_3k9...`; 128 bits of entropy. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase32(26)}`;
}

/** A high-entropy secret (API keys, signing secrets). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBase32(52)}`;
}

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function randomBase32(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}
