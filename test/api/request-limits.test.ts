import { describe, expect, it } from "vitest";
import { JSON_BODY_MAX_BYTES, JSON_MAX_DEPTH, nestingDepth } from "../../src/api/http/json-limits";
import { INLINE_MAX_ROWS } from "../../src/api/batches/schemas";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

// The contract's request limits (CONTRACT.md "Limits") at 0, 1, the limit - 1, the limit and the limit + 1.

describe("inline rows per batch", () => {
  it.each([0, 1, INLINE_MAX_ROWS - 1, INLINE_MAX_ROWS])("takes %i rows", async (n) => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: Array.from({ length: n }, (_, i) => ({ i })) } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.progress.rows_total).toBe(n);
    // Nothing may run on after the file's teardown.
    expect((await waitForTerminal(key, res.json.id)).progress.rows_processed).toBe(n);
  });

  it("refuses one more with 422 naming source.rows", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, { operation: "echo", source: { kind: "inline", rows: Array.from({ length: INLINE_MAX_ROWS + 1 }, (_, i) => ({ i })) } });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toContainEqual(expect.objectContaining({ field: "source.rows" }));
  });
});

describe("JSON request body size", () => {
  /** A valid body of exactly `bytes` bytes: JSON allows any amount of whitespace. */
  const bodyOf = (bytes: number) => {
    const json = JSON.stringify({ format: "csv" });
    return json + " ".repeat(bytes - json.length);
  };

  it.each([1024, JSON_BODY_MAX_BYTES - 1, JSON_BODY_MAX_BYTES])("takes a body of %i bytes", async (bytes) => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/uploads", { key, body: bodyOf(bytes) });
    expect(res.status, res.text).toBe(201);
  });

  it("answers a body one byte over the limit with 413, on any route", async () => {
    const { key } = await newProject();
    const res = await call("POST", "/v2/uploads", { key, body: bodyOf(JSON_BODY_MAX_BYTES + 1) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });

  it("leaves requests without a body alone, whatever their Content-Type", async () => {
    const { key } = await newProject();
    const res = await call("GET", "/v2/batch/operations", { key, headers: { "Content-Type": "application/json" } });
    expect(res.status, res.text).toBe(200);
  });

  it("answers an empty body (0 bytes) with 400, and a 1-byte one too", async () => {
    const { key } = await newProject();
    expect((await call("POST", "/v2/uploads", { key, body: "" })).status).toBe(400);
    expect((await call("POST", "/v2/uploads", { key, body: "{" })).status).toBe(400);
  });
});

describe("JSON nesting depth", () => {
  /** An object nested `levels` deep: {"a":{"a":…{}}}. */
  const nested = (levels: number): unknown => {
    let value = {};
    for (let level = 1; level < levels; level++) value = { a: value };
    return value;
  };
  // The body itself, its source and the rows array are three levels above a row.
  const bodyWithDepth = (depth: number) => ({ operation: "echo", source: { kind: "inline", rows: [nested(depth - 3)] } });

  it("measures levels as the contract counts them", () => {
    expect(nestingDepth(1, 99)).toBe(0);
    expect(nestingDepth({}, 99)).toBe(1);
    expect(nestingDepth([[], { a: [1] }], 99)).toBe(3);
    expect(nestingDepth(bodyWithDepth(JSON_MAX_DEPTH), 99)).toBe(JSON_MAX_DEPTH);
    expect(nestingDepth(nested(10_000), 65)).toBe(65);
  });

  it.each([JSON_MAX_DEPTH - 1, JSON_MAX_DEPTH])("takes a body %i levels deep", async (depth) => {
    const { key } = await newProject();
    const res = await createBatch(key, bodyWithDepth(depth));
    expect(res.status, res.text).toBe(201);
    await waitForTerminal(key, res.json.id);
  });

  it("refuses one level more with 422, before any route reads it", async () => {
    const { key } = await newProject();
    const res = await createBatch(key, bodyWithDepth(JSON_MAX_DEPTH + 1));
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ code: "too_deep" })] });
    // However deep: 10,000 levels is answered the same way.
    const deeper = await call("POST", "/v2/uploads", { key, body: "[".repeat(10_000) + "]".repeat(10_000) });
    expect(deeper.status).toBe(422);
  });
});
