/** Why a file could not be decrypted; the message is what the partner and the platform see. */
export type PgpFailureReason = "not_encrypted_to_key" | "signature_failed" | "not_openpgp" | "corrupt";

const MESSAGES: Record<PgpFailureReason, string> = {
  not_encrypted_to_key: "not encrypted to this credential's key",
  signature_failed: "signature verification failed",
  not_openpgp: "not an OpenPGP message",
  corrupt: "the OpenPGP message is damaged (integrity check failed)",
};

/** An expected decryption failure with a reason a partner can act on. */
export class PgpError extends Error {
  constructor(
    readonly reason: PgpFailureReason,
    readonly detail?: string,
  ) {
    super(MESSAGES[reason]);
    this.name = "PgpError";
  }
}
