import { describe, expect, it, vi } from "vitest";
import { ADMIN_TOKEN, call, createBatch, newProject, waitForTerminal } from "../setup/api";

const echo = (rows: unknown[]) => ({ operation: "echo", source: { kind: "inline", rows } });

describe("tenant isolation", () => {
  it("answers another project's batch with 404 on every route", async () => {
    const owner = await newProject("owner");
    const stranger = await newProject("stranger");
    const { json } = await createBatch(owner.key, echo([{ a: 1 }]));
    await waitForTerminal(owner.key, json.id);
    for (const suffix of ["", "/errors", "/result", "/errors.jsonl", "/result.jsonl"]) {
      const res = await call("GET", `/v2/batch/operations/${json.id}${suffix}`, { key: stranger.key });
      expect(res.status, suffix).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    expect((await call("GET", "/v2/batch/operations", { key: stranger.key })).json.data).toEqual([]);
  });

  it("answers ids that are not batch ids with 404", async () => {
    const { key } = await newProject();
    for (const id of ["nope", `bat_${"0".repeat(64)}`, `bat_${"z".repeat(64)}`]) {
      expect((await call("GET", `/v2/batch/operations/${id}`, { key })).status).toBe(404);
    }
  });
});

describe("listing batches", () => {
  it("pages newest first with a cursor and filters by status", async () => {
    const { key } = await newProject();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createBatch(key, echo(i === 2 ? [7] : [{ i }]))).json.id);
    for (const id of ids) await waitForTerminal(key, id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/v2/batch/operations?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.data.map((b: any) => b.id));
      cursor = res.json.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    // The list reads the D1 mirror, which follows the batch object within about a second.
    const failed = await vi.waitFor(async () => {
      const res = await call("GET", "/v2/batch/operations?status=failed", { key });
      expect(res.json.data.map((b: any) => b.id)).toEqual([ids[2]]);
      return res;
    });
    expect(failed.json.data[0]).toMatchObject({ status: "failed", progress: { rows_failed: 1 } });
    expect((await call("GET", "/v2/batch/operations?status=bogus", { key })).status).toBe(422);
  });

  it("records the creating key's surface and lists by it", async () => {
    const { projectId, key } = await newProject();
    const partner = (await call("POST", `/v2/admin/projects/${projectId}/api-keys`, { key: ADMIN_TOKEN, body: { surface: "partner" } })).json;
    const viaPartner = await createBatch(partner.api_key, echo([{ p: 1 }]));
    const viaBatch = await createBatch(key, echo([{ b: 1 }]));
    expect(viaPartner.json.surface).toBe("partner");
    expect(viaBatch.json.surface).toBe("batch");
    expect((await call("GET", "/v2/batch/operations", { key: partner.api_key })).json.data.map((b: any) => b.id)).toEqual([viaPartner.json.id]);
    expect((await call("GET", "/v2/batch/operations", { key })).json.data.map((b: any) => b.id)).toEqual([viaBatch.json.id]);
    // Surfaces partition listing, not access: the same project reads either batch by id.
    expect((await call("GET", `/v2/batch/operations/${viaPartner.json.id}`, { key })).status).toBe(200);
    // Leave nothing running: a batch still logging after the file ends fails the run (vitest teardown).
    await Promise.all([waitForTerminal(key, viaPartner.json.id), waitForTerminal(key, viaBatch.json.id)]);
  });
});
