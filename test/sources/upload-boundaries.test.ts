import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readChunkRows } from "../../src/queues/chunk-rows";
import { r2Reader } from "../../src/sources/r2-reader";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const put = (url: string, body: string) =>
  exports.default.fetch(new Request(url, { method: "PUT", body, headers: { "Content-Length": String(new TextEncoder().encode(body).byteLength) } }));

describe("upload URLs take one file", () => {
  it("answers a second PUT with 409 upload_exists and keeps the first file", async () => {
    const { key } = await newProject();
    const issued = (await call("POST", "/v2/uploads", { key, body: { format: "csv" } })).json;
    expect(issued.upload_headers).toEqual({});
    expect((await put(issued.upload_url, "unique_id\na\n")).status).toBe(200);
    const again = await put(issued.upload_url, "unique_id\nevil\n");
    expect(again.status).toBe(409);
    expect((await again.json<any>()).error.code).toBe("upload_exists");
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: issued.source })).json.id);
    const results = (await call("GET", `/v2/batch/operations/${batch.id}/result`, { key })).json.results;
    expect(results.map((r: any) => r.result.unique_id)).toEqual(["a"]);
  });
});

describe("content served back", () => {
  it("serves an upload as its declared format, never as the type it was sent with, and as a download", async () => {
    const { key } = await newProject();
    const issued = (await call("POST", "/v2/uploads", { key, body: { format: "csv" } })).json;
    const html = "<script>alert(document.cookie)</script>\n";
    const sent = await exports.default.fetch(
      new Request(issued.upload_url, { method: "PUT", body: html, headers: { "Content-Type": "text/html", "Content-Length": String(html.length) } }),
    );
    expect(sent.status).toBe(200);
    for (const headers of [{}, { Range: "bytes=0-7" }] as Record<string, string>[]) {
      const res = await exports.default.fetch(new Request(issued.source.url, { headers }));
      expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="upl_\w+\.csv"$/);
      await res.arrayBuffer();
    }
  });

  it("serves the JSONL reports the same way", async () => {
    const { key } = await newProject();
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }, 5] } })).json.id);
    for (const file of ["errors.jsonl", "result.jsonl"]) {
      const res = await call("GET", `/v2/batch/operations/${batch.id}/${file}`, { key });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/x-ndjson");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; /);
    }
  });
});

describe("a batch reads the version of the file it started with", () => {
  const v1 = "unique_id,n\na,1\nb,2\n";

  it("refuses to read an object of this service's bucket that changed after its first read", async () => {
    await env.BUCKET.put("uploads/pin/one.csv", v1);
    const reader = r2Reader(env.BUCKET, "uploads/pin/one.csv");
    const stat = await reader.stat();
    expect(stat.etag).toMatch(/\w+/);
    await env.BUCKET.put("uploads/pin/one.csv", "unique_id,n\nz,9\ny,8\n");
    await expect((await reader.streamFrom(0, stat)).getReader().read()).rejects.toThrow(/changed after this batch first read it/);
    await expect(r2Reader(env.BUCKET, "uploads/pin/one.csv", stat.etag).stat()).rejects.toThrow(/changed/);
  });

  it("turns a chunk's rows into source_changed errors when their range now holds another version", async () => {
    const first = await env.BUCKET.put("uploads/pin/two.csv", v1);
    const range = { key: "uploads/pin/two.csv", offset: 12, length: 8, format: "csv" as const, header: ["unique_id", "n"], etag: first!.etag };
    expect(await readChunkRows(env.BUCKET, { range }, 2)).toEqual([
      { ok: true, value: { unique_id: "a", n: "1" } },
      { ok: true, value: { unique_id: "b", n: "2" } },
    ]);
    await env.BUCKET.put("uploads/pin/two.csv", "unique_id,n\nz,9\ny,8\n");
    const rows = await readChunkRows(env.BUCKET, { range }, 2);
    expect(rows.map((r) => (r.ok ? "ok" : r.errors[0]!.code))).toEqual(["source_changed", "source_changed"]);
  });
});

describe("byte ranges of an upload", () => {
  it("answers a range past the end with 416 in the error envelope, and ignores one it does not take", async () => {
    const { key } = await newProject();
    const issued = (await call("POST", "/v2/uploads", { key, body: { format: "csv" } })).json;
    expect((await put(issued.upload_url, "unique_id\na\n")).status).toBe(200);
    const past = await exports.default.fetch(new Request(issued.source.url, { headers: { Range: "bytes=999999999-" } }));
    expect(past.status).toBe(416);
    expect(past.headers.get("Content-Range")).toBe("bytes */12");
    expect((await past.json<any>()).error.code).toBe("range_not_satisfiable");
    const ignored = await exports.default.fetch(new Request(issued.source.url, { headers: { Range: "bytes=5-2" } }));
    expect(ignored.status).toBe(200);
    expect(await ignored.text()).toBe("unique_id\na\n");
    const suffix = await exports.default.fetch(new Request(issued.source.url, { headers: { Range: "bytes=-2" } }));
    expect([suffix.status, suffix.headers.get("Content-Range"), await suffix.text()]).toEqual([206, "bytes 10-11/12", "a\n"]);
  });
});
