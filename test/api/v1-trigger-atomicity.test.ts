import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { planTrigger } from "../../src/triggers/plan-trigger";
import { openDb } from "../../src/db/client";
import { findJob } from "../../src/db/jobs";
import { recordTrigger } from "../../src/db/record-trigger";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";
import { NOTHING_LEFT, callerOf, createJob, trigger, triggerBatchId, triggerLeftovers, waitForFinished } from "../helpers/v1";

const payloads = [{ to: "ada" }, { to: "bob" }, { to: "ada" }];

describe("v1 trigger-bulk: all or nothing", () => {
  it("a D1 statement failing in step 1 records nothing and starts no batch; the retry works", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const batchId = triggerBatchId(projectId, "step-1");
    // A real D1 failure: the runs insert aborts for this job only.
    await env.DB.exec(`CREATE TRIGGER refuse_runs BEFORE INSERT ON runs WHEN NEW.job_id = '${job.id}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    try {
      const res = await trigger(key, job.id, payloads, "step-1");
      expect(res.status).toBe(500);
    } finally {
      await env.DB.exec("DROP TRIGGER refuse_runs");
    }
    expect(await triggerLeftovers(batchId, job.id)).toEqual(NOTHING_LEFT);

    const retry = await trigger(key, job.id, payloads, "step-1");
    expect(retry.status, retry.text).toBe(201);
    expect(retry.json.batch_operation).toMatchObject({ id: batchId, item_count: 3, created_count: 2 });
    await waitForFinished(key, projectId, batchId);
  });

  it("a batch object that fails to create the batch (step 2) leaves nothing behind; the retry works", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const batchId = triggerBatchId(projectId, "step-2");
    // A real failure inside the object: a stray ledger row makes its create transaction roll back.
    const stub = env.BATCH.get(env.BATCH.idFromString(batchId.slice(4)));
    const stray = (sql: string) => runInDurableObject(stub, (_instance, state) => void state.storage.sql.exec(sql));
    await stray("INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload) VALUES (0, 1, 1, 2, '[]')");

    const res = await trigger(key, job.id, payloads, "step-2");
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe("batch_not_started");
    expect(await triggerLeftovers(batchId, job.id)).toEqual(NOTHING_LEFT);
    expect((await call("GET", `/v1/batch-operations?project_id=${projectId}`, { key })).json.data).toEqual([]);

    await stray("DELETE FROM chunks");
    const retry = await trigger(key, job.id, payloads, "step-2");
    expect(retry.status, retry.text).toBe(201);
    expect(retry.json.batch_operation).toMatchObject({ id: batchId, created_count: 2 });
    expect(await triggerLeftovers(batchId, job.id)).toMatchObject({ operations: 1, runs: 2, claims: 2, pending: 0, batch: expect.objectContaining({ id: batchId }) });
    await waitForFinished(key, projectId, batchId);
  });

  it("a key whose batch object already holds another batch answers 409 and leaves no trigger behind", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const other = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } }, "v1-trigger:taken");
    expect(other.status).toBe(201);
    const res = await trigger(key, job.id, payloads, "taken");
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe("idempotency_conflict");
    const left = await triggerLeftovers(other.json.id, job.id);
    expect(left).toMatchObject({ operations: 0, runs: 0, claims: 0, pending: 0, batch: expect.objectContaining({ operation: "echo" }) });
    await waitForTerminal(key, other.json.id);
  });

  it("rows of a trigger whose batch was never created stay invisible; a retry with the key completes it", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const shown = await trigger(key, job.id, [{ warm: 1 }]);
    // Step 1 alone, as if the Worker died before step 2.
    const plan = await planTrigger(env, await callerOf(projectId), (await findJob(openDb(env.DB), projectId, job.id))!, payloads.map((payload) => ({ payload })), new Date(), "crashed");
    const recorded = await recordTrigger(env.DB, plan.record);
    expect(recorded).toMatchObject({ existed: false, pending: true, operation: { createdCount: 2 } });
    const batchId = plan.record.batchId;
    const runId = recorded.runs[0]!.id;
    expect((await call("GET", `/v1/batch-operations/${batchId}?project_id=${projectId}`, { key })).status).toBe(404);
    expect((await call("GET", `/v1/batch-operations?project_id=${projectId}`, { key })).json.data.map((o: any) => o.id)).toEqual([shown.json.batch_operation.id]);
    expect((await call("GET", `/v1/runs/${runId}`, { key })).status).toBe(404);
    expect((await call("GET", `/v1/runs?batch_id=${batchId}`, { key })).status).toBe(404);

    const retry = await trigger(key, job.id, payloads, "crashed");
    expect(retry.status, retry.text).toBe(201);
    expect(retry.json.runs.map((r: any) => r.id)).toEqual(recorded.runs.map((r) => r.id));
    expect(await triggerLeftovers(batchId, job.id)).toMatchObject({ operations: 1, runs: 2, claims: 3, pending: 0, batch: expect.objectContaining({ id: batchId }) });
    expect((await call("GET", `/v1/runs/${runId}`, { key })).json).toMatchObject({ id: runId, batch_id: batchId });
    await waitForFinished(key, projectId, batchId);
    await waitForFinished(key, projectId, shown.json.batch_operation.id);
  });
});

describe("v1 trigger-bulk: Idempotency-Key", () => {
  it("the same key and items answer 200 with the same batch operation and runs, and create nothing", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const first = await trigger(key, job.id, payloads, "same");
    expect(first.status).toBe(201);
    const again = await trigger(key, job.id, [{ to: "ada" }, { to: "bob" }, { to: "ada" }], "same");
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);

    await waitForFinished(key, projectId, first.json.batch_operation.id);
    const later = await trigger(key, job.id, payloads, "same");
    expect(later.status).toBe(200);
    expect(later.json.batch_operation).toEqual({ ...first.json.batch_operation, finished_at: expect.any(String) });
    expect(later.json.runs.map((r: any) => [r.id, r.status])).toEqual(first.json.runs.map((r: any) => [r.id, "completed"]));
    expect(await triggerLeftovers(first.json.batch_operation.id, job.id)).toMatchObject({ operations: 1, runs: 2, claims: 2, pending: 0 });
    const batches = await env.DB.prepare("SELECT count(*) AS n FROM batches WHERE project_id = ?").bind(projectId).first<{ n: number }>();
    expect(batches!.n).toBe(1);
  });

  it("two requests with the same key at the same moment make one trigger: one answers 201, the other 200", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const [a, b] = await Promise.all([trigger(key, job.id, payloads, "race"), trigger(key, job.id, payloads, "race")]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.json.batch_operation.id).toBe(b.json.batch_operation.id);
    expect(a.json.runs.map((r: any) => r.id)).toEqual(b.json.runs.map((r: any) => r.id));
    expect(await triggerLeftovers(a.json.batch_operation.id, job.id)).toMatchObject({ operations: 1, runs: 2, claims: 2, pending: 0 });
    await waitForFinished(key, projectId, a.json.batch_operation.id);
  });

  it("the same key with other items or another job answers 409 and changes nothing", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const otherJob = await createJob(key, { dedup_window_secs: 3600 });
    const first = await trigger(key, job.id, payloads, "k");
    expect(first.status).toBe(201);
    for (const [jobId, items] of [
      [job.id, [{ to: "ada" }]],
      [otherJob.id, payloads],
    ] as const) {
      const res = await trigger(key, jobId, [...items], "k");
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("idempotency_conflict");
    }
    expect(await triggerLeftovers(first.json.batch_operation.id, otherJob.id)).toMatchObject({ claims: 0 });
    expect(await triggerLeftovers(first.json.batch_operation.id, job.id)).toMatchObject({ operations: 1, runs: 2, claims: 2, pending: 0 });
    await waitForFinished(key, projectId, first.json.batch_operation.id);
  });

  it("without a key every request is a new trigger", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 0 });
    const a = await trigger(key, job.id, payloads);
    const b = await trigger(key, job.id, payloads);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json.batch_operation.id).not.toBe(b.json.batch_operation.id);
    for (const res of [a, b]) await waitForFinished(key, projectId, res.json.batch_operation.id);
  });
});
