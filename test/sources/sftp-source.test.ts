import { describe, expect, it } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";
import { createCredentials, sidecar, uploadAsSidecar } from "../setup/sftp";

const MiB = 1024 * 1024;
const line = (i: number) => `{"unique_id":"u${i}","email":"person${i}@example.com","name":"Person ${i}"}\n`;

/**
 * JSONL of 35 contacts in two multipart parts: the first exactly 5 MiB (R2's
 * smallest non-final part). Blank lines after line 20 fill it (they are not
 * rows), so the test stays small in rows; line 21 straddles the part boundary.
 */
function twoPartJsonl(): [Uint8Array, Uint8Array] {
  const head = Array.from({ length: 20 }, (_, i) => line(i + 1)).join("");
  const straddler = line(21);
  const first = head + "\n".repeat(5 * MiB - head.length - 10) + straddler.slice(0, 10);
  const second = straddler.slice(10) + Array.from({ length: 14 }, (_, i) => line(i + 22)).join("");
  return [new TextEncoder().encode(first), new TextEncoder().encode(second)];
}

const source = (credentials_id: string, path: string, format = "csv") => ({ kind: "sftp", credentials_id, path, format });

describe("sftp batch source", () => {
  it("runs a file the sidecar uploaded in parts to succeeded, every row counted once", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const parts = twoPartJsonl();
    expect(parts[0].byteLength).toBe(5 * MiB);
    expect((await uploadAsSidecar(cred.id, "in/orders.jsonl.pgp", parts)).status).toBe(200);

    const created = await createBatch(key, { operation: "contacts.upsert", source: source(cred.id, "./in/orders.jsonl.pgp", "jsonl") });
    expect(created.status, created.text).toBe(201);
    expect(created.json.source).toEqual(source(cred.id, "in/orders.jsonl.pgp", "jsonl"));
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 35, rows_processed: 35, rows_succeeded: 35, rows_failed: 0 } });
    const results = await call("GET", `/v2/batch/operations/${batch.id}/result?limit=1000`, { key });
    expect(results.json.results.map((r: { source_identifier: string }) => r.source_identifier)).toEqual(Array.from({ length: 35 }, (_, i) => `u${i + 1}`));
  });

  it("refuses at creation (422) a file whose upload failed, with the recorded reason", async () => {
    const { key } = await newProject();
    const cred = await createCredentials(key);
    const started = await sidecar("POST", `/credentials/${cred.id}/uploads`, { path: "orders.csv.pgp" });
    await sidecar("POST", `/credentials/${cred.id}/uploads/${started.json.upload_id}/abort`, {
      path: "orders.csv.pgp",
      error: "decryption failed: not encrypted to this credential's key",
    });
    const res = await createBatch(key, { operation: "echo", source: source(cred.id, "orders.csv.pgp") });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain("decryption failed: not encrypted to this credential's key");
    expect(res.json.error.details[0].field).toBe("source.path");
  });

  it("refuses a missing path, a path outside the root, another project's credentials and revoked ones (422 naming the field)", async () => {
    const owner = await newProject("owner");
    const stranger = await newProject("stranger");
    const cred = await createCredentials(owner.key);
    await uploadAsSidecar(cred.id, "orders.csv", [new TextEncoder().encode("unique_id\nu1\n")]);

    const cases: [string, unknown, string, RegExp][] = [
      [owner.key, source(cred.id, "nope.csv"), "source.path", /No file was uploaded at nope.csv/],
      [owner.key, source(cred.id, "../orders.csv"), "source.path", /'\.\.'/],
      [owner.key, source(cred.id, "/orders.csv"), "source.path", /relative/],
      [stranger.key, source(cred.id, "orders.csv"), "source.credentials_id", /No SFTP credentials with this id/],
      [owner.key, source("sfc_unknown", "orders.csv"), "source.credentials_id", /No SFTP credentials with this id/],
    ];
    for (const [key, src, field, message] of cases) {
      const res = await createBatch(key, { operation: "echo", source: src });
      expect(res.status, JSON.stringify(src)).toBe(422);
      expect(res.json.error.details[0]).toMatchObject({ field, message: expect.stringMatching(message) });
    }
    const csv = await createBatch(owner.key, { operation: "echo", source: source(cred.id, "orders.csv") });
    expect(csv.status).toBe(201);
    expect((await waitForTerminal(owner.key, csv.json.id)).progress).toMatchObject({ rows_total: 1, rows_succeeded: 1 });

    await call("DELETE", `/v2/partner/sftp-credentials/${cred.id}`, { key: owner.key, headers: { "X-Operator-Override": "destructive" } });
    const revoked = await createBatch(owner.key, { operation: "echo", source: source(cred.id, "orders.csv") });
    expect(revoked.status).toBe(422);
    expect(revoked.json.error.details[0]).toMatchObject({ field: "source.credentials_id", message: expect.stringMatching(/revoked/) });
  });
});
