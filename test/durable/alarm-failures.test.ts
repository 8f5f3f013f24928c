import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, inject, it, vi } from "vitest";
import type { BatchDurableObject } from "../../src/durable/batch-object";
import { MAX_ALARM_FAILURES } from "../../src/domain/backoff";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const peer = inject("httpPeer");
const stubFor = (id: string) => env.BATCH.get(env.BATCH.idFromString(id.slice(4))) as DurableObjectStub<BatchDurableObject>;
const failuresOf = (id: string) => runInDurableObject(stubFor(id), (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT alarm_failures AS n FROM watchdog").one().n);

describe("batch alarm failures", () => {
  it("ends a batch whose source keeps failing as failed with the reason after a bounded number of runs, and stops", async () => {
    const { key } = await newProject();
    // A server that answers 503 every time: a transient failure, each run.
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "signed_url", url: `${peer}/flaky/down.csv?fail=1000000`, format: "csv" } });
    const stub = stubFor(json.id);
    // Each failed run re-arms with backoff (1 s, 2 s, …); run them now instead of waiting.
    const batch = await vi.waitFor(
      async () => {
        await runDurableObjectAlarm(stub);
        const res = await call("GET", `/v2/batch/operations/${json.id}`, { key });
        expect(res.json.status).toBe("failed");
        return res.json;
      },
      { timeout: 20_000, interval: 10 },
    );
    expect(batch.failure).toEqual({ code: "source_unreadable", message: expect.stringContaining(`failed ${MAX_ALARM_FAILURES} times in a row; last: The source URL answered 503`) });
    expect(batch.progress).toMatchObject({ rows_total: null, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 });
    // One more run writes the mirror; then nothing is left to run.
    await runDurableObjectAlarm(stub);
    expect(await runInDurableObject(stub, (_i, state) => state.storage.getAlarm())).toBeNull();
    const mirrored = await env.DB.prepare("SELECT status FROM batches WHERE id = ?").bind(json.id).first<{ status: string }>();
    expect(mirrored?.status).toBe("failed");
  });

  it("rides out a source that answers 503 a few times, then reads it whole", async () => {
    const { key } = await newProject();
    await fetch(`${peer}/files/flaky.csv`, { method: "PUT", body: "unique_id,n\na,1\nb,2\n" });
    const { json } = await createBatch(key, { operation: "echo", source: { kind: "signed_url", url: `${peer}/flaky/flaky.csv?fail=3`, format: "csv" } });
    const stub = stubFor(json.id);
    await vi.waitFor(
      async () => {
        await runDurableObjectAlarm(stub);
        expect((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.status).not.toMatch(/accepted/);
        expect(await failuresOf(json.id)).toBe(0);
        expect((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.progress.rows_total).toBe(2);
      },
      { timeout: 20_000, interval: 10 },
    );
    expect(await waitForTerminal(key, json.id)).toMatchObject({ status: "succeeded", progress: { rows_total: 2, rows_succeeded: 2 } });
  });
});
