import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { purgeExpiredResults } from "../../src/reports/retention";
import { createBatch, newProject, waitForTerminal } from "../setup/api";

const DAY = 86_400_000;

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

    expect(await purgeExpiredResults(env, new Date(Date.now() + 29 * DAY))).toBe(0);
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM row_results WHERE batch_id = ?").bind(json.id).first<{ n: number }>())!.n;
    const objects = async () => (await env.BUCKET.list({ prefix: `batches/${json.id}/` })).objects.length;
    expect(await count()).toBe(2);
    expect(await objects()).toBeGreaterThan(0);

    expect(await purgeExpiredResults(env, new Date(Date.now() + 31 * DAY))).toBe(1);
    expect(await count()).toBe(0);
    expect(await objects()).toBe(0);
    // The batch object forgets the rows too; the record stays.
    const stub = env.BATCH.get(env.BATCH.idFromString(json.id.slice(4))) as DurableObjectStub;
    const leftover = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT count(*) AS n FROM chunks WHERE payload IS NOT NULL").one().n);
    expect(leftover).toBe(0);
    const status = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec<{ s: string }>("SELECT json_extract(doc, '$.status') AS s FROM batch").one().s);
    expect(status).toBe("partially_failed");
    expect(await purgeExpiredResults(env, new Date(Date.now() + 32 * DAY))).toBe(0);
  });
});
