import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BatchDurableObject } from "../../src/durable/batch-object";
import { call, newProject, waitForTerminal } from "../setup/api";

describe("batch watchdog", () => {
  it("sends a chunk whose message was lost again, and dead-letters one that was sent too often", async () => {
    const { projectId, key } = await newProject();
    const objectId = env.BATCH.newUniqueId();
    const batchId = `bat_${objectId.toString()}`;
    const stub = env.BATCH.get(objectId) as DurableObjectStub<BatchDurableObject>;
    const longAgo = new Date(Date.now() - 3600_000).toISOString();
    await runInDurableObject(stub, async (_instance, state) => {
      const record = {
        id: batchId, project_id: projectId, surface: "batch", operation: "echo", params: {}, source: { kind: "inline", row_count: 4 },
        source_hash: "h", idempotency_key: "wd", created_by: "apikey:test", created_at: longAgo, parent_batch_id: null,
        status: "running", started_at: longAgo, completed_at: null,
        progress: { rows_total: 4, rows_processed: 0, rows_succeeded: 0, rows_failed: 0 }, failure: null, results_expire_at: null, version: 1,
      };
      const sql = state.storage.sql;
      sql.exec("INSERT INTO batch (id, doc, version) VALUES (1, ?, 1)", JSON.stringify(record));
      // Both chunks were "sent" an hour ago and never reported: their messages are gone.
      const insert = "INSERT INTO chunks (chunk_index, first_row_number, row_count, bytes, payload, enqueued_at, sends) VALUES (?, ?, 2, 20, ?, ?, ?)";
      sql.exec(insert, 0, 1, JSON.stringify([{ a: 1 }, { a: 2 }]), longAgo, 1);
      sql.exec(insert, 1, 3, JSON.stringify([{ a: 3 }, { a: 4 }]), longAgo, 3);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    const batch = await waitForTerminal(key, batchId);
    expect(batch).toMatchObject({ status: "partially_failed", progress: { rows_processed: 4, rows_succeeded: 2, rows_failed: 2 } });
    const errors = (await call("GET", `/v2/batch/operations/${batchId}/errors`, { key })).json.errors;
    expect(errors.map((e: any) => [e.row_number, e.errors[0].code])).toEqual([
      [3, "retry_exhausted"],
      [4, "retry_exhausted"],
    ]);
  });
});
