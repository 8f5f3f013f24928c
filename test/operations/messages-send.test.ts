import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

describe("messages.send per-row idempotency", () => {
  it("sends each idempotency_key once across chunks and returns the cached result for repeats", async () => {
    const { key } = await newProject();
    // 25 rows over 3 chunks; keys k0..k4 repeat every 5 rows; row 25 has no key.
    const rows = Array.from({ length: 25 }, (_, i) => ({
      to: `+1555000${i}`,
      body: `hello ${i}`,
      unique_id: `row-${i + 1}`,
      ...(i < 24 ? { idempotency_key: `k${i % 5}` } : {}),
    }));
    const { json } = await createBatch(key, { operation: "messages.send", source: { kind: "inline", rows }, params: { channel: "sms" } });
    const batch = await waitForTerminal(key, json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_succeeded: 25 } });

    const sent = await env.DB.prepare("SELECT idempotency_key, channel FROM outbox WHERE batch_id = ? ORDER BY idempotency_key").bind(json.id).all();
    expect(sent.results.map((r) => r.idempotency_key)).toEqual([null, "k0", "k1", "k2", "k3", "k4"]);
    expect(new Set(sent.results.map((r) => r.channel))).toEqual(new Set(["sms"]));

    const results = (await call("GET", `/v2/batch/operations/${json.id}/result?limit=100`, { key })).json.results;
    const byKey = new Map<string, Set<string>>();
    results.slice(0, 24).forEach((r: any, i: number) => {
      const k = `k${i % 5}`;
      byKey.set(k, (byKey.get(k) ?? new Set()).add(r.result.message_id));
    });
    for (const ids of byKey.values()) expect(ids.size).toBe(1);
    expect(results.filter((r: any) => r.result.deduplicated === false)).toHaveLength(6);
    expect(results.filter((r: any) => r.result.deduplicated === true)).toHaveLength(19);
  });
});
