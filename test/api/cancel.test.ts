import { describe, expect, it, vi } from "vitest";
import { storedRowCount } from "../helpers/stored-results";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const echoRows = (n: number) => ({ operation: "echo", source: { kind: "inline", rows: Array.from({ length: n }, (_, i) => ({ unique_id: `r${i + 1}` })) } });
const destructive = { "X-Operator-Override": "destructive" };

describe("cancelling a batch", () => {
  it("stops rows that have not started; counters stay true; the action is audited", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, echoRows(1000)); // 100 chunks of 10
    const res = await call("DELETE", `/v2/batch/operations/${json.id}`, { key, headers: destructive });
    expect(res.status).toBe(204);

    const batch = await waitForTerminal(key, json.id);
    expect(batch.status).toBe("cancelled");
    expect(batch.completed_at).not.toBeNull();
    // Chunks already running when it was cancelled may still report; wait for the counters to settle.
    const settled = await vi.waitFor(
      async () => {
        const b = (await call("GET", `/v2/batch/operations/${json.id}`, { key })).json;
        const stored = await storedRowCount(json.id);
        expect(stored).toBe(b.progress.rows_processed);
        return b;
      },
      { timeout: 10_000 },
    );
    expect(settled.progress.rows_processed).toBeLessThan(1000);
    expect(settled.progress.rows_processed).toBe(settled.progress.rows_succeeded + settled.progress.rows_failed);
    expect(settled.status).toBe("cancelled");

    const audit = await call("GET", "/v2/audit-log", { key });
    expect(audit.json.data).toEqual([
      expect.objectContaining({ action: "batch.cancel", batch_id: json.id, actor: batch.created_by, request_id: res.headers.get("X-Request-Id") }),
    ]);
  });

  it("mid-flight on a slow operation: rows after the cancel never run, and the counters add up", async () => {
    const { key } = await newProject();
    const { json } = await createBatch(key, { ...echoRows(300), params: { delay_ms: 300 } }); // 30 chunks, 0.3 s each
    await vi.waitFor(async () => expect((await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.progress.rows_processed).toBeGreaterThan(0), {
      timeout: 10_000,
      interval: 20,
    });
    const atCancel = (await call("GET", `/v2/batch/operations/${json.id}`, { key })).json.progress.rows_processed;
    expect((await call("DELETE", `/v2/batch/operations/${json.id}`, { key, headers: destructive })).status).toBe(204);

    const counted = async () => {
      const b = (await call("GET", `/v2/batch/operations/${json.id}`, { key })).json;
      const stored = await storedRowCount(json.id);
      expect(stored).toBe(b.progress.rows_processed);
      expect(b.progress.rows_processed).toBe(b.progress.rows_succeeded + b.progress.rows_failed);
      return b;
    };
    // Chunks already running finish and are counted (each takes 0.3 s); then nothing changes any more.
    const later = await vi.waitFor(
      async () => {
        const before = await counted();
        await new Promise((resolve) => setTimeout(resolve, 700));
        const after = await counted();
        expect(after.progress).toEqual(before.progress);
        return after;
      },
      { timeout: 15_000 },
    );
    expect(later.status).toBe("cancelled");
    expect(later.progress.rows_processed).toBeLessThan(300);
    expect(later.progress.rows_processed - atCancel).toBeLessThanOrEqual(100);
  });

  it("needs X-Operator-Override: destructive (428), refuses a finished batch (409), and hides other projects' batches (404)", async () => {
    const owner = await newProject("owner");
    const stranger = await newProject("stranger");
    const { json } = await createBatch(owner.key, echoRows(3));
    const noHeader = await call("DELETE", `/v2/batch/operations/${json.id}`, { key: owner.key });
    expect(noHeader.status).toBe(428);
    expect(noHeader.json.error.code).toBe("operator_override_required");
    expect((await call("DELETE", `/v2/batch/operations/${json.id}`, { key: stranger.key, headers: destructive })).status).toBe(404);

    await waitForTerminal(owner.key, json.id);
    const late = await call("DELETE", `/v2/batch/operations/${json.id}`, { key: owner.key, headers: destructive });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe("batch_terminal");
    expect((await call("GET", "/v2/audit-log", { key: owner.key })).json.data).toEqual([]);
  });
});
