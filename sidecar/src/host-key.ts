import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateEd25519KeyPair } from "./ed25519";

/**
 * The server's host key: read from `keyPath`, or generated (ed25519) and written there (0600)
 * on first start, so a restart keeps the fingerprint partners have pinned.
 */
export function loadOrCreateHostKey(keyPath: string): Buffer {
  try {
    return readFileSync(keyPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  const { private: privateKey } = generateEd25519KeyPair("bulk-ops sftp sidecar");
  try {
    // "wx": if two processes race on first start, the first key written wins and both use it.
    writeFileSync(keyPath, privateKey, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  return readFileSync(keyPath);
}
