import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { createBudget } from "../../src/domain/budget";
import { runRetention } from "../../src/reports/retention";
import { storedRowCount } from "../helpers/stored-results";
import { createBatch, newProject, waitForTerminal } from "../setup/api";

const DAY = 86_400_000;

/** Runs the retention job at `now` until it reports nothing left; returns every run's report. */
async function runUntilComplete(now: Date, budget: () => ReturnType<typeof createBudget>) {
  const reports = [];
  for (let run = 0; run < 50; run++) {
    const report = await runRetention(env, now, budget());
    reports.push(report);
    if (report.complete) return reports;
  }
  throw new Error("the retention job never completed");
}

/**
 * `n` finished batches as the purge job sees them: a D1 mirror row (completed
 * at `completedAt`), three result rows and an R2 error report each. Their
 * batch objects are real but empty, as after a batch's rows were dropped.
 */
async function seedFinishedBatches(n: number, completedAt: Date) {
  const ids = Array.from({ length: n }, () => `bat_${env.BATCH.newUniqueId().toString()}`);
  const at = completedAt.toISOString();
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO batches (id, project_id, surface, status, created_at, completed_at, version, doc) SELECT value, 'prj_seeded', 'batch', 'succeeded', ?1, ?1, 1, '{}' FROM json_each(?2)",
    ).bind(at, JSON.stringify(ids)),
    env.DB.prepare(
      "INSERT INTO row_results (batch_id, row_number, status, body, sample_bucket) SELECT b.value, r.value, 'succeeded', '{}', 0 FROM json_each(?1) AS b, json_each('[1,2,3]') AS r",
    ).bind(JSON.stringify(ids)),
  ]);
  for (const id of ids) await env.BUCKET.put(`batches/${id}/errors/00000000.jsonl`, "{}\n");
  return ids;
}

const unpurged = async (ids: string[]) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM batches WHERE purged_at IS NULL AND id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(ids)).first<{ n: number }>())!.n;
const resultRows = async (ids: string[]) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM row_results WHERE batch_id IN (SELECT value FROM json_each(?))").bind(JSON.stringify(ids)).first<{ n: number }>())!.n;

describe("result retention", () => {
  it("purges results and reports of batches finished longer ago than the retention, once", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }, 5] } });
    const batch = await waitForTerminal(key, json.id);
    expect(batch.status).toBe("partially_failed");
    // The purge job reads the D1 mirror, which follows the batch object closely.
    await vi.waitFor(async () => {
      const row = await env.DB.prepare("SELECT completed_at FROM batches WHERE id = ?").bind(json.id).first<{ completed_at: string | null }>();
      expect(row?.completed_at).toBeTruthy();
    });

    expect((await runRetention(env, new Date(Date.now() + 29 * DAY))).batchesPurged).not.toContain(json.id);
    const count = () => storedRowCount(json.id);
    const objects = async () => (await env.BUCKET.list({ prefix: `batches/${json.id}/` })).objects.length;
    expect(await count()).toBe(2);
    expect(await objects()).toBeGreaterThan(0);

    expect((await runRetention(env, new Date(Date.now() + 31 * DAY))).batchesPurged).toContain(json.id);
    expect(await count()).toBe(0);
    expect(await objects()).toBe(0);
    // The batch object forgets the rows too; the record stays.
    const stub = env.BATCH.get(env.BATCH.idFromString(json.id.slice(4))) as DurableObjectStub;
    const leftover = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT count(*) AS n FROM chunks WHERE payload IS NOT NULL").one().n);
    expect(leftover).toBe(0);
    const status = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ s: string }>("SELECT json_extract(doc, '$.status') AS s FROM batch").one().s);
    expect(status).toBe("partially_failed");
    expect((await runRetention(env, new Date(Date.now() + 32 * DAY))).batchesPurged).not.toContain(json.id);
  });

  it("purges far more batches than one page (50) in a single run", async () => {
    const ids = await seedFinishedBatches(120, new Date(Date.now() - 40 * DAY));
    const report = await runRetention(env, new Date());
    expect(report.complete).toBe(true);
    expect(report.batchesPurged).toEqual(expect.arrayContaining(ids));
    expect(await unpurged(ids)).toBe(0);
    expect(await resultRows(ids)).toBe(0);
    expect((await env.BUCKET.list({ prefix: `batches/${ids[119]}/` })).objects).toEqual([]);
  });

  it("a run stops when its subrequest budget is spent, and the next runs go on until every due batch is purged", async () => {
    const ids = await seedFinishedBatches(60, new Date(Date.now() - 40 * DAY));
    const reports = await runUntilComplete(new Date(), () => createBudget({ subrequests: 60, wallMs: 60_000 }));
    expect(reports.length).toBeGreaterThan(2);
    for (const report of reports.slice(0, -1)) {
      expect(report.complete).toBe(false);
      expect(report.subrequests).toBeLessThanOrEqual(60);
      expect(report.batchesPurged.length).toBeGreaterThan(0);
    }
    expect(reports.flatMap((r) => r.batchesPurged)).toEqual(expect.arrayContaining(ids));
    expect(await unpurged(ids)).toBe(0);
    expect(await resultRows(ids)).toBe(0);
  });

  it("a run stops at its deadline, and the next one goes on", async () => {
    const ids = await seedFinishedBatches(30, new Date(Date.now() - 40 * DAY));
    // A clock that moves 1 ms whenever the budget looks at it: the deadline comes after 40 looks.
    let clock = 0;
    const first = await runRetention(env, new Date(), createBudget({ subrequests: 10_000, wallMs: 40 }, () => clock++));
    expect(first.complete).toBe(false);
    expect(first.batchesPurged.length).toBeGreaterThan(0);
    expect(await unpurged(ids)).toBeGreaterThan(0);

    const second = await runRetention(env, new Date());
    expect(second.complete).toBe(true);
    expect(await unpurged(ids)).toBe(0);
  });
});
