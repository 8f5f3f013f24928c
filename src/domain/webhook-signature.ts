import { decodeBase64, encodeBase64 } from "./base64";

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the
 * secret is `whsec_` + base64 key bytes; a message is signed as
 * `v1,` + base64 HMAC-SHA256 over `{id}.{timestamp}.{body}`, so receivers
 * verify with any Standard Webhooks library.
 */
const PREFIX = "whsec_";

/** A new endpoint secret: 32 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + encodeBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export function isWebhookSecret(secret: string): boolean {
  return secret.startsWith(PREFIX) && (decodeBase64(secret.slice(PREFIX.length))?.byteLength ?? 0) > 0;
}

/** The `webhook-signature` header's value for one message. */
export async function signWebhook(secret: string, message: { id: string; timestamp: number; body: string }): Promise<string> {
  const keyBytes = decodeBase64(secret.slice(PREFIX.length));
  if (!secret.startsWith(PREFIX) || !keyBytes) throw new Error("A webhook secret is whsec_ followed by base64");
  const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${message.id}.${message.timestamp}.${message.body}`));
  return `v1,${encodeBase64(new Uint8Array(mac))}`;
}
