import { describe, expect, it } from "vitest";
import { canonicalJson, hashBatchRequest, sha256Hex } from "../../src/domain/hashing";

describe("canonical JSON and hashing", () => {
  it("sorts keys at every depth but keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("hashes equal requests equally whatever their key order", async () => {
    const a = await hashBatchRequest("echo", { kind: "inline", rows: [{ x: 1, y: 2 }] });
    const b = await hashBatchRequest("echo", { rows: [{ y: 2, x: 1 }], kind: "inline" });
    expect(a).toBe(b);
  });

  it("hashes a different operation or different rows differently", async () => {
    const source = { kind: "inline", rows: [{ x: 1 }] };
    const base = await hashBatchRequest("echo", source);
    expect(await hashBatchRequest("contacts.upsert", source)).not.toBe(base);
    expect(await hashBatchRequest("echo", { kind: "inline", rows: [{ x: 2 }] })).not.toBe(base);
  });

  it("is SHA-256 in lowercase hex", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
