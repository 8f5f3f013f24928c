import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { triggerBulk } from "../../src/triggers/trigger-bulk";
import { openDb } from "../../src/db/client";
import { findJob } from "../../src/db/jobs";
import { call, newProject } from "../setup/api";
import { callerOf, createJob, trigger, waitForFinished } from "../helpers/v1";

describe("v1 jobs", () => {
  it("creates, gets and lists jobs; validates the body field by field", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { params: {}, dedup_window_secs: 60 });
    expect(Object.keys(job).sort()).toEqual(["created_at", "created_by", "dedup_window_secs", "id", "name", "operation", "params", "project_id"]);
    expect(job).toMatchObject({ project_id: projectId, name: "welcome", operation: "echo", dedup_window_secs: 60, created_by: expect.stringMatching(/^apikey:/) });
    expect((await call("GET", `/v1/jobs/${job.id}`, { key })).json).toEqual(job);
    const second = await createJob(key, {});
    const page = await call("GET", "/v1/jobs?limit=1", { key });
    expect(page.json.data.map((j: any) => j.id)).toEqual([second.id]);
    const rest = await call("GET", `/v1/jobs?limit=1&cursor=${page.json.next_cursor}`, { key });
    expect(rest.json).toEqual({ data: [job], next_cursor: null });

    const bad = await call("POST", "/v1/jobs", { key, body: { name: "", operation: "nope", dedup_window_secs: -1 } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => d.field).sort()).toEqual(["dedup_window_secs", "name", "operation"]);
    const stranger = await newProject("stranger");
    expect((await call("GET", `/v1/jobs/${job.id}`, { key: stranger.key })).status).toBe(404);
  });
});

describe("v1 trigger-bulk", () => {
  it("skips duplicate payloads (canonical JSON) in one request: item_count 5, created_count 3; runs finish with results", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const res = await trigger(key, job.id, [{ a: 1, b: 2 }, { c: 3 }, { b: 2, a: 1 }, { d: 4 }, { c: 3 }]);
    expect(res.status).toBe(201);
    const op = res.json.batch_operation;
    expect(Object.keys(op).sort()).toEqual(["created_at", "created_by", "created_count", "finished_at", "id", "item_count", "job_id", "project_id"]);
    expect(op).toMatchObject({ project_id: projectId, job_id: job.id, item_count: 5, created_count: 3, created_by: job.created_by, finished_at: null });
    expect(res.json.runs.map((r: any) => [r.batch_id, r.payload])).toEqual([
      [op.id, { a: 1, b: 2 }],
      [op.id, { c: 3 }],
      [op.id, { d: 4 }],
    ]);

    const finished = await waitForFinished(key, projectId, op.id);
    expect(finished).toMatchObject({ ...op, finished_at: expect.any(String) });
    const runs = await call("GET", `/v1/runs?batch_id=${op.id}&limit=2`, { key });
    expect(runs.json.data.map((r: any) => [r.status, r.result])).toEqual([
      ["completed", { a: 1, b: 2 }],
      ["completed", { c: 3 }],
    ]);
    const last = await call("GET", `/v1/runs?batch_id=${op.id}&cursor=${runs.json.next_cursor}`, { key });
    expect(last.json).toMatchObject({ data: [{ status: "completed", payload: { d: 4 } }], next_cursor: null });
    const one = await call("GET", `/v1/runs/${res.json.runs[0].id}`, { key });
    expect(one.json).toMatchObject({ id: res.json.runs[0].id, batch_id: op.id, job_id: job.id, status: "completed", errors: null });
    // One engine: the batch operation is a v2 batch too.
    expect((await call("GET", `/v2/batch/operations/${op.id}`, { key })).json).toMatchObject({ status: "succeeded", progress: { rows_total: 3 } });
  });

  it("deduplicates across requests inside the window and not after it (injected clock)", async () => {
    const { key, projectId } = await newProject();
    const { id } = await createJob(key, { dedup_window_secs: 60 });
    const db = openDb(env.DB);
    const job = (await findJob(db, projectId, id))!;
    const caller = await callerOf(projectId);
    const started: string[] = [];
    const at = async (secs: number) => {
      const triggered = await triggerBulk({ env, now: new Date(Date.UTC(2026, 10, 25, 12, 0, secs)) }, caller, job, [{ payload: { to: "ada" } }, { payload: { to: "bob" } }]);
      if (!triggered.ok) throw new Error(triggered.error.message);
      started.push(triggered.value.operation.id);
      return triggered.value;
    };

    expect((await at(0)).operation.createdCount).toBe(2);
    expect((await at(59)).operation.createdCount).toBe(0); // inside the window
    expect((await at(60)).operation.createdCount).toBe(2); // the window is over
    expect((await at(61)).operation.createdCount).toBe(0); // a new window started at 60
    // Each trigger started a batch: none may still be running when this file's environment closes.
    for (const opId of started) await waitForFinished(key, projectId, opId);
  });

  it("with no window, identical payloads all run", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 0 });
    const res = await trigger(key, job.id, [{ x: 1 }, { x: 1 }]);
    expect(res.json.batch_operation).toMatchObject({ item_count: 2, created_count: 2 });
    await waitForFinished(key, projectId, res.json.batch_operation.id);
  });

  it("lists batch operations by project with cursors; another project's id is 404", async () => {
    const { key, projectId } = await newProject();
    const stranger = await newProject("stranger");
    const job = await createJob(key, { dedup_window_secs: 0 });
    const first = (await trigger(key, job.id, [{ n: 1 }])).json.batch_operation;
    const second = (await trigger(key, job.id, [{ n: 2 }])).json.batch_operation;
    const page = await call("GET", `/v1/batch-operations?project_id=${projectId}&limit=1`, { key });
    expect(page.json.data.map((o: any) => o.id)).toEqual([second.id]);
    const rest = await call("GET", `/v1/batch-operations?project_id=${projectId}&limit=1&cursor=${page.json.next_cursor}`, { key });
    expect(rest.json.data.map((o: any) => o.id)).toEqual([first.id]);
    expect(rest.json.next_cursor).toBeNull();

    expect((await call("GET", `/v1/batch-operations?project_id=${projectId}`, { key: stranger.key })).status).toBe(404);
    expect((await call("GET", `/v1/batch-operations/${first.id}?project_id=${stranger.projectId}`, { key: stranger.key })).status).toBe(404);
    expect((await call("GET", `/v1/batch-operations/${first.id}?project_id=${projectId}`, { key: stranger.key })).status).toBe(404);
    expect((await call("GET", `/v1/runs?batch_id=${first.id}`, { key: stranger.key })).status).toBe(404);
    expect((await call("GET", "/v1/batch-operations", { key })).status).toBe(422);
    expect((await trigger(stranger.key, job.id, [{ n: 3 }])).status).toBe(404);
    for (const op of [first, second]) await waitForFinished(key, projectId, op.id);
  });

  it("a run whose row fails shows failed with the row's errors", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { operation: "contacts.upsert", dedup_window_secs: 0 });
    const res = await trigger(key, job.id, [{ email: "ada@example.com", name: "Ada" }, { email: "nope" }]);
    await waitForFinished(key, projectId, res.json.batch_operation.id);
    const runs = (await call("GET", `/v1/runs?batch_id=${res.json.batch_operation.id}`, { key })).json.data;
    expect(runs.map((r: any) => r.status)).toEqual(["completed", "failed"]);
    expect(runs[1].errors).toEqual([expect.objectContaining({ code: "validation_failed", field: "email" })]);
  });
});

