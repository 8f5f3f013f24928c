import { decodeBase64, encodeBase64 } from "../domain/base64";

/** A secret sealed with AES-256-GCM: base64 IV and ciphertext (with its tag). */
export type Sealed = { iv: string; ciphertext: string };

/** The key-encryption key from its base64 form; throws unless it is exactly 32 bytes. */
async function importKek(kekBase64: string): Promise<CryptoKey> {
  const raw = decodeBase64(kekBase64.trim());
  if (!raw || raw.byteLength !== 32) throw new Error("SFTP_KEK must be the base64 of 32 random bytes");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/**
 * Seals `plaintext` under the KEK. `context` (e.g. the owning row's id) is
 * authenticated but not stored: opening needs the same context, so a sealed
 * value copied to another row does not open.
 */
export async function seal(kekBase64: string, plaintext: string, context: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await importKek(kekBase64),
    new TextEncoder().encode(plaintext),
  );
  return { iv: encodeBase64(iv), ciphertext: encodeBase64(new Uint8Array(ciphertext)) };
}

/** Opens what `seal` made; throws when the key, context or ciphertext do not match. */
export async function unseal(kekBase64: string, sealed: Sealed, context: string): Promise<string> {
  const iv = decodeBase64(sealed.iv);
  const ciphertext = decodeBase64(sealed.ciphertext);
  if (!iv || !ciphertext) throw new Error("Sealed value is not base64");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(context) },
    await importKek(kekBase64),
    ciphertext,
  );
  return new TextDecoder().decode(plain);
}
