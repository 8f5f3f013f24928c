import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { openDb } from "../../db/client";
import { recordSftpFile, type SftpCredentialsRow } from "../../db/sftp";
import { normalizeSftpPath, pathRefusalMessage } from "../../domain/sftp-path";
import type { AppEnv } from "../../env";
import { newId } from "../../lib/ids";
import { logEvent } from "../../lib/log";
import { decodeOpaque, encodeCursor } from "../http/cursor";
import { ApiError, invalidField, notFound, onValidationFailure } from "../http/errors";
import { loadLiveSftpCredentials } from "../partner/live-sftp-credentials";
import { json, pick } from "../http/responses";
import { SftpFile, renderSftpFile } from "../partner/sftp-schemas";

/**
 * The sidecar streams each decrypted upload into R2 as a multipart upload
 * through these routes (docs/sftp.md). Every upload gets its own R2 key, so
 * a re-upload at a path never changes the bytes a running batch reads; the
 * file record at the path moves to the new upload when it completes or fails.
 */
export const internalSftpUploadRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });


/** What an `upload_id` carries: stateless, so no table of pending uploads is needed. */
const UploadRef = z.object({ credentials_id: z.string(), file_id: z.string(), path: z.string(), r2_upload_id: z.string() });
type UploadRef = z.infer<typeof UploadRef>;

const r2KeyFor = (credentials: SftpCredentialsRow, ref: Pick<UploadRef, "file_id" | "path">) =>
  `sftp/${credentials.projectId}/${credentials.id}/${ref.file_id}/${ref.path}`;

function normalizedPath(raw: string): string {
  const path = normalizeSftpPath(raw);
  if (!path.ok) throw invalidField("path", pathRefusalMessage(path.error), "invalid_path");
  return path.value;
}

/** The live credentials and the upload `uploadId` names under them; 404 for anything else. */
async function loadUpload(c: Context<AppEnv>, credentialsId: string, uploadId: string) {
  const credentials = await loadLiveSftpCredentials(c, credentialsId);
  const ref = decodeOpaque(UploadRef, uploadId);
  if (!ref || ref.credentials_id !== credentials.id) throw notFound("Upload");
  const key = r2KeyFor(credentials, ref);
  return { credentials, ref, key, multipart: c.env.BUCKET.resumeMultipartUpload(key, ref.r2_upload_id) };
}

const UploadParams = z.object({ id: z.string(), upload_id: z.string() });

const start = createRoute({
  method: "post",
  path: "/credentials/{id}/uploads",
  hide: true,
  request: { params: z.object({ id: z.string() }), body: { required: true, content: { "application/json": { schema: z.object({ path: z.string().max(4096) }) } } } },
  responses: { 201: json(z.object({ upload_id: z.string() }), "Multipart upload started"), ...pick(401, 404, 422) },
});

internalSftpUploadRoutes.openapi(start, async (c) => {
  const credentials = await loadLiveSftpCredentials(c, c.req.valid("param").id);
  const path = normalizedPath(c.req.valid("json").path);
  const fileId = newId("sff");
  const multipart = await c.env.BUCKET.createMultipartUpload(r2KeyFor(credentials, { file_id: fileId, path }), {
    customMetadata: { credentials_id: credentials.id, path },
  });
  const ref: UploadRef = { credentials_id: credentials.id, file_id: fileId, path, r2_upload_id: multipart.uploadId };
  logEvent("sftp.upload_started", { request_id: c.get("requestId"), credentials_id: credentials.id, file_id: fileId });
  return c.json({ upload_id: encodeCursor(ref) }, 201);
});

/** R2's limit on part numbers. */
const MAX_PARTS = 10_000;

