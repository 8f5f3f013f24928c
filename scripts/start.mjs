#!/usr/bin/env node
// `npm start`: the whole service on one machine, no account, no network.
// Applies local D1 migrations, then runs `wrangler dev` on PORT with local
// D1, R2, Queues and Durable Objects (state persisted under .wrangler/), and
// the SFTP sidecar (sidecar/, plain Node via tsx) on SFTP_PORT next to it.
// Both stop together: a signal goes to both, and either one exiting stops the other.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// No network: no metrics, and no fetch of Request.cf data from Cloudflare.
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
const port = env.PORT ?? "8787";
// Wrangler's own launcher, run by this Node directly: `npx` through `sh -c` does not pass
// SIGTERM on, which left `wrangler dev` running after `npm start` was stopped.
const wranglerBin = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));
const wrangler = (args) => [process.execPath, [wranglerBin, ...args], { stdio: "inherit", env }];

const migrate = spawnSync(...wrangler(["d1", "migrations", "apply", "DB", "--local"]));
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

// Passed through to the Worker from this environment (see ../shared/CONTRACT.md),
// in a file rather than on the command line, where `ps` would show secrets.
const vars = {
  ADMIN_TOKEN: env.ADMIN_TOKEN ?? "dev-admin-token",
  UPLOAD_SIGNING_SECRET: env.UPLOAD_SIGNING_SECRET ?? "dev-upload-signing-secret",
  ALLOW_LOOPBACK_FETCH: env.ALLOW_LOOPBACK_FETCH ?? "true",
  ...pick(["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "STS_ENDPOINT", "R2_BUCKET_NAME", "CHUNK_ROWS", "INGEST_SEGMENT_BYTES"]),
};
mkdirSync(".wrangler", { recursive: true });
writeFileSync(".wrangler/dev.env", Object.entries(vars).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join("\n") + "\n", { mode: 0o600 });

const dev = spawn(...wrangler(["dev", "--port", port, "--ip", "127.0.0.1", "--show-interactive-dev-session=false", "--env-file", ".wrangler/dev.env"]));

// The sidecar's own settings come from this environment too (see sidecar/src/config.ts);
// its token must be the Worker's SIDECAR_TOKEN (the same dev default when unset).
const sidecar = spawn(process.execPath, ["--import", "tsx", "sidecar/src/main.ts"], {
  stdio: "inherit",
  env: { ...env, SIDECAR_TOKEN: env.SIDECAR_TOKEN ?? "dev-sidecar-token", WORKER_URL: `http://127.0.0.1:${port}`, SFTP_PORT: env.SFTP_PORT ?? "2222" },
});

const children = [dev, sidecar];
let exitCode = null;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
for (const child of children) {
  child.on("exit", (code, signal) => {
    exitCode ??= code ?? (signal ? 0 : 1);
    for (const other of children) if (other !== child && other.exitCode === null && other.signalCode === null) other.kill("SIGTERM");
    if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(exitCode);
  });
}

function pick(names) {
  return Object.fromEntries(names.filter((n) => env[n] !== undefined).map((n) => [n, env[n]]));
}
