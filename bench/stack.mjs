// The real local stack as `npm start` runs it (scripts/start.mjs), for the
// benchmark and the soak run: start it on free ports with its own state
// directory, talk to it, stop it (gently, or with SIGKILL as a crash).
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";

export const localEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Calls `check` until it returns true (errors count as not yet); throws after `timeoutMs`. */
export async function waitFor(check, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Starts `npm start`'s script in its own process group with state under
 * `state` (kept across restarts), logging to `logPath`; `onLine` sees each
 * stdout line (the Worker's JSON log). Resolves once /healthz answers.
 */
export async function startDev({ port, state, env = {}, logPath, onLine = () => {}, readyTimeoutMs = 120_000 }) {
  const sftpPort = await freePort();
  const dev = spawn("node", ["scripts/start.mjs"], {
    env: { ...localEnv, PORT: String(port), PERSIST_TO: state, SFTP_PORT: String(sftpPort), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise((resolve) => dev.once("exit", resolve));
  const signal = (name) => {
    try {
      process.kill(-dev.pid, name);
    } catch {
      /* already gone */
    }
  };
  const stopOnExit = () => signal("SIGTERM");
  process.on("exit", stopOnExit);
  mkdirSync(logPath.replace(/\/[^/]+$/, ""), { recursive: true });
  const log = createWriteStream(logPath, { flags: "a" });
  dev.stderr.pipe(log, { end: false });
  let pending = "";
  dev.stdout.on("data", (data) => {
    log.write(data);
    pending += data;
    const lines = pending.split("\n");
    pending = lines.pop();
    for (const line of lines) onLine(line);
  });
  const base = `http://127.0.0.1:${port}`;
  const stack = {
    base,
    dev,
    exited,
    /** SIGKILL to the whole group: workerd, wrangler and the sidecar die at once, as in a crash. */
    async kill() {
      signal("SIGKILL");
      await exited;
      process.off("exit", stopOnExit);
    },
    /** SIGTERM, then waits (at most 15 s) so the next stack starts on a quiet machine. */
    async stop() {
      signal("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      signal("SIGKILL");
      process.off("exit", stopOnExit);
    },
  };
  await waitFor(async () => (await fetch(`${base}/healthz`)).ok, readyTimeoutMs);
  return stack;
}

/**
 * One API request: its status, JSON body and how long it took. A request
 * that gets no answer within `timeoutMs` comes back with status 0.
 */
export async function request(base, method, path, { body, key, headers = {}, timeoutMs = 20_000 } = {}) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      headers: { ...(key && { Authorization: `Bearer ${key}` }), "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, ms: performance.now() - started };
  } catch {
    return { status: 0, json: null, ms: performance.now() - started };
  }
}
