import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/domain/hashing";
import { ADMIN_TOKEN, call, createBatch, newProject } from "../setup/api";

describe("request validation and error envelopes", () => {
  it("refuses an inline source over 1000 rows with 422 naming the field", async () => {
    const { key } = await newProject();
    const rows = Array.from({ length: 1001 }, (_, i) => ({ i }));
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows } });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details).toContainEqual(expect.objectContaining({ field: "source.rows" }));
  });

  it("names every bad field: unknown operation, unknown source kind", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "nope", source: { kind: "carrier_pigeon" } });
    expect(res.status).toBe(422);
    const fields = res.json.error.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["operation", "source.kind"]));
  });

  it("validates params against the operation's own schema", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "messages.send", source: { kind: "inline", rows: [] }, params: { channel: "fax" } });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toContainEqual(expect.objectContaining({ field: "params.channel" }));
  });

  it("answers malformed JSON with 400", async () => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/batch/operations", { key, body: "{not json", headers: { "Idempotency-Key": "k" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("bad_request");
  });

  it("requires an Idempotency-Key (400)", async () => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/batch/operations", { key, body: { operation: "echo", source: { kind: "inline", rows: [] } } });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_header", details: [expect.objectContaining({ field: "idempotency-key" })] });
  });

  it("answers a body over the limit with 413", async () => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/batch/operations", {
      key,
      body: JSON.stringify({ operation: "echo", source: { kind: "inline", rows: [{ s: "x".repeat(11 * 1024 * 1024) }] } }),
      headers: { "Idempotency-Key": "big" },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });

  it("refuses a bad cursor and an out-of-range limit with 422", async () => {
    const { key } = await newProject();
    expect((await call("GET", "/v2/batch/operations?cursor=garbage", { key })).status).toBe(422);
    const res = await call("GET", "/v2/batch/operations?limit=0", { key });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].field).toBe("limit");
  });

  it("answers unknown routes with 404 in the envelope, with a request id", async () => {
    const res = await call("GET", "/v9/nothing");
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: "not_found", request_id: expect.stringMatching(/^req_/) });
    expect(res.headers.get("X-Request-Id")).toBe(res.json.error.request_id);
  });

  it("echoes a well-formed incoming X-Request-Id", async () => {
    const res = await call("GET", "/healthz", { headers: { "X-Request-Id": "client-trace-0001" } });
    expect(res.headers.get("X-Request-Id")).toBe("client-trace-0001");
  });
});

describe("authentication", () => {
  it("stores only the SHA-256 of an API key, never the key", async () => {
    const { projectId, key } = await newProject();
    const rows = await env.DB.prepare("SELECT * FROM api_keys WHERE project_id = ?").bind(projectId).all();
    expect(JSON.stringify(rows.results)).not.toContain(key);
    expect(rows.results).toEqual([expect.objectContaining({ key_hash: await sha256Hex(key) })]);
  });

  it("needs a key, and refuses unknown ones", async () => {
    expect((await call("GET", "/v2/batch/operations")).status).toBe(401);
    const res = await call("GET", "/v2/batch/operations", { key: "sk_made_up" });
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it("guards admin routes with the admin token", async () => {
    expect((await call("POST", "/v2/admin/projects", { key: "wrong", body: { name: "x" } })).status).toBe(401);
    const bad = await call("POST", "/v2/admin/projects", { key: ADMIN_TOKEN, body: { name: "" } });
    expect(bad.status).toBe(422);
  });

  it("issues more keys per surface, and revoking one stops it at once", async () => {
    const { projectId, key } = await newProject();
    const extra = await call("POST", `/v2/admin/projects/${projectId}/api-keys`, { key: ADMIN_TOKEN, body: { surface: "partner" } });
    expect(extra.status).toBe(201);
    expect(extra.json).toMatchObject({ surface: "partner", id: expect.stringMatching(/^key_/) });
    expect((await call("GET", "/v2/batch/operations", { key: extra.json.api_key })).status).toBe(200);

    expect((await call("DELETE", `/v2/admin/api-keys/${extra.json.id}`, { key: ADMIN_TOKEN })).status).toBe(204);
    expect((await call("GET", "/v2/batch/operations", { key: extra.json.api_key })).status).toBe(401);
    expect((await call("DELETE", `/v2/admin/api-keys/${extra.json.id}`, { key: ADMIN_TOKEN })).status).toBe(404);
    expect((await call("GET", "/v2/batch/operations", { key })).status).toBe(200);
  });

  it("defaults a new key's surface to batch, and 404s an unknown project", async () => {
    const { projectId } = await newProject();
    const res = await call("POST", `/v2/admin/projects/${projectId}/api-keys`, { key: ADMIN_TOKEN, body: {} });
    expect(res.json.surface).toBe("batch");
    expect((await call("POST", "/v2/admin/projects/prj_nope/api-keys", { key: ADMIN_TOKEN, body: {} })).status).toBe(404);
  });
});
