#!/usr/bin/env node
// `npm start`: the whole service on one machine, no account, no network.
// Applies local D1 migrations, then runs what `wrangler dev` runs (wrangler's
// startWorker: local D1, R2, Queues and Durable Objects, state persisted under
// .wrangler/) on PORT, but without the DevTools inspector: wrangler 4.86's
// inspector proxy enables Network events and forwards every one (one per body
// chunk of every outbound fetch) to Node over a new loopback connection, which
// exhausted workerd's sockets when reading large sources (workers-sdk#14191).
// Next to it, the SFTP sidecar (sidecar/, plain Node via tsx) on SFTP_PORT; both stop
// together: a signal stops both, and the sidecar exiting stops the Worker.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";

// Miniflare's loopback server (workerd → Node) keeps Node's default 5 s
// keepAliveTimeout, so workerd reuses a pooled socket Node has already closed
// and the request fails with "Network connection lost". The local queue broker
// logs each delivery over that socket once it returns: after a delivery longer
// than 5 s the log fails, the broker's flush rejects before it clears its
// pending-flush marker, and the queue never delivers again (workers-sdk#14848,
// fixed upstream by #14850 after wrangler 4.86). Same fix here: no idle timeout
// on the dev process's own HTTP servers.
const createServer = http.createServer;
http.createServer = (...args) => Object.assign(createServer(...args), { keepAliveTimeout: 0 });

// No network: no metrics, and no fetch of Request.cf data from Cloudflare.
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const port = env.PORT ?? "8787";
// Where local state lives; the benchmark gives each run its own.
const stateDir = env.PERSIST_TO;
const wrangler = (args) => ["npx", ["wrangler", ...args], { stdio: "inherit", env }];

const migrate = spawnSync(...wrangler(["d1", "migrations", "apply", "DB", "--local", ...(stateDir ? ["--persist-to", stateDir] : [])]));
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Passed through to the Worker from this environment (see ../shared/CONTRACT.md),
// in a file rather than on the command line, where `ps` would show secrets.
const vars = {
  ADMIN_TOKEN: env.ADMIN_TOKEN ?? "dev-admin-token",
  UPLOAD_SIGNING_SECRET: env.UPLOAD_SIGNING_SECRET ?? "dev-upload-signing-secret",
  SIDECAR_TOKEN: env.SIDECAR_TOKEN ?? "dev-sidecar-token",
  // A fixed dev key-encryption key (base64 of 32 bytes); never this value in production.
  SFTP_KEK: env.SFTP_KEK ?? "ZGV2LW9ubHkgc2Z0cCBrZXktZW5jcnlwdGlvbiBrZXk=",
  // A fixed dev key-encryption key for webhook secrets; never this value in production.
  WEBHOOK_KEK: env.WEBHOOK_KEK ?? "ZGV2LW9ubHkgd2ViaG9vayBrZXktZW5jcnlwdGlvbiE=",
  PUBLIC_API_ORIGIN: env.PUBLIC_API_ORIGIN ?? `http://localhost:${port}`,
  ALLOW_LOOPBACK_FETCH: env.ALLOW_LOOPBACK_FETCH ?? "true",
  ...pick(["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_ALLOWED_BUCKETS", "STS_ENDPOINT", "R2_BUCKET_NAME", "CHUNK_ROWS", "INGEST_SEGMENT_BYTES", "CHUNK_LEASE_SECONDS", "SFTP_HOST", "SFTP_PORT", "FAULT_INJECTION", "WEBHOOK_RETRY_BASE_MS"]),
};
const envFile = `${stateDir ?? ".wrangler"}/dev.env`;
mkdirSync(stateDir ?? ".wrangler", { recursive: true });
writeFileSync(envFile, Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("\n") + "\n", { mode: 0o600 });

Object.assign(process.env, env);
const { unstable_startWorker } = await import("wrangler");
const worker = await unstable_startWorker({
  config: "wrangler.toml",
  envFiles: [envFile],
  dev: { server: { hostname: "127.0.0.1", port: Number(port) }, inspector: inspector(), watch: true, ...(stateDir ? { persist: stateDir } : {}) },
});
await worker.ready;
// Where a newcomer goes next (README, "Start here").
const origin = `http://127.0.0.1:${port}`;
console.log(`\nbulk-ops is up: dashboard ${origin}/ · API reference ${origin}/docs · SFTP on port ${env.SFTP_PORT ?? "2222"}`);
console.log(`an API key: curl -s -X POST ${origin}/v2/admin/projects -H 'Authorization: Bearer ${vars.ADMIN_TOKEN === "dev-admin-token" ? "dev-admin-token" : "$ADMIN_TOKEN"}' -H 'Content-Type: application/json' -d '{"name":"acme"}'\n`);

// The sidecar reads its own settings from this environment (sidecar/src/config.ts); its token
// is the Worker's SIDECAR_TOKEN, and it calls this Worker on loopback.
const sidecar = spawn(process.execPath, ["--import", "tsx", "sidecar/src/main.ts"], {
  stdio: "inherit",
  env: { ...env, SIDECAR_TOKEN: vars.SIDECAR_TOKEN, WORKER_URL: `http://127.0.0.1:${port}`, SFTP_PORT: env.SFTP_PORT ?? "2222" },
});
const sidecarExited = new Promise((resolve) => sidecar.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
// Whatever ends this process, the sidecar does not outlive it.
process.on("exit", () => sidecar.exitCode === null && sidecar.signalCode === null && sidecar.kill("SIGTERM"));

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (sidecar.exitCode === null && sidecar.signalCode === null) sidecar.kill("SIGTERM");
  await Promise.allSettled([worker.dispose(), sidecarExited]);
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(0));
sidecarExited.then((code) => stop(code === 0 ? 0 : 1));

/**
 * DevTools stays off (see the top of this file) unless INSPECTOR_PORT asks for it, for
 * debugging or for the benchmark's heap figures; keep sources small while it is on.
 */
function inspector() {
  return env.INSPECTOR_PORT ? { hostname: "127.0.0.1", port: Number(env.INSPECTOR_PORT) } : false;
}

function pick(names) {
  return Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]]));
}
