import type { Algorithms } from "ssh2";

/**
 * Modern algorithms only: no SHA-1 anywhere, no CBC, no plain (non-etm) MACs, no finite-field DH.
 * OpenSSH ≥ 7.4, FileZilla, WinSCP and ssh2 clients all negotiate within this set.
 */
export const SERVER_ALGORITHMS = {
  kex: ["curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521"],
  serverHostKey: ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"],
  cipher: ["chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com"],
  // AEAD ciphers carry their own MAC; these apply only if a client picked a non-AEAD cipher,
  // which the list above does not offer, but ssh2 still needs a non-empty list.
  hmac: ["hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com"],
  compress: ["none"],
} satisfies Algorithms;

/** Client key types accepted for public-key login (ssh-rsa only with a SHA-2 signature). */
export const CLIENT_KEY_TYPES = new Set(["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"]);

/** RSA signatures must use SHA-2 (rsa-sha2-256/512); ssh-rsa with SHA-1 is refused. */
export function isAcceptedSignature(keyAlgo: string, hashAlgo: string | undefined): boolean {
  if (!CLIENT_KEY_TYPES.has(keyAlgo)) return false;
  return keyAlgo !== "ssh-rsa" || hashAlgo === "sha256" || hashAlgo === "sha512";
}
