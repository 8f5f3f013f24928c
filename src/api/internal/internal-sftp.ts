import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { openDb } from "../../db/client";
import { findActiveSftpCredentialsByUsername, listSftpFiles } from "../../db/sftp";
import { isSameSshKey, parseSshPublicKey } from "../../domain/ssh-public-key";
import type { AppEnv } from "../../env";
import { decodeBase64 } from "../../domain/base64";
import { unseal } from "../../lib/key-wrap";
import { logEvent } from "../../lib/log";
import { PASSWORD_ITERATIONS, verifyPassword, type PasswordHash } from "../../lib/password-hash";
import { ApiError, onValidationFailure } from "../http/errors";
import { requireKek } from "../http/require-kek";
import { loadLiveSftpCredentials } from "../partner/live-sftp-credentials";
import { json, pick } from "../http/responses";
import { renderSftpFile } from "../partner/sftp-schemas";

/**
 * What the SFTP sidecar asks of the Worker (docs/sftp.md). Kept out of the
 * public OpenAPI document (`hide`): only the sidecar, holding SIDECAR_TOKEN,
 * calls these.
 */
export const internalSftpRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const IdParam = z.object({ id: z.string() });

const LoginBody = z.discriminatedUnion("method", [
  z.object({ username: z.string().max(200), method: z.literal("password"), password: z.string().max(1024) }),
  z.object({ username: z.string().max(200), method: z.literal("publickey"), key_algo: z.string().max(100), key_data: z.string().max(16_384) }),
]);

// Checked when the username is unknown, so a miss costs the same PBKDF2 as a hit and timing does not tell which usernames exist.
const DECOY: PasswordHash = { hash: "A".repeat(43) + "=", salt: "A".repeat(22) + "==", iterations: PASSWORD_ITERATIONS };

const login = createRoute({
  method: "post",
  path: "/login",
  hide: true,
  request: { body: { required: true, content: { "application/json": { schema: LoginBody } } } },
  responses: {
    200: json(z.object({ credentials_id: z.string(), project_id: z.string(), public_key: z.string().optional() }), "The login is good"),
    ...pick(401, 422),
  },
});

internalSftpRoutes.openapi(login, async (c) => {
  const body = c.req.valid("json");
  const row = await findActiveSftpCredentialsByUsername(openDb(c.env.DB), body.username);
  let accepted = false;
  if (body.method === "password") {
    const stored = row?.auth === "password" && row.passwordHash && row.passwordSalt && row.passwordIterations
      ? { hash: row.passwordHash, salt: row.passwordSalt, iterations: row.passwordIterations }
      : DECOY;
    accepted = (await verifyPassword(body.password, stored)) && stored !== DECOY;
  } else {
    const registered = row?.auth === "public_key" && row.sshPublicKey ? parseSshPublicKey(row.sshPublicKey) : null;
    const offered = decodeBase64(body.key_data);
    accepted = !!registered?.ok && !!offered && isSameSshKey(registered.value, body.key_algo, offered);
  }
  logEvent("sftp.login", { request_id: c.get("requestId"), username: body.username, method: body.method, accepted, credentials_id: row?.id ?? null });
  if (!accepted || !row) throw new ApiError(401, "unauthorized", "Login refused");
  return c.json({ credentials_id: row.id, project_id: row.projectId, ...(row.sshPublicKey ? { public_key: row.sshPublicKey } : {}) }, 200);
});

const keys = createRoute({
  method: "get",
  path: "/credentials/{id}/keys",
  hide: true,
  request: { params: IdParam },
  responses: { 200: json(z.object({ private_key: z.string(), partner_public_key: z.string().nullable() }), "Decryption key and the partner's signing key"), ...pick(401, 404) },
});

internalSftpRoutes.openapi(keys, async (c) => {
  const row = await loadLiveSftpCredentials(c, c.req.valid("param").id);
  const privateKey = await unseal(requireKek(c.env), { iv: row.pgpPrivateKeyIv, ciphertext: row.pgpPrivateKeyCiphertext }, row.id);
  logEvent("sftp.keys_released", { request_id: c.get("requestId"), credentials_id: row.id });
  return c.json({ private_key: privateKey, partner_public_key: row.partnerPgpPublicKey }, 200);
});

const files = createRoute({
  method: "get",
  path: "/credentials/{id}/files",
  hide: true,
  request: { params: IdParam },
  responses: { 200: json(z.object({ files: z.array(z.unknown()) }), "Every file at the credentials' root"), ...pick(401, 404) },
});

internalSftpRoutes.openapi(files, async (c) => {
  const row = await loadLiveSftpCredentials(c, c.req.valid("param").id);
  return c.json({ files: (await listSftpFiles(openDb(c.env.DB), row.id)).map(renderSftpFile) }, 200);
});
