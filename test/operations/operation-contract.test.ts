import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { OPERATION_KINDS, operationFor } from "../../src/operations/registry";
import { asSourceRows, validateRows } from "../../src/operations/validate-rows";
import { newId } from "../../src/lib/ids";

// Every operation in the registry runs this suite against real D1.
describe.each(OPERATION_KINDS)("operation %s", (kind) => {
  const op = operationFor(kind);
  const ctx = (batchId: string) => ({
    db: env.DB,
    projectId: "prj_contract",
    batchId,
    params: op.params.parse({}),
    now: "2026-01-01T00:00:00.000Z",
    newId,
  });

  it("is registered under its own kind", () => {
    expect(op.kind).toBe(kind);
  });

  it("accepts its example row and empty params", () => {
    expect(op.row.safeParse(op.exampleRow).success).toBe(true);
    expect(op.params.safeParse({}).success).toBe(true);
  });

  it("rejects rows that are not objects, with their row numbers", () => {
    const { valid, invalid } = validateRows(op.row, asSourceRows([op.exampleRow, "text", [1], null]), 10);
    expect(valid.map((v) => v.rowNumber)).toEqual([10]);
    expect(invalid.map((f) => [f.rowNumber, f.errors[0]!.code])).toEqual([
      [11, "invalid_row"],
      [12, "invalid_row"],
      [13, "invalid_row"],
    ]);
  });

  it("returns one outcome per row, in order, for a whole chunk at once", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ ...op.exampleRow, unique_id: `u${i}`, ...distinct(kind, i) }));
    const { valid } = validateRows(op.row, asSourceRows(rows), 1);
    expect(valid).toHaveLength(50);
    const outcomes = await op.handle(valid, ctx(`bat_contract_${kind}`));
    expect(outcomes).toHaveLength(50);
    for (const o of outcomes) expect(o.ok).toBe(true);
  });

  it("gives the same rows the same outcome kind when the chunk is run again (redelivery)", async () => {
    const rows = [{ ...op.exampleRow, ...distinct(kind, 1000) }];
    const { valid } = validateRows(op.row, asSourceRows(rows), 1);
    const first = await op.handle(valid, ctx("bat_contract_redelivery"));
    const again = await op.handle(valid, ctx("bat_contract_redelivery"));
    expect(again.map((o) => o.ok)).toEqual(first.map((o) => o.ok));
  });
});

/** Row fields that make rows distinct for operations that key on them. */
function distinct(kind: string, i: number): Record<string, unknown> {
  if (kind === "contacts.upsert") return { email: `person${i}@example.com` };
  if (kind === "messages.send") return { idempotency_key: `key-${i}` };
  return { i };
}

describe("row validation messages", () => {
  it("says Required for a missing field and names it", () => {
    const { invalid } = validateRows(operationFor("contacts.upsert").row, asSourceRows([{ name: "no email" }]), 1);
    expect(invalid[0]!.errors).toEqual([{ code: "validation_failed", message: "Required", field: "email" }]);
  });
});
