import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { eq } from "drizzle-orm";
import { openDb } from "../../db/client";
import { sourceObjects, uploads } from "../../db/schema";
import { signPath, verifyPath } from "../../domain/url-signing";
import type { AppEnv, Bindings } from "../../env";
import { newId } from "../../lib/ids";
import { logEvent } from "../../lib/log";
import { presignR2Put } from "../../sources/r2-presign";
import { SOURCE_MAX_BYTES } from "../../sources/types";
import { parseByteRange } from "../http/byte-range";
import { downloadHeaders, formatType } from "../http/download";
import { ApiError, notFound, onValidationFailure } from "../http/errors";

const uploadExists = () => new ApiError(409, "upload_exists", "This upload URL has been used: each takes one file. Ask for a new one with POST /v2/uploads");
import { bearerSecurity, json, pick } from "../http/responses";
import { SignedUrlSource, SourceFormat } from "../batches/schemas";

export const uploadRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

/** How long an upload URL, and the download URL in its `source`, stay valid. */
const UPLOAD_URL_TTL_SECONDS = 24 * 3600;
const contentPath = (id: string) => `/v2/uploads/${id}/content`;

function signingSecret(env: Bindings): string {
  if (!env.UPLOAD_SIGNING_SECRET) throw new ApiError(503, "uploads_disabled", "Uploads need UPLOAD_SIGNING_SECRET to be configured");
  return env.UPLOAD_SIGNING_SECRET;
}

const createUpload = createRoute({
  method: "post",
  path: "/",
  summary: "Get a URL to upload a source file to",
  description:
    "PUT the file's bytes to `upload_url` (no auth header: the URL is signed; send `upload_headers` with it), then create a batch with the returned `source`. The URL takes one successful PUT: another answers 409 `upload_exists`.",
  security: bearerSecurity,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.object({ format: SourceFormat, content_length: z.number().int().positive().max(SOURCE_MAX_BYTES).optional() }) } },
    },
  },
  responses: {
    201: json(
      z
        .object({
          id: z.string(),
          upload_url: z.string(),
          upload_headers: z.record(z.string(), z.string()).openapi({ description: "Headers to send with the PUT (with R2 presigned URLs: `If-None-Match: *`, which the signature covers)" }),
          expires_at: z.string(),
          source: SignedUrlSource,
        })
        .openapi("Upload"),
      "Upload URL issued",
    ),
    ...pick(400, 401, 422),
  },
});

uploadRoutes.openapi(createUpload, async (c) => {
  const { format, content_length } = c.req.valid("json");
  const secret = signingSecret(c.env);
  const caller = c.get("caller");
  const id = newId("upl");
  const r2Key = `uploads/${caller.projectId}/${id}.${format}`;
  const now = Date.now();
  const expires = Math.floor(now / 1000) + UPLOAD_URL_TTL_SECONDS;
  const expiresAt = new Date(expires * 1000).toISOString();
  const db = openDb(c.env.DB);
  // No batch can be created from the upload once its URL expires: from then on the retention job may delete it.
  await db.batch([
    db.insert(uploads).values({ id, projectId: caller.projectId, format, r2Key, contentLength: content_length ?? null, createdAt: new Date(now).toISOString(), expiresAt }),
    db.insert(sourceObjects).values({ r2Key, retiredAt: expiresAt, uploadId: id }),
  ]);
  const origin = new URL(c.req.url).origin;
  const path = contentPath(id);
  const presigned = await presignR2Put(c.env, r2Key, UPLOAD_URL_TTL_SECONDS);
  const upload = presigned ?? { url: `${origin}${path}?${await signPath(secret, "PUT", path, expires)}`, headers: {} };
  const downloadUrl = `${origin}${path}?${await signPath(secret, "GET", path, expires)}`;
  logEvent("upload.issued", { request_id: c.get("requestId"), project_id: caller.projectId, upload_id: id });
  return c.json({ id, upload_url: upload.url, upload_headers: upload.headers, expires_at: expiresAt, source: { kind: "signed_url" as const, url: downloadUrl, format } }, 201);
});

const SignedQuery = z.object({ expires: z.string(), signature: z.string() });

/** The upload a signed content URL names, if its signature holds now for `method`. */
async function signedUpload(env: Bindings, method: string, id: string, query: Record<string, string>) {
  const check = await verifyPath(signingSecret(env), method, contentPath(id), query, Math.floor(Date.now() / 1000));
  if (check !== "valid") return check;
  return (await openDb(env.DB).select().from(uploads).where(eq(uploads.id, id)).get()) ?? "missing";
}

