import { z } from "@hono/zod-openapi";
import { openDb } from "../../db/client";
import { findSftpCredentials, findSftpFile } from "../../db/sftp";
import { err, ok } from "../../domain/result";
import { normalizeSftpPath, pathRefusalMessage } from "../../domain/sftp-path";
import type { R2Location } from "../own-bucket";
import { SourceFormat, type SourceKind } from "../source-kind";

const SftpSource = z
  .object({
    kind: z.literal("sftp"),
    credentials_id: z.string().min(1).max(64),
    path: z.string().min(1).max(1024).openapi({ description: "Relative to the credentials' SFTP root, as the partner uploaded it" }),
    format: SourceFormat,
  })
  .openapi("SftpSource", {
    description: "A file a partner uploaded (PGP-encrypted) over SFTP with these credentials; read once decrypted. A missing or failed file is a 422.",
    example: { kind: "sftp", credentials_id: "sfc_7d2...", path: "orders.csv.pgp", format: "csv" },
  });

/** The path as stored: normalized, the one spelling the SFTP files table uses. */
const SftpStored = z.object({ kind: z.literal("sftp"), credentials_id: z.string(), path: z.string(), format: SourceFormat });

/**
 * A file a partner uploaded over SFTP, decrypted into this service's own
 * bucket by the sidecar. The object is pinned at creation: each upload has
 * its own key, so a later re-upload at the same path never changes what the
 * batch reads. Another project's credentials read as unknown ones.
 */
export const sftpSource = {
  request: SftpSource,
  stored: SftpStored,
  async resolve(source, ctx) {
    const path = normalizeSftpPath(source.path);
    if (!path.ok) return err({ field: "source.path", message: pathRefusalMessage(path.error) });
    const db = openDb(ctx.env.DB);
    const credentials = await findSftpCredentials(db, source.credentials_id);
    if (!credentials || credentials.projectId !== ctx.projectId) return err({ field: "source.credentials_id", message: "No SFTP credentials with this id in this project" });
    if (credentials.revokedAt) return err({ field: "source.credentials_id", message: `These SFTP credentials were revoked at ${credentials.revokedAt}` });
    const file = await findSftpFile(db, credentials.id, path.value);
    if (!file) return err({ field: "source.path", message: `No file was uploaded at ${path.value} with these credentials` });
    if (file.status === "failed") return err({ field: "source.path", message: `The upload at ${path.value} failed: ${file.error ?? "no reason recorded"}` });
    return ok({ source: { ...source, path: path.value }, input: { location: { type: "r2" as const, key: file.r2Key }, format: source.format } });
  },
} satisfies SourceKind<typeof SftpSource, typeof SftpStored, R2Location>;
