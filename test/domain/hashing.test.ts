import { describe, expect, it } from "vitest";
import { canonicalJson, hashBatchRequest, sha256Hex } from "../../src/domain/hashing";

describe("canonical JSON and hashing", () => {
  it("sorts keys at every depth but keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("hashes equal requests equally whatever their key order", async () => {
    const a = await hashBatchRequest({ operation: "echo", source: { kind: "inline", rows: [{ x: 1, y: 2 }] }, params: {} });
    const b = await hashBatchRequest({ params: {}, operation: "echo", source: { rows: [{ y: 2, x: 1 }], kind: "inline" } });
    expect(a).toBe(b);
  });

  it("hashes a different operation, rows or params differently", async () => {
    const req = { operation: "echo", source: { kind: "inline", rows: [{ x: 1 }] }, params: {} };
    const base = await hashBatchRequest(req);
    expect(await hashBatchRequest({ ...req, operation: "contacts.upsert" })).not.toBe(base);
    expect(await hashBatchRequest({ ...req, source: { kind: "inline", rows: [{ x: 2 }] } })).not.toBe(base);
    expect(await hashBatchRequest({ ...req, params: { channel: "sms" } })).not.toBe(base);
  });

  it("is SHA-256 in lowercase hex", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
