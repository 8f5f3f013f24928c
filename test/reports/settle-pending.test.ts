import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { planTrigger } from "../../src/triggers/plan-trigger";
import { openDb } from "../../src/db/client";
import { findJob } from "../../src/db/jobs";
import { recordTrigger } from "../../src/db/record-trigger";
import { addSourceRefs } from "../../src/db/source-objects";
import { runRetention } from "../../src/reports/retention";
import { newProject } from "../setup/api";
import { NOTHING_LEFT, callerOf, createJob, trigger, triggerLeftovers, waitForFinished } from "../helpers/v1";

const HOUR = 3_600_000;

describe("settling batches left pending", () => {
  it("forgets a trigger's rows and claims only once the batch object confirms there is no batch", async () => {
    const { key, projectId } = await newProject();
    const job = await createJob(key, { dedup_window_secs: 3600 });
    const items = [{ payload: { to: "ada" } }, { payload: { to: "bob" } }];
    // Step 1 of a trigger whose Worker died before step 2.
    const plan = await planTrigger(env, await callerOf(projectId), (await findJob(openDb(env.DB), projectId, job.id))!, items, new Date(), "died");
    await recordTrigger(env.DB, plan.record);
    const died = plan.record.batchId;
    // A trigger that did create its batch, but whose pending mark stayed (its confirmation failed).
    const done = await trigger(key, job.id, [{ to: "cy" }], "done");
    expect(done.status).toBe(201);
    const created = done.json.batch_operation.id;
    await env.DB.prepare("INSERT INTO pending_batches (batch_id, created_at) VALUES (?, ?)").bind(created, new Date().toISOString()).run();
    // Source references of a batch whose create never happened.
    const neverCreated = `bat_${env.BATCH.newUniqueId().toString()}`;
    await addSourceRefs(env.DB, neverCreated, { keys: ["uploads/prj_x/upl_x.csv"] }, new Date().toISOString());

    // Within the grace period a request may still be between its steps: nothing is touched.
    const early = await runRetention(env, new Date(Date.now() + HOUR / 2));
    expect(early.uncreatedBatchesForgotten).toEqual([]);
    expect(await triggerLeftovers(died, job.id)).toMatchObject({ operations: 1, runs: 2, pending: 1, batch: null });

    const later = await runRetention(env, new Date(Date.now() + 2 * HOUR));
    expect(later.uncreatedBatchesForgotten).toEqual(expect.arrayContaining([died, neverCreated]));
    expect(later.uncreatedBatchesForgotten).not.toContain(created);
    expect(await triggerLeftovers(died, job.id)).toEqual({ ...NOTHING_LEFT, claims: 1 }); // the claim left is the other trigger's
    expect(await triggerLeftovers(created, job.id)).toMatchObject({ operations: 1, runs: 1, pending: 0, batch: expect.objectContaining({ id: created }) });
    const refs = await env.DB.prepare("SELECT count(*) AS n FROM source_refs WHERE batch_id = ?").bind(neverCreated).first<{ n: number }>();
    expect(refs!.n).toBe(0);

    // The released payloads can be triggered again at once.
    const again = await trigger(key, job.id, items.map((i) => i.payload));
    expect(again.json.batch_operation).toMatchObject({ item_count: 2, created_count: 2 });
    await waitForFinished(key, projectId, again.json.batch_operation.id);
    await waitForFinished(key, projectId, created);
  });
});
