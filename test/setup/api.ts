import { exports } from "cloudflare:workers";
import { expect, vi } from "vitest";

export const ADMIN_TOKEN = "test-admin-token";
const ORIGIN = "http://bulk.test";

/** Calls the Worker's own fetch handler, as a client would. */
export async function call(method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["Content-Type"] ??= "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body }));
  const text = new TextDecoder().decode(await res.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON: keep text */
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** A new project and its API key. */
export async function newProject(name = "acme") {
  const res = await call("POST", "/v2/admin/projects", { key: ADMIN_TOKEN, body: { name } });
  expect(res.status).toBe(201);
  return { projectId: res.json.project.id as string, key: res.json.api_key as string };
}

export async function createBatch(key: string, body: unknown, idempotencyKey = crypto.randomUUID()) {
  return call("POST", "/v2/batch/operations", { key, body, headers: { "Idempotency-Key": idempotencyKey } });
}

const TERMINAL = ["succeeded", "partially_failed", "failed", "cancelled"];

/** Polls the batch until it reaches a terminal status; returns it. */
export async function waitForTerminal(key: string, id: string, seen: string[] = []) {
  return vi.waitFor(
    async () => {
      const res = await call("GET", `/v2/batch/operations/${id}`, { key });
      expect(res.status).toBe(200);
      const p = res.json.progress;
      expect(p.rows_processed).toBe(p.rows_succeeded + p.rows_failed);
      if (seen.at(-1) !== res.json.status) seen.push(res.json.status);
      expect(TERMINAL).toContain(res.json.status);
      return res.json;
    },
    { timeout: 20_000, interval: 50 },
  );
}

export const contactRows = (n: number, invalidEvery = 0) =>
  Array.from({ length: n }, (_, i) => ({
    unique_id: `u-${i + 1}`,
    email: invalidEvery && (i + 1) % invalidEvery === 0 ? `not-an-email-${i + 1}` : `person${i + 1}@example.com`,
    name: `Person ${i + 1}`,
    tier: i % 2 ? "gold" : "silver",
  }));
