import type { Bindings } from "../../env";
import { ApiError } from "./errors";

/** The key-encryption key for SFTP credentials' PGP private keys, or 503: without it none could be stored or opened. */
export function requireKek(env: Bindings): string {
  if (!env.SFTP_KEK) throw new ApiError(503, "sftp_disabled", "SFTP needs SFTP_KEK (the key-encryption key) to be configured");
  return env.SFTP_KEK;
}
