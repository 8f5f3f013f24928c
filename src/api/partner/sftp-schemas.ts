import { z } from "@hono/zod-openapi";
import type { SftpCredentialsRow, SftpFileRow } from "../../db/sftp";
import type { Bindings } from "../../env";

export const SftpAuth = z.enum(["password", "public_key"]);

export const CreateSftpCredentialsBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    auth: SftpAuth,
    public_key: z.string().max(16_384).optional().openapi({ description: "With auth public_key: one OpenSSH public key line (ed25519, ECDSA, or RSA ≥ 2048 bits)" }),
    partner_pgp_public_key: z
      .string()
      .max(65_536)
      .optional()
      .openapi({ description: "The partner's armored PGP public key: when set, uploads must be signed by it" }),
  })
  .superRefine((body, ctx) => {
    if (body.auth === "public_key" && !body.public_key) ctx.addIssue({ code: "custom", path: ["public_key"], message: "Required with auth public_key" });
    if (body.auth === "password" && body.public_key) ctx.addIssue({ code: "custom", path: ["public_key"], message: "Only for auth public_key" });
  })
  .openapi("CreateSftpCredentialsRequest", { example: { name: "Acme orders feed", auth: "public_key", public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... partner@acme" } });

export const SftpCredentials = z
  .object({
    id: z.string().openapi({ example: "sfc_7d2..." }),
    name: z.string(),
    username: z.string(),
    auth: SftpAuth,
    password: z.string().optional().openapi({ description: "Only in the response that created the credentials; never shown again" }),
    public_key_fingerprint: z.string().nullable().openapi({ example: "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s" }),
    host: z.string(),
    port: z.number().int(),
    pgp_public_key: z.string().openapi({ description: "Armored PGP public key generated for these credentials: partners encrypt uploads to it" }),
    partner_pgp_public_key_fingerprint: z.string().nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("SftpCredentials");

export const SftpCredentialsList = z.object({ data: z.array(SftpCredentials), next_cursor: z.string().nullable() }).openapi("SftpCredentialsList");

export const SftpFile = z
  .object({
    path: z.string(),
    size: z.number().int().nullable().openapi({ description: "Plaintext bytes; null when the upload failed" }),
    sha256: z.string().nullable(),
    status: z.enum(["ready", "failed"]),
    error: z.string().nullable().openapi({ description: "Why a failed upload failed (decryption, signature, ...)" }),
    uploaded_at: z.string(),
  })
  .openapi("SftpFile");

export function renderSftpCredentials(row: SftpCredentialsRow, env: Bindings): z.infer<typeof SftpCredentials> {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    auth: row.auth,
    public_key_fingerprint: row.sshPublicKeyFingerprint,
    host: env.SFTP_HOST || "localhost",
    port: Number(env.SFTP_PORT || "2222"),
    pgp_public_key: row.pgpPublicKey,
    partner_pgp_public_key_fingerprint: row.partnerPgpPublicKeyFingerprint,
    created_at: row.createdAt,
    revoked_at: row.revokedAt,
  };
}

export function renderSftpFile(row: SftpFileRow): z.infer<typeof SftpFile> {
  return { path: row.path, size: row.size, sha256: row.sha256, status: row.status, error: row.error, uploaded_at: row.uploadedAt };
}
