import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { openDb } from "../../db/client";
import { findSftpCredentials, insertSftpCredentials, listSftpCredentials, listSftpFiles, revokeSftpCredentials } from "../../db/sftp";
import type { AppEnv } from "../../env";
import { logEvent } from "../../lib/log";
import { decodeCursor } from "../http/cursor";
import { auditDestructive, OverrideHeader, overrideMissing, requireOverride } from "../http/destructive";
import { invalidField, notFound, onValidationFailure } from "../http/errors";
import { issueSftpCredentials } from "../../sftp/issue-credentials";
import { requireKek } from "../http/require-kek";
import { decodeCreatedCursor, pageOf, splitPage } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";
import { ErrorResponse, PageQuery } from "../batches/schemas";
import { CreateSftpCredentialsBody, SftpCredentials, SftpCredentialsList, SftpFile, renderSftpCredentials, renderSftpFile } from "./sftp-schemas";

export const sftpCredentialRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const IdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

/** The caller's credentials, revoked or not; another project's are 404, like missing ones. */
async function loadCallerCredentials(c: Context<AppEnv>, id: string) {
  const row = await findSftpCredentials(openDb(c.env.DB), id);
  if (!row || row.projectId !== c.get("caller").projectId) throw notFound("SFTP credentials");
  return row;
}

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create SFTP credentials for a partner",
  description:
    "Returns the username, the password (auth password; shown only in this response) or the registered key's fingerprint, the host and port, and a PGP public key generated for these credentials that partners encrypt uploads to.",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: CreateSftpCredentialsBody } } } },
  responses: {
    201: json(SftpCredentials, "Created; `password` is shown only here"),
    503: json(ErrorResponse, "SFTP is not configured (no SFTP_KEK)"),
    ...pick(400, 401, 422),
  },
});

sftpCredentialRoutes.openapi(create, async (c) => {
  const caller = c.get("caller");
  const issued = await issueSftpCredentials(requireKek(c.env), caller.projectId, c.req.valid("json"));
  if (!issued.ok) throw invalidField(issued.error.field, issued.error.message, issued.error.code);
  const { row, password } = issued.value;
  await insertSftpCredentials(openDb(c.env.DB), row);
  logEvent("sftp.credentials_created", { request_id: c.get("requestId"), project_id: caller.projectId, credentials_id: row.id, auth: row.auth });
  return c.json({ ...renderSftpCredentials(row, c.env), ...(password === null ? {} : { password }) }, 201);
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the project's SFTP credentials, newest first (revoked ones too)",
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: { 200: json(SftpCredentialsList, "A page of credentials"), ...pick(401, 422) },
});

sftpCredentialRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const rows = await listSftpCredentials(openDb(c.env.DB), { projectId: c.get("caller").projectId, cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = pageOf(rows, limit);
  return c.json({ data: page.map((r) => renderSftpCredentials(r, c.env)), next_cursor }, 200);
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "Get SFTP credentials (never the password)",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 200: json(SftpCredentials, "The credentials"), ...pick(401, 404) },
});

sftpCredentialRoutes.openapi(get, async (c) => {
  return c.json(renderSftpCredentials(await loadCallerCredentials(c, c.req.valid("param").id), c.env), 200);
});

const revoke = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Revoke SFTP credentials at once (destructive)",
  description:
    "Needs `X-Operator-Override: destructive`. The next login fails and the sidecar gets no more keys for them; files already uploaded stay listed. Written to the audit log with the actor. Revoking revoked credentials is a no-op (204).",
  security: bearerSecurity,
  request: { params: IdParam, headers: OverrideHeader },
  responses: {
    204: { description: "Revoked" },
    ...overrideMissing,
    ...pick(401, 404),
  },
});

sftpCredentialRoutes.openapi(revoke, async (c) => {
  const { id } = c.req.valid("param");
  await loadCallerCredentials(c, id);
  requireOverride(c, c.req.valid("header")["x-operator-override"], "Revoking SFTP credentials");
  const at = new Date().toISOString();
  if (await revokeSftpCredentials(openDb(c.env.DB), id, at)) await auditDestructive(c, { action: "sftp_credentials.revoke", targetId: id, at });
  return c.body(null, 204);
});

const PathCursor = z.object({ after_path: z.string() });

const files = createRoute({
  method: "get",
  path: "/{id}/files",
  summary: "The files a partner uploaded with these credentials, by path, with their status",
  security: bearerSecurity,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(SftpFile), next_cursor: z.string().nullable() }).openapi("SftpFileList"), "A page of files"), ...pick(401, 404, 422) },
});

sftpCredentialRoutes.openapi(files, async (c) => {
  const credentials = await loadCallerCredentials(c, c.req.valid("param").id);
  const { cursor, limit } = c.req.valid("query");
  const rows = await listSftpFiles(openDb(c.env.DB), credentials.id, { afterPath: decodeCursor(PathCursor, cursor)?.after_path, limit: limit + 1 });
  const { page, next_cursor } = splitPage(rows, limit, (last) => ({ after_path: last.path }));
  return c.json({ data: page.map(renderSftpFile), next_cursor }, 200);
});
