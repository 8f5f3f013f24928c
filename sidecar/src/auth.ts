import { timingSafeEqual } from "node:crypto";
import ssh2, { type AuthContext } from "ssh2";
import { isAcceptedSignature } from "./algorithms";
import type { Logger } from "./log";
import { describeError } from "./log";
import type { LoginLimiter } from "./rate-limit";
import type { Login, WorkerApi } from "./worker-client";

export type Authenticated = Login & { username: string; method: "password" | "publickey" };

export type AuthDeps = { api: WorkerApi; limiter: LoginLimiter; log: Logger; now?: () => number };

const METHODS: ssh2.AuthenticationType[] = ["password", "publickey"];

/**
 * Handles one connection's `authentication` events. Who a login is, is the Worker's answer
 * (POST /internal/sftp/login); for public keys the sidecar itself checks the signature against
 * the key the Worker has registered. Every attempt that reaches the Worker costs a token per
 * username and per remote address. Calls `onAccept` once, with the credential.
 */
export function createAuthHandler(deps: AuthDeps, session: { id: string; address: string }, onAccept: (who: Authenticated) => void) {
  const now = deps.now ?? Date.now;
  // A client first asks whether a key would do (no signature), then signs: one Worker call for both.
  const offered = new Map<string, Login>();

  const result = (ctx: AuthContext, outcome: string, extra: Record<string, unknown> = {}) =>
    deps.log("sftp.auth", { session: session.id, remote: session.address, username: ctx.username, method: ctx.method, outcome, ...extra });

  return async (ctx: AuthContext): Promise<void> => {
    try {
      if (ctx.method !== "password" && ctx.method !== "publickey") return ctx.reject(METHODS);
      if (ctx.method === "publickey" && !isAcceptedSignature(ctx.key.algo, ctx.hashAlgo ?? (ctx.signature ? undefined : "sha256"))) {
        result(ctx, "rejected", { reason: "key_type_not_allowed", key_algo: ctx.key.algo });
        return ctx.reject(METHODS);
      }
      const keyId = ctx.method === "publickey" ? `${ctx.key.algo} ${ctx.key.data.toString("base64")}` : "";
      let login = ctx.method === "publickey" ? offered.get(keyId) : undefined;
      if (!login) {
        const verdict = deps.limiter.take(ctx.username, session.address, now());
        if (verdict !== "allowed") {
          result(ctx, "rate_limited", { reason: verdict });
          return ctx.reject(METHODS);
        }
        login =
          (await deps.api.login(
            ctx.method === "password"
              ? { username: ctx.username, method: "password", password: ctx.password }
              : { username: ctx.username, method: "publickey", key_algo: ctx.key.algo, key_data: ctx.key.data.toString("base64") },
          )) ?? undefined;
      }
      if (!login) {
        result(ctx, "rejected", { reason: "refused_by_worker" });
        return ctx.reject(METHODS);
      }
      if (ctx.method === "publickey") {
        if (!ctx.signature || !ctx.blob) {
          // Only a question so far: "would this key do?". Yes; the signed attempt follows.
          offered.set(keyId, login);
          return ctx.accept();
        }
        if (!verifyKeySignature(login.public_key, ctx.key.data, ctx.blob, ctx.signature, ctx.hashAlgo)) {
          result(ctx, "rejected", { reason: "bad_signature" });
          return ctx.reject(METHODS);
        }
      }
      result(ctx, "accepted", { credentials_id: login.credentials_id, project_id: login.project_id });
      onAccept({ ...login, username: ctx.username, method: ctx.method });
      ctx.accept();
    } catch (e) {
      // The Worker is down or answered nonsense: refuse, never let anyone in on an error.
      result(ctx, "error", { reason: describeError(e) });
      ctx.reject(METHODS);
    }
  };
}

/**
 * True when `registered` (an OpenSSH public key line) is the key the client presented and
 * `signature` over `blob` verifies with it.
 */
export function verifyKeySignature(registered: string | null | undefined, presented: Buffer, blob: Buffer, signature: Buffer, hashAlgo?: string): boolean {
  if (!registered) return false;
  const parsed = ssh2.utils.parseKey(registered);
  if (parsed instanceof Error) return false;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) return false;
  const ours = key.getPublicSSH();
  // The Worker matched the key already; checking again keeps a Worker bug from becoming a bypass.
  if (ours.length !== presented.length || !timingSafeEqual(ours, presented)) return false;
  return key.verify(blob, signature, hashAlgo) === true;
}
