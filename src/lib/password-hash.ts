import { decodeBase64, encodeBase64 } from "../domain/base64";
import { bytesEqual } from "../domain/constant-time";

/** Workers refuse PBKDF2 above 100,000 iterations, so that is the cost we can pay. */
export const PASSWORD_ITERATIONS = 100_000;

/** What is stored for a password: PBKDF2-SHA256 output and salt (base64), and the iteration count. */
export type PasswordHash = { hash: string; salt: string; iterations: number };

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256));
}

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { hash: encodeBase64(await derive(password, salt, iterations)), salt: encodeBase64(salt), iterations };
}

/** Re-derives with the stored salt and iterations and compares in constant time. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const salt = decodeBase64(stored.salt);
  const expected = decodeBase64(stored.hash);
  if (!salt || !expected) return false;
  return bytesEqual(await derive(password, salt, stored.iterations), expected);
}
