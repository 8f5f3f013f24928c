import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unstable_startWorker } from "wrangler";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const WRANGLER = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export const ADMIN_TOKEN = "it-admin-token";
export const SIDECAR_TOKEN = "it-sidecar-token-0123456789";

export type RealWorker = { url: string; stop(): Promise<void> };

/**
 * The real Worker (src/worker.ts with wrangler.toml) under wrangler's programmatic dev server:
 * local D1 (migrations applied first), R2, Queues and Durable Objects in a fresh directory.
 */
export async function startRealWorker(): Promise<RealWorker> {
  const persist = mkdtempSync(path.join(tmpdir(), "sidecar-it-"));
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
  await run(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], env);
  const plain = (value: string) => ({ type: "plain_text" as const, value });
  const worker = await unstable_startWorker({
    config: path.join(ROOT, "wrangler.toml"),
    envFiles: [],
    bindings: {
      ADMIN_TOKEN: plain(ADMIN_TOKEN),
      SIDECAR_TOKEN: plain(SIDECAR_TOKEN),
      // base64 of 32 bytes: the key-encryption key for the credentials' PGP private keys.
      SFTP_KEK: plain(Buffer.alloc(32, 7).toString("base64")),
      UPLOAD_SIGNING_SECRET: plain("it-upload-secret"),
      CHUNK_ROWS: plain("50"),
    },
    dev: { persist, server: { hostname: "127.0.0.1", port: 0 }, inspector: false, watch: false, logLevel: "warn" },
  });
  await worker.ready;
  const url = (await worker.url).origin;
  return {
    url,
    async stop() {
      await worker.dispose();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}: ${stderr}`))));
  });
}

/** A call to the public API; `json` is the parsed body (or null). */
export async function api(base: string, method: string, route: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${route}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
