import { env } from "cloudflare:test";
import { expect, vi } from "vitest";
import { batchIdFor } from "../../src/durable/batch-client";
import { call } from "../setup/api";

/** Creates a v1 job through the API (operation echo unless `body` says otherwise); expects 201. */
export async function createJob(key: string, body: Record<string, unknown>) {
  const res = await call("POST", "/v1/jobs", { key, body: { name: "welcome", operation: "echo", ...body } });
  expect(res.status).toBe(201);
  return res.json;
}

/** POST /v1/jobs/{id}/trigger-bulk with one item per payload. */
export const trigger = (key: string, jobId: string, payloads: unknown[], idempotencyKey?: string) =>
  call("POST", `/v1/jobs/${jobId}/trigger-bulk`, {
    key,
    body: { items: payloads.map((payload) => ({ payload })) },
    headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
  });

/** Waits until the batch operation's finished_at is set; returns it. */
export const waitForFinished = (key: string, projectId: string, id: string) =>
  vi.waitFor(
    async () => {
      const res = await call("GET", `/v1/batch-operations/${id}?project_id=${projectId}`, { key });
      expect(res.json.finished_at).not.toBeNull();
      return res.json;
    },
    { timeout: 20_000, interval: 50 },
  );

/** The batch id a trigger with this Idempotency-Key gets. */
export const triggerBatchId = (projectId: string, idempotencyKey: string) => batchIdFor(env, projectId, `v1-trigger:${idempotencyKey}`);

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())!.n;

/** What D1 and the batch object hold for a trigger's batch and its job. */
export async function triggerLeftovers(batchId: string, jobId: string) {
  return {
    operations: await count("SELECT count(*) AS n FROM batch_operations WHERE id = ?", batchId),
    runs: await count("SELECT count(*) AS n FROM runs WHERE batch_id = ?", batchId),
    claims: await count("SELECT count(*) AS n FROM job_triggers WHERE job_id = ?", jobId),
    pending: await count("SELECT count(*) AS n FROM pending_batches WHERE batch_id = ?", batchId),
    batch: await env.BATCH.get(env.BATCH.idFromString(batchId.slice(4))).get(),
  };
}

export const NOTHING_LEFT = { operations: 0, runs: 0, claims: 0, pending: 0, batch: null };

/** The caller a project's (first) API key makes, for calling the trigger's functions directly. */
export async function callerOf(projectId: string) {
  const row = (await env.DB.prepare("SELECT id, surface FROM api_keys WHERE project_id = ?").bind(projectId).first<{ id: string; surface: "batch" }>())!;
  return { projectId, keyId: row.id, surface: row.surface, actor: `apikey:${row.id}` };
}
