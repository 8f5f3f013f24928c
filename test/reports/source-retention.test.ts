import { env } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { runRetention } from "../../src/reports/retention";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";
import { createCredentials, uploadAsSidecar } from "../setup/sftp";
import { uploadFile } from "../helpers/uploads";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const uploadKey = async (id: string) => (await env.DB.prepare("SELECT r2_key FROM uploads WHERE id = ?").bind(id).first<{ r2_key: string }>())?.r2_key;
const exists = async (r2Key: string) => (await env.BUCKET.head(r2Key)) !== null;

/** Runs a batch to its end and waits for its D1 mirror (what the retention job reads); returns its completion time. */
async function finish(key: string, batchId: string): Promise<number> {
  await waitForTerminal(key, batchId);
  return vi.waitFor(async () => {
    const row = await env.DB.prepare("SELECT completed_at FROM batches WHERE id = ?").bind(batchId).first<{ completed_at: string | null }>();
    expect(row?.completed_at).toBeTruthy();
    return Date.parse(row!.completed_at!);
  });
}

/** Two runs at `now`: a batch purged in the first frees its sources for the second. */
async function retainAt(now: number) {
  const first = await runRetention(env, new Date(now));
  const second = await runRetention(env, new Date(now));
  return [...first.sourceObjectsDeleted, ...second.sourceObjectsDeleted];
}

describe("source object retention", () => {
  it("an upload stays while its URL is valid or a batch that read it is not purged; then it goes with its record", async () => {
    const { key } = await newProject();
    const used = await uploadFile(key, "csv", "unique_id\nu1\n");
    const unused = await uploadFile(key, "csv", "unique_id\nu2\n");
    const [usedKey, unusedKey] = [(await uploadKey(used.id))!, (await uploadKey(unused.id))!];
    const created = await createBatch(key, { operation: "echo", source: used.source });
    expect(created.status, created.text).toBe(201);
    const completedAt = await finish(key, created.json.id);

    // While the URLs are valid (24 h) nothing goes: a new batch could still read either.
    expect(await retainAt(Date.now() + 2 * HOUR)).not.toEqual(expect.arrayContaining([usedKey]));
    expect([await exists(usedKey), await exists(unusedKey)]).toEqual([true, true]);

    // Past the URLs' expiry (and the grace): the unused upload goes; the one a live batch read stays.
    const deleted = await retainAt(Date.now() + 26 * HOUR);
    expect(deleted).toContain(unusedKey);
    expect(deleted).not.toContain(usedKey);
    expect([await exists(usedKey), await exists(unusedKey), await uploadKey(unused.id)]).toEqual([true, false, undefined]);

    // Once the batch's results are purged, no replay can read it again: it goes.
    expect(await retainAt(completedAt + 31 * DAY)).toContain(usedKey);
    expect([await exists(usedKey), await uploadKey(used.id)]).toEqual([false, undefined]);
    const catalogue = await env.DB.prepare("SELECT count(*) AS n FROM source_objects WHERE r2_key IN (?, ?)").bind(usedKey, unusedKey).first<{ n: number }>();
    expect(catalogue!.n).toBe(0);
  });

  it("a replay keeps the upload its parent read after the parent is purged", async () => {
    const { key } = await newProject();
    const upload = await uploadFile(key, "csv", "unique_id\nu1\nu2\n");
    const r2Key = (await uploadKey(upload.id))!;
    const parent = await createBatch(key, { operation: "echo", source: upload.source });
    const parentDone = await finish(key, parent.json.id);
    const replay = await call("POST", `/v2/batch/operations/${parent.json.id}/replay`, { key, body: { only: "all_rows" }, headers: { "Idempotency-Key": "again" } });
    expect(replay.status, replay.text).toBe(201);
    const replayDone = await finish(key, replay.json.id);
    expect(replayDone).toBeGreaterThan(parentDone);

    // The parent is due, the replay not yet.
    const between = parentDone + 30 * DAY + HOUR + (replayDone - parentDone) / 2;
    const first = await runRetention(env, new Date(between));
    expect(first.batchesPurged).toContain(parent.json.id);
    expect(first.batchesPurged).not.toContain(replay.json.id);
    expect(await retainAt(between)).not.toContain(r2Key);
    expect(await exists(r2Key)).toBe(true);

    expect(await retainAt(replayDone + 31 * DAY)).toContain(r2Key);
    expect(await exists(r2Key)).toBe(false);
  });

  it("an SFTP file replaced at its path goes once the batches that read it are purged; the current file stays", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const bytes = (text: string) => [new TextEncoder().encode(text)];
    expect((await uploadAsSidecar(cred.id, "in/orders.csv", bytes("unique_id\nu1\n"))).status).toBe(200);
    const fileKey = async () => (await env.DB.prepare("SELECT r2_key FROM sftp_files WHERE credentials_id = ? AND path = 'in/orders.csv'").bind(cred.id).first<{ r2_key: string }>())!.r2_key;
    const firstKey = await fileKey();
    const created = await createBatch(key, { operation: "echo", source: { kind: "sftp", credentials_id: cred.id, path: "in/orders.csv", format: "csv" } });
    expect(created.status, created.text).toBe(201);
    const completedAt = await finish(key, created.json.id);

    expect((await uploadAsSidecar(cred.id, "in/orders.csv", bytes("unique_id\nu2\n"))).status).toBe(200);
    const secondKey = await fileKey();
    expect(secondKey).not.toBe(firstKey);

    // Replaced, but the batch that read it can still be replayed: it stays.
    expect(await retainAt(Date.now() + 2 * HOUR)).not.toContain(firstKey);
    expect(await exists(firstKey)).toBe(true);

    const deleted = await retainAt(completedAt + 31 * DAY);
    expect(deleted).toContain(firstKey);
    expect(deleted).not.toContain(secondKey);
    expect([await exists(firstKey), await exists(secondKey)]).toEqual([false, true]);
    expect(await fileKey()).toBe(secondKey);
  });
});