// Part bodies stream straight into R2; the route is plain Hono so the body is never parsed.
internalSftpUploadRoutes.put("/credentials/:id/uploads/:upload_id/parts/:n", async (c) => {
  const n = Number(c.req.param("n"));
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARTS) throw invalidField("n", `Part numbers run from 1 to ${MAX_PARTS}`, "invalid_part_number");
  const { multipart } = await loadUpload(c, c.req.param("id"), c.req.param("upload_id"));
  const length = Number(c.req.header("Content-Length"));
  if (!c.req.raw.body || !Number.isFinite(length)) throw new ApiError(411 as 400, "length_required", "Send Content-Length with each part");
  let part: R2UploadedPart;
  try {
    part = await multipart.uploadPart(n, c.req.raw.body);
  } catch (e) {
    // The upload is no longer in progress in R2 (completed, aborted) or never was.
    throw new ApiError(409, "upload_not_in_progress", `R2 refused the part: ${e instanceof Error ? e.message : String(e)}`);
  }
  return c.json({ etag: part.etag }, 200);
});

const complete = createRoute({
  method: "post",
  path: "/credentials/{id}/uploads/{upload_id}/complete",
  hide: true,
  request: {
    params: UploadParams,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            path: z.string().max(4096),
            parts: z.array(z.object({ part_number: z.number().int().min(1).max(MAX_PARTS), etag: z.string() })).min(1).max(MAX_PARTS),
            size: z.number().int().nonnegative(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/, "Lowercase hex SHA-256"),
          }),
        },
      },
    },
  },
  responses: { 200: json(SftpFile, "The file, ready"), ...pick(401, 404, 422) },
});

internalSftpUploadRoutes.openapi(complete, async (c) => {
  const { id, upload_id } = c.req.valid("param");
  const body = c.req.valid("json");
  const { credentials, ref, key, multipart } = await loadUpload(c, id, upload_id);
  if (normalizedPath(body.path) !== ref.path) throw invalidField("path", `This upload is for ${ref.path}`, "path_mismatch");
  let object: R2Object;
  try {
    object = await multipart.complete(body.parts.map((p) => ({ partNumber: p.part_number, etag: p.etag })));
  } catch (e) {
    // R2 refuses unknown etags, parts under 5 MiB but the last, and finished uploads.
    throw invalidField("parts", `R2 refused to complete the upload: ${e instanceof Error ? e.message : String(e)}`, "multipart_refused");
  }
  if (object.size !== body.size) {
    await c.env.BUCKET.delete(key);
    throw invalidField("size", `The parts add up to ${object.size} bytes, not ${body.size}`, "size_mismatch");
  }
  const file = await recordSftpFile(openDb(c.env.DB), {
    id: ref.file_id, credentialsId: credentials.id, path: ref.path, r2Key: key, size: object.size, sha256: body.sha256, status: "ready", error: null, uploadedAt: new Date().toISOString(),
  });
  logEvent("sftp.upload_completed", { request_id: c.get("requestId"), credentials_id: credentials.id, file_id: ref.file_id, bytes: object.size });
  return c.json(renderSftpFile(file), 200);
});

const abort = createRoute({
  method: "post",
  path: "/credentials/{id}/uploads/{upload_id}/abort",
  hide: true,
  request: {
    params: UploadParams,
    body: { required: true, content: { "application/json": { schema: z.object({ path: z.string().max(4096), error: z.string().min(1).max(2000) }) } } },
  },
  responses: { 200: json(SftpFile, "The file, failed with its reason"), ...pick(401, 404, 422) },
});

internalSftpUploadRoutes.openapi(abort, async (c) => {
  const { id, upload_id } = c.req.valid("param");
  const body = c.req.valid("json");
  const { credentials, ref, key, multipart } = await loadUpload(c, id, upload_id);
  if (normalizedPath(body.path) !== ref.path) throw invalidField("path", `This upload is for ${ref.path}`, "path_mismatch");
  try {
    await multipart.abort();
  } catch {
    // Already aborted or never received a part: either way nothing is left to clean up.
  }
  const file = await recordSftpFile(openDb(c.env.DB), {
    id: ref.file_id, credentialsId: credentials.id, path: ref.path, r2Key: key, size: null, sha256: null, status: "failed", error: body.error, uploadedAt: new Date().toISOString(),
  });
  logEvent("sftp.upload_failed", { request_id: c.get("requestId"), credentials_id: credentials.id, file_id: ref.file_id });
  return c.json(renderSftpFile(file), 200);
});
