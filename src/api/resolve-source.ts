import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { openDb } from "../db/client";
import { findSftpCredentials, findSftpFile } from "../db/sftp";
import { normalizeSftpPath, pathRefusalMessage } from "../domain/sftp-path";
import type { CreateBatchInput } from "../durable/batch-record";
import { configOf } from "../config";
import type { AppEnv } from "../env";
import { checkS3Source, s3AccessFrom } from "../sources/s3-access";
import { checkFetchUrl } from "../sources/url-guard";
import { invalidField } from "./errors";
import type { BatchSource } from "./schemas";
import { findOwnUpload } from "./uploads";

const invalid = (field: string, message: string) => invalidField(field, message, "invalid_source");

/**
 * The R2 object of an SFTP upload, pinned at creation: each upload has its
 * own key, so a later re-upload at the same path never changes what this
 * batch reads. Another project's credentials read as unknown ones.
 */
async function findSftpObject(c: Context<AppEnv>, source: Extract<z.infer<typeof BatchSource>, { kind: "sftp" }>) {
  const path = normalizeSftpPath(source.path);
  if (!path.ok) throw invalid("source.path", pathRefusalMessage(path.error));
  const db = openDb(c.env.DB);
  const credentials = await findSftpCredentials(db, source.credentials_id);
  if (!credentials || credentials.projectId !== c.get("caller").projectId) {
    throw invalid("source.credentials_id", "No SFTP credentials with this id in this project");
  }
  if (credentials.revokedAt) throw invalid("source.credentials_id", `These SFTP credentials were revoked at ${credentials.revokedAt}`);
  const file = await findSftpFile(db, credentials.id, path.value);
  if (!file) throw invalid("source.path", `No file was uploaded at ${path.value} with these credentials`);
  if (file.status === "failed") throw invalid("source.path", `The upload at ${path.value} failed: ${file.error ?? "no reason recorded"}`);
  return { path: path.value, key: file.r2Key };
}

/**
 * What the batch keeps of its source and where ingestion will read it. A
 * signed URL of this service's own upload is read straight from R2; any
 * other URL must pass the fetch guard now, so a refused URL is a 422, not a
 * failed batch.
 */
export async function resolveSource(
  c: Context<AppEnv>,
  source: z.infer<typeof BatchSource>,
): Promise<Pick<CreateBatchInput, "source" | "input">> {
  switch (source.kind) {
    case "inline":
      return { source: { kind: "inline", row_count: source.rows.length }, input: { rows: source.rows } };
    case "signed_url": {
      const upload = await findOwnUpload(c, source.url);
      if (upload === "invalid") throw invalid("source.url", "This upload URL is invalid, expired, or belongs to another project");
      if (upload) {
        if (upload.format !== source.format) throw invalid("source.format", `The upload was declared as ${upload.format}`);
        return { source, input: { location: { type: "r2", key: upload.r2Key }, format: source.format } };
      }
      const checked = checkFetchUrl(source.url, { allowLoopback: configOf(c.env).ALLOW_LOOPBACK_FETCH });
      if (!checked.ok) throw invalid("source.url", checked.error.message);
      return { source, input: { location: { type: "http", url: source.url }, format: source.format } };
    }
    case "s3": {
      const access = checkS3Source(source, s3AccessFrom(c.env));
      if (!access.ok) throw invalid(access.error.field, access.error.message);
      return {
        source,
        input: { location: { type: "s3", bucket: source.bucket, key: source.key, assume_role_arn: source.assume_role_arn }, format: source.format },
      };
    }
    case "sftp": {
      const { path, key } = await findSftpObject(c, source);
      return { source: { ...source, path }, input: { location: { type: "r2", key }, format: source.format } };
    }
  }
}
