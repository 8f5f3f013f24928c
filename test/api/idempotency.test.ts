import { describe, expect, it } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const body = (rows: unknown[]) => ({ operation: "echo", source: { kind: "inline", rows }, params: {} });

describe("batch idempotency", () => {
  it("returns the existing batch for the same key and request, 409 for the same key and other rows", async () => {
    const { key } = await newProject();
    const first = await createBatch(key, body([{ a: 1 }]), "idem-1");
    expect(first.status).toBe(201);
    const again = await createBatch(key, { params: {}, source: { rows: [{ a: 1 }], kind: "inline" }, operation: "echo" }, "idem-1");
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);

    const conflict = await createBatch(key, body([{ a: 2 }]), "idem-1");
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toMatchObject({ code: "idempotency_conflict", request_id: expect.stringMatching(/^req_/) });

    const otherOp = await createBatch(key, { ...body([{ a: 1 }]), operation: "contacts.upsert" }, "idem-1");
    expect(otherOp.status).toBe(409);
    await waitForTerminal(key, first.json.id); // nothing left running when the file ends
  });

  it("turns twenty concurrent identical creates into exactly one batch", async () => {
    const { key } = await newProject();
    const answers = await Promise.all(Array.from({ length: 20 }, () => createBatch(key, body([{ n: 1 }, { n: 2 }]), "same-moment")));
    const ids = new Set(answers.map((a) => a.json.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    const [id] = [...ids] as string[];
    const batch = await waitForTerminal(key, id!);
    expect(batch.progress).toMatchObject({ rows_processed: 2, rows_succeeded: 2 });
    const list = await call("GET", "/v2/batch/operations", { key });
    expect(list.json.data.map((b: any) => b.id)).toEqual([id]);
  });

  it("scopes keys to the project: another project may reuse the key", async () => {
    const a = await newProject("a");
    const b = await newProject("b");
    const one = await createBatch(a.key, body([{ x: 1 }]), "shared-key");
    const two = await createBatch(b.key, body([{ x: 2 }]), "shared-key");
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.json.id).not.toBe(two.json.id);
    await Promise.all([waitForTerminal(a.key, one.json.id), waitForTerminal(b.key, two.json.id)]);
  });
});
