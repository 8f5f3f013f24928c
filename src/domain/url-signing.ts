/** HMAC-SHA256 of `message` under `secret`, lowercase hex. */
async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const message = (method: string, path: string, expires: number) => `${method.toUpperCase()}\n${path}\n${expires}`;

/** Query parameters that let `method` on `path` through until `expires` (unix seconds). */
export async function signPath(secret: string, method: string, path: string, expires: number): Promise<string> {
  return `expires=${expires}&signature=${await hmacHex(secret, message(method, path, expires))}`;
}

export type SignatureCheck = "valid" | "expired" | "invalid";

/** Checks a signed path at time `nowSeconds`, comparing in constant time. */
export async function verifyPath(
  secret: string,
  method: string,
  path: string,
  query: { expires?: string; signature?: string },
  nowSeconds: number,
): Promise<SignatureCheck> {
  const expires = Number(query.expires);
  if (!Number.isInteger(expires) || !query.signature) return "invalid";
  const expected = await hmacHex(secret, message(method, path, expires));
  let diff = expected.length ^ query.signature.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ (query.signature.charCodeAt(i) || 0);
  if (diff !== 0) return "invalid";
  return expires < nowSeconds ? "expired" : "valid";
}
