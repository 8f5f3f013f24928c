import type { sftpCredentials } from "../db/schema";
import { err, ok, type Result } from "../domain/result";
import { fingerprintSshKey, parseSshPublicKey } from "../domain/ssh-public-key";
import { newId, newSecret } from "../lib/ids";
import { seal } from "../lib/key-wrap";
import { hashPassword } from "../lib/password-hash";
import { generatePgpKeyPair, readPartnerPublicKey } from "../lib/pgp-keys";

/** What a partner asks for (validated by the API's schema first). */
export type SftpCredentialsRequest = { name: string; auth: "password" | "public_key"; public_key?: string; partner_pgp_public_key?: string };

/** A key the partner gave that cannot be used: the field, why, and a code. */
export type KeyRefusal = { field: "public_key" | "partner_pgp_public_key"; message: string; code: "invalid_ssh_public_key" | "invalid_pgp_public_key" };

/**
 * New credentials as stored, and the password to show once. Checks the
 * partner's keys first, then generates this credential's PGP keypair and
 * seals its private key under `kek` (SFTP_KEK).
 */
export async function issueSftpCredentials(
  kek: string,
  projectId: string,
  body: SftpCredentialsRequest,
): Promise<Result<{ row: typeof sftpCredentials.$inferSelect; password: string | null }, KeyRefusal>> {
  const id = newId("sfc");
  const username = newId("sftp");

  let ssh: { line: string; fingerprint: string } | null = null;
  if (body.auth === "public_key") {
    const parsed = parseSshPublicKey(body.public_key ?? "");
    if (!parsed.ok) return err({ field: "public_key", message: parsed.error, code: "invalid_ssh_public_key" });
    ssh = { line: parsed.value.line, fingerprint: await fingerprintSshKey(parsed.value.blob) };
  }
  let partner: { armored: string; fingerprint: string } | null = null;
  if (body.partner_pgp_public_key !== undefined) {
    const read = await readPartnerPublicKey(body.partner_pgp_public_key);
    if (!read.ok) return err({ field: "partner_pgp_public_key", message: read.error, code: "invalid_pgp_public_key" });
    partner = read.value;
  }

  const password = body.auth === "password" ? newSecret("pw") : null;
  const hashed = password === null ? null : await hashPassword(password);
  const pgp = await generatePgpKeyPair(`${body.name} (SFTP ${username})`);
  const sealed = await seal(kek, pgp.privateKey, id);
  const row = {
    id,
    projectId,
    name: body.name,
    username,
    auth: body.auth,
    passwordHash: hashed?.hash ?? null,
    passwordSalt: hashed?.salt ?? null,
    passwordIterations: hashed?.iterations ?? null,
    sshPublicKey: ssh?.line ?? null,
    sshPublicKeyFingerprint: ssh?.fingerprint ?? null,
    pgpPublicKey: pgp.publicKey,
    pgpPrivateKeyIv: sealed.iv,
    pgpPrivateKeyCiphertext: sealed.ciphertext,
    partnerPgpPublicKey: partner?.armored ?? null,
    partnerPgpPublicKeyFingerprint: partner?.fingerprint ?? null,
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  return ok({ row, password });
}
