import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { projects } from "./tenants";

/**
 * Logins to the SFTP sidecar, one per partner feed. Secrets are never stored
 * in plain text: the password as PBKDF2-SHA256 (salt and iterations beside
 * it), the PGP private key as AES-GCM under SFTP_KEK (the credential id is
 * the associated data, so a ciphertext cannot be moved to another row).
 */
export const sftpCredentials = sqliteTable(
  "sftp_credentials",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    username: text("username").notNull(),
    auth: text("auth", { enum: ["password", "public_key"] }).notNull(),
    /** base64 PBKDF2-SHA256 output; null for public-key credentials */
    passwordHash: text("password_hash"),
    passwordSalt: text("password_salt"),
    passwordIterations: integer("password_iterations"),
    /** the registered OpenSSH public key line (`type base64`, no comment) */
    sshPublicKey: text("ssh_public_key"),
    /** `SHA256:<unpadded base64>` of the key blob, as `ssh-keygen -l` prints it */
    sshPublicKeyFingerprint: text("ssh_public_key_fingerprint"),
    pgpPublicKey: text("pgp_public_key").notNull(),
    /** base64 AES-GCM IV and ciphertext of the armored private key */
    pgpPrivateKeyIv: text("pgp_private_key_iv").notNull(),
    pgpPrivateKeyCiphertext: text("pgp_private_key_ciphertext").notNull(),
    /** the partner's own key, when uploads must be signed by it */
    partnerPgpPublicKey: text("partner_pgp_public_key"),
    partnerPgpPublicKeyFingerprint: text("partner_pgp_public_key_fingerprint"),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("sftp_credentials_username").on(t.username), index("sftp_credentials_project_list").on(t.projectId, t.createdAt, t.id)],
);

/** The latest upload at each path of a credential's root; the plaintext lives in R2 under `r2Key`. */
export const sftpFiles = sqliteTable(
  "sftp_files",
  {
    id: text("id").primaryKey(),
    credentialsId: text("credentials_id").notNull().references(() => sftpCredentials.id),
    path: text("path").notNull(),
    r2Key: text("r2_key").notNull(),
    /** plaintext bytes; null when the upload failed */
    size: integer("size"),
    /** lowercase hex SHA-256 of the plaintext, as the sidecar computed it */
    sha256: text("sha256"),
    status: text("status", { enum: ["ready", "failed"] }).notNull(),
    /** why a failed upload failed (decryption, signature, ...) */
    error: text("error"),
    uploadedAt: text("uploaded_at").notNull(),
  },
  (t) => [uniqueIndex("sftp_files_credentials_path").on(t.credentialsId, t.path)],
);
