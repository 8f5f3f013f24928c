import { env } from "cloudflare:test";
import { AwsClient } from "aws4fetch";
import { describe, expect, inject, it } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const peer = inject("httpPeer");
const s3 = new AwsClient({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", service: "s3", region: "us-east-1" });

const csvOf = (n: number) => "unique_id,email,note\n" + Array.from({ length: n }, (_, i) => `u${i + 1},p${i + 1}@example.com,"a, b\nc ${i}"`).join("\n") + "\n";

async function serve(name: string, text: string) {
  const res = await fetch(`${peer}/files/${name}`, { method: "PUT", body: text });
  expect(res.status).toBe(201);
  return `${peer}/files/${name}`;
}

async function rowNumbers(key: string, id: string) {
  const res = await call("GET", `/v2/batch/operations/${id}/result?limit=1000`, { key });
  return res.json.results.map((r: any) => r.row_number);
}

describe("signed_url sources", () => {
  it("reads a partner URL in byte ranges, copying each range to R2", async () => {
    const { key } = await newProject();
    const url = await serve("ranged.csv", csvOf(300));
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "contacts.upsert", source: { kind: "signed_url", url, format: "csv" } })).json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 300, rows_succeeded: 300 } });
    expect(await rowNumbers(key, batch.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const copies = await env.BUCKET.list({ prefix: `batches/${batch.id}/ranges/` });
    expect(copies.objects.length).toBeGreaterThan(1);
  });

  it("streams a server without Range support once, with the same result", async () => {
    const { key } = await newProject();
    const url = (await serve("plain.csv", csvOf(300))) + "?norange=1";
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "signed_url", url, format: "csv" } })).json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 300, rows_succeeded: 300 } });
    expect(await rowNumbers(key, batch.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it.each([
    ["a 404", () => `${peer}/files/nothing-here.csv`, "source_not_found"],
    ["a redirect to the metadata address", () => `${peer}/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`, "source_refused"],
    ["a redirect to a private address", () => `${peer}/redirect?to=${encodeURIComponent("https://10.0.0.7/export.csv")}`, "source_refused"],
    ["a source over the 50 GB cap", () => `${peer}/huge`, "source_too_large"],
  ])("fails the batch, counting nothing, for %s", async (_what, url, code) => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "signed_url", url: url(), format: "csv" } })).json.id);
    expect(batch).toMatchObject({ status: "failed", failure: { code }, progress: { rows_processed: 0, rows_total: null } });
  });

  it("refuses a private or non-https URL when the batch is created (422)", async () => {
    const { key } = await newProject();
    for (const url of ["https://192.168.0.10/x.csv", "http://files.example.com/x.csv", "https://user:pw@files.example.com/x.csv"]) {
      const res = await createBatch(key, { operation: "echo", source: { kind: "signed_url", url, format: "csv" } });
      expect(res.status, url).toBe(422);
      expect(res.json.error.details[0].field).toBe("source.url");
    }
  });
});

describe("s3 sources", () => {
  const endpoint = inject("s3Endpoint");
  const put = async (key: string, text: string) => expect((await s3.fetch(`${endpoint}/partner-exports/${key}`, { method: "PUT", body: text })).status).toBe(200);

  it("reads an object from the S3 server with the service's credentials", async () => {
    const { key } = await newProject();
    await put("exports/orders.csv", csvOf(250));
    const created = await createBatch(key, { operation: "echo", source: { kind: "s3", bucket: "partner-exports", key: "exports/orders.csv", format: "csv" } });
    expect(created.json.source).toEqual({ kind: "s3", bucket: "partner-exports", key: "exports/orders.csv", format: "csv" });
    const batch = await waitForTerminal(key, created.json.id);
    expect(batch).toMatchObject({ status: "succeeded", progress: { rows_total: 250, rows_succeeded: 250 } });
    expect(await rowNumbers(key, batch.id)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("exchanges assume_role_arn for temporary credentials via STS, with the project as external id, and reuses them", async () => {
    const { projectId, key } = await newProject();
    await put("jsonl/events.jsonl", Array.from({ length: 40 }, (_, i) => JSON.stringify({ unique_id: `e${i}` })).join("\n"));
    const roleArn = `arn:aws:iam::123456789012:role/bulk-reader-${projectId}`;
    const source = { kind: "s3", bucket: "partner-exports", key: "jsonl/events.jsonl", format: "jsonl", assume_role_arn: roleArn };
    const first = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source })).json.id);
    expect(first).toMatchObject({ status: "succeeded", progress: { rows_total: 40 } });
    const second = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source, params: {} }, "second-run")).json.id);
    expect(second.status).toBe("succeeded");

    const calls = ((await (await fetch(`${peer}/sts/calls`)).json()) as Record<string, string>[]).filter((c) => c.RoleArn === roleArn);
    expect(calls).toEqual([expect.objectContaining({ Action: "AssumeRole", ExternalId: projectId, signature: "valid", DurationSeconds: "3600" })]);
  });

  it("fails the batch when the object does not exist", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "s3", bucket: "partner-exports", key: "missing.csv", format: "csv" } })).json.id);
    expect(batch).toMatchObject({ status: "failed", failure: { code: "source_not_found" } });
  });

  it("refuses (422) a bucket outside S3_ALLOWED_BUCKETS without assume_role_arn, reading nothing with the service's credentials", async () => {
    const { key } = await newProject();
    // The S3 server holds this bucket, and the service's credentials could read it.
    await s3.fetch(`${endpoint}/operator-private`, { method: "PUT" });
    await s3.fetch(`${endpoint}/operator-private/secrets.csv`, { method: "PUT", body: "unique_id,secret\nx,hunter2\n" });
    const res = await createBatch(key, { operation: "echo", source: { kind: "s3", bucket: "operator-private", key: "secrets.csv", format: "csv" } });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: "source.assume_role_arn" })]);
  });

  it("never reads the service's own bucket, even through a role", async () => {
    const { key, projectId } = await newProject();
    const source = { kind: "s3", bucket: "BULK-OPS", key: "uploads/another-project/upl_1.csv", format: "csv", assume_role_arn: `arn:aws:iam::123456789012:role/r-${projectId}` };
    const res = await call("POST", "/v2/batch/operations", { key, body: { operation: "echo", source }, headers: { "Idempotency-Key": "own-bucket" } });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: "source.bucket" })]);
  });

  it("fails a missing object and a bucket the role may not read alike, telling neither apart", async () => {
    const { key, projectId } = await newProject();
    const missing = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "s3", bucket: "partner-exports", key: "nothing-here.csv", format: "csv" } })).json.id);
    const role = `arn:aws:iam::123456789012:role/r-${projectId}`;
    const noBucket = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "s3", bucket: "no-such-bucket", key: "x.csv", format: "csv", assume_role_arn: role } })).json.id);
    const strip = (f: { code: string; message: string }) => ({ code: f.code, message: f.message.replace(/^s3:\/\/\S+ /, "") });
    expect(strip(missing.failure)).toEqual(strip(noBucket.failure));
    expect(missing.failure.code).toBe("source_not_found");
  });
});