describe("v1 trigger-bulk at size", () => {
  it("triggers 40 items (more than D1 binds in one statement) as 40 runs in item order", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const payloads = Array.from({ length: 40 }, (_, n) => ({ n }));
    const res = await trigger(key, job.id, payloads);
    expect(res.status, res.text).toBe(201);
    expect(res.json.batch_operation).toMatchObject({ item_count: 40, created_count: 40 });
    expect(res.json.runs.map((r: any) => r.payload)).toEqual(payloads);
    await waitForFinished(key, projectId, res.json.batch_operation.id);
    const runs = (await call("GET", `/v1/runs?batch_id=${res.json.batch_operation.id}&limit=1000`, { key })).json.data;
    expect(runs.map((r: any) => [r.status, r.result])).toEqual(payloads.map((p) => ["completed", p]));
  });

  it("takes 1000 items of 3 KB each (3 MB of payloads, several statements) and finishes with 1000 runs in item order", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const payloads = Array.from({ length: 1000 }, (_, n) => ({ n, pad: "x".repeat(3000) }));
    const res = await trigger(key, job.id, payloads);
    expect(res.status, res.text).toBe(201);
    expect(res.json.batch_operation).toMatchObject({ item_count: 1000, created_count: 1000 });
    expect(new Set(res.json.runs.map((r: any) => r.id)).size).toBe(1000);
    const finished = await waitForFinished(key, projectId, res.json.batch_operation.id);
    expect(finished.created_count).toBe(1000);
    const runs = (await call("GET", `/v1/runs?batch_id=${finished.id}&limit=1000`, { key })).json;
    expect(runs.next_cursor).toBeNull();
    expect(runs.data.map((r: any) => [r.status, r.payload.n])).toEqual(payloads.map((p) => ["completed", p.n]));
  });

  it("takes 999 items with duplicates among them: one run per distinct payload, numbered in item order", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const payloads = Array.from({ length: 999 }, (_, n) => ({ n: n % 500 }));
    const res = await trigger(key, job.id, payloads);
    expect(res.status, res.text).toBe(201);
    expect(res.json.batch_operation).toMatchObject({ item_count: 999, created_count: 500 });
    expect(res.json.runs.map((r: any) => r.payload.n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    await waitForFinished(key, projectId, res.json.batch_operation.id);
  });

  it("refuses 0 and 1001 items with 422 naming items, and records nothing", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    for (const n of [0, 1001]) {
      const res = await trigger(key, job.id, Array.from({ length: n }, (_, i) => ({ i })));
      expect(res.status, `${n} items`).toBe(422);
      expect(res.json.error.details).toEqual([expect.objectContaining({ field: "items" })]);
    }
    const big = await trigger(key, job.id, [{ a: 1 }, { s: "x".repeat(1024 * 1024) }]);
    expect(big.status).toBe(422);
    expect(big.json.error.details).toEqual([expect.objectContaining({ field: "items.1.payload" })]);
    expect((await call("GET", `/v1/batch-operations?project_id=${projectId}`, { key })).json.data).toEqual([]);
    const claims = await env.DB.prepare("SELECT count(*) AS n FROM job_triggers WHERE job_id = ?").bind(job.id).first<{ n: number }>();
    expect(claims!.n).toBe(0);
  });

  it("answers a body over 10 MB with 413", async () => {
    const { key } = await newProject();
    const job = await createJob(key, {});
    const res = await trigger(key, job.id, Array.from({ length: 25 }, () => ({ s: "x".repeat(450 * 1024) })));
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });
});