async function authorizeSigned(c: Context<AppEnv>, method: string, id: string) {
  const upload = await signedUpload(c.env, method, id, c.req.query());
  if (upload === "expired") throw new ApiError(403, "url_expired", "Upload URL expired");
  if (upload === "invalid") throw new ApiError(401, "unauthorized", "Upload URL invalid");
  if (upload === "missing") throw notFound("Upload");
  return upload;
}

const putContent = createRoute({
  method: "put",
  path: "/{id}/content",
  summary: "Upload a file's bytes (signed URL)",
  security: [], // the signature in the query string is the authorization
  request: { params: z.object({ id: z.string() }), query: SignedQuery },
  responses: { 200: json(z.object({ id: z.string(), size: z.number().int() }), "Stored"), ...pick(400, 401, 404, 409, 413) },
});

// Bodies stream straight into R2; the route is plain Hono so the body is never parsed.
uploadRoutes.openAPIRegistry.registerPath(putContent);
uploadRoutes.put("/:id/content", async (c) => {
  const upload = await authorizeSigned(c, "PUT", c.req.param("id"));
  const length = Number(c.req.header("Content-Length"));
  if (!c.req.raw.body || !Number.isFinite(length)) throw new ApiError(411 as 400, "length_required", "Send Content-Length with the file");
  if (length > SOURCE_MAX_BYTES) throw new ApiError(413, "payload_too_large", "Sources are limited to 50 GB");
  if (upload.contentLength !== null && upload.contentLength !== length) {
    throw new ApiError(400, "content_length_mismatch", `This upload was declared as ${upload.contentLength} bytes, not ${length}`);
  }
  // One successful PUT per upload, so rows never change under the byte ranges a batch recorded.
  // The head turns a second PUT away before its body is sent; the conditional write settles a race.
  if (await c.env.BUCKET.head(upload.r2Key)) throw uploadExists();
  const object = await c.env.BUCKET.put(upload.r2Key, c.req.raw.body, { onlyIf: new Headers({ "If-None-Match": "*" }), httpMetadata: { contentType: formatType(upload.format) } });
  if (!object) throw uploadExists();
  logEvent("upload.stored", { request_id: c.get("requestId"), project_id: upload.projectId, upload_id: upload.id, bytes: object.size });
  return c.json({ id: upload.id, size: object.size }, 200);
});

const getContent = createRoute({
  method: "get",
  path: "/{id}/content",
  summary: "Download an uploaded file (signed URL; supports Range)",
  security: [],
  request: { params: z.object({ id: z.string() }), query: SignedQuery },
  responses: { 200: { description: "The file" }, 206: { description: "A byte range of the file" }, ...pick(401, 404, 416) },
});

uploadRoutes.openAPIRegistry.registerPath(getContent);
uploadRoutes.get("/:id/content", async (c) => {
  const upload = await authorizeSigned(c, "GET", c.req.param("id"));
  const head = await c.env.BUCKET.head(upload.r2Key);
  if (!head) throw notFound("Uploaded file");
  const headers = new Headers({ "Accept-Ranges": "bytes", ...downloadHeaders(formatType(upload.format), `${upload.id}.${upload.format}`) });
  const range = parseByteRange(c.req.header("Range"), head.size);
  if (range === "unsatisfiable") {
    c.header("Content-Range", `bytes */${head.size}`);
    throw new ApiError(416, "range_not_satisfiable", `The file has ${head.size} bytes; the range starts past its end`);
  }
  // Read the version just looked at, so the headers and the bytes agree.
  const object = await c.env.BUCKET.get(upload.r2Key, { ...(range && { range }), onlyIf: { etagMatches: head.etag } });
  if (!object || !("body" in object)) throw notFound("Uploaded file");
  if (range) {
    headers.set("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}`);
    headers.set("Content-Length", String(range.length));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("Content-Length", String(head.size));
  return new Response(object.body, { status: 200, headers });
});

/**
 * When `url` is this service's own upload download URL: the upload if it is
 * the caller's and the signature holds, "invalid" if not; null for any
 * other URL.
 */
export async function findOwnUpload(c: Context<AppEnv>, url: string) {
  const parsed = new URL(url);
  const match = /^\/v2\/uploads\/(upl_[0-9a-z]+)\/content$/.exec(parsed.pathname);
  if (!match || parsed.origin !== new URL(c.req.url).origin) return null;
  const upload = await signedUpload(c.env, "GET", match[1]!, Object.fromEntries(parsed.searchParams));
  if (typeof upload === "string" || upload.projectId !== c.get("caller").projectId) return "invalid" as const;
  return upload;
}
