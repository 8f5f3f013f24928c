import type { z } from "@hono/zod-openapi";
import type { sftpCredentials } from "../../db/schema";
import { fingerprintSshKey, parseSshPublicKey } from "../../domain/ssh-public-key";
import type { Bindings } from "../../env";
import { newId, newSecret } from "../../lib/ids";
import { seal } from "../../lib/key-wrap";
import { hashPassword } from "../../lib/password-hash";
import { generatePgpKeyPair, readPartnerPublicKey } from "../../lib/pgp-keys";
import { ApiError, invalidField } from "../http/errors";
import type { CreateSftpCredentialsBody } from "./sftp-schemas";

/** The key-encryption key, or 503: without it no private key could be stored safely. */
export function requireKek(env: Bindings): string {
  if (!env.SFTP_KEK) throw new ApiError(503, "sftp_disabled", "SFTP needs SFTP_KEK (the key-encryption key) to be configured");
  return env.SFTP_KEK;
}

/**
 * New credentials as stored, and the password to show once. Checks the
 * partner's keys first (422 naming the field), then generates this
 * credential's PGP keypair and seals its private key under SFTP_KEK.
 */
export async function issueSftpCredentials(
  env: Bindings,
  projectId: string,
  body: z.infer<typeof CreateSftpCredentialsBody>,
): Promise<{ row: typeof sftpCredentials.$inferSelect; password: string | null }> {
  const kek = requireKek(env);
  const id = newId("sfc");
  const username = newId("sftp");

  let ssh: { line: string; fingerprint: string } | null = null;
  if (body.auth === "public_key") {
    const parsed = parseSshPublicKey(body.public_key ?? "");
    if (!parsed.ok) throw invalidField("public_key", parsed.error, "invalid_ssh_public_key");
    ssh = { line: parsed.value.line, fingerprint: await fingerprintSshKey(parsed.value.blob) };
  }
  let partner: { armored: string; fingerprint: string } | null = null;
  if (body.partner_pgp_public_key !== undefined) {
    const read = await readPartnerPublicKey(body.partner_pgp_public_key);
    if (!read.ok) throw invalidField("partner_pgp_public_key", read.error, "invalid_pgp_public_key");
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
  return { row, password };
}
