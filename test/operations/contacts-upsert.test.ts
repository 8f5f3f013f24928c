import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newId } from "../../src/lib/ids";
import { contactsUpsert } from "../../src/operations/contacts-upsert";
import { validateRows, asSourceRows } from "../../src/operations/validate-rows";

/** Runs the handler on `rows` as one chunk of project `projectId`, against the local D1. */
async function upsert(projectId: string, rows: Record<string, unknown>[], now = new Date().toISOString()) {
  const { valid, invalid } = validateRows(contactsUpsert.row, asSourceRows(rows), 1);
  expect(invalid).toEqual([]);
  return contactsUpsert.handle(valid, { db: env.DB, projectId, batchId: "b", params: {}, now, newId });
}

const stored = async (projectId: string) =>
  (await env.DB.prepare("SELECT id, email, name, phone, unique_id, attributes, created_at, updated_at FROM contacts WHERE project_id = ? ORDER BY email").bind(projectId).all()).results;

describe("contacts.upsert", () => {
  it("creates new contacts with fresh ids, then updates the same ones, merging attributes", async () => {
    const project = newId("prj");
    const first = await upsert(project, [
      { email: "Ada@Example.com ", name: "Ada", plan: "pro" },
      { email: "alan@example.com", phone: "+1 555 0100", unique_id: 7 },
    ], "2026-01-01T00:00:00.000Z");
    expect(first.map((r) => r.ok && r.result.status)).toEqual(["created", "created"]);
    const ids = first.map((r) => r.ok && r.result.contact_id);
    expect(new Set(ids).size).toBe(2);

    const second = await upsert(project, [{ email: "ada@example.com", seats: 3 }, { email: "alan@example.com", name: "Alan" }], "2026-02-01T00:00:00.000Z");
    expect(second.map((r) => r.ok && r.result)).toEqual([
      { contact_id: ids[0], status: "updated" },
      { contact_id: ids[1], status: "updated" },
    ]);
    const [ada, alan] = await stored(project);
    expect(ada).toMatchObject({ id: ids[0], email: "ada@example.com", name: "Ada", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-02-01T00:00:00.000Z" });
    expect(JSON.parse(ada!.attributes as string)).toEqual({ plan: "pro", seats: 3 });
    expect(alan).toMatchObject({ id: ids[1], name: "Alan", phone: "+1 555 0100", unique_id: "7", attributes: "{}" });
  });

  it("creates an email repeated within a chunk once: its first row creates it, the later ones update it", async () => {
    const project = newId("prj");
    const results = await upsert(project, [{ email: "grace@example.com", name: "G" }, { email: "ken@example.com" }, { email: "GRACE@example.com", name: "Grace" }]);
    expect(results.map((r) => r.ok && r.result.status)).toEqual(["created", "created", "updated"]);
    const ids = results.map((r) => r.ok && r.result.contact_id);
    expect(ids[2]).toBe(ids[0]);
    const rows = await stored(project);
    expect(rows.map((r) => [r.email, r.id, r.name])).toEqual([
      ["grace@example.com", ids[0], "Grace"],
      ["ken@example.com", ids[1], null],
    ]);
  });

  it("keeps projects apart: the same email is another contact in another project", async () => {
    const [a, b] = [newId("prj"), newId("prj")];
    const [inA] = await upsert(a, [{ email: "radia@example.com" }]);
    const [inB] = await upsert(b, [{ email: "radia@example.com" }]);
    expect(inB).toMatchObject({ ok: true, result: { status: "created" } });
    expect(inB!.ok && inB!.result.contact_id).not.toBe(inA!.ok && inA!.result.contact_id);
  });

  it("handles a chunk larger than one statement holds, new and existing contacts mixed", async () => {
    const project = newId("prj");
    const emails = Array.from({ length: 4500 }, (_, i) => ({ email: `person${i}@example.com`, note: "x".repeat(100) }));
    await upsert(project, emails.filter((_, i) => i % 3 === 0));
    const results = await upsert(project, emails);
    expect(results.filter((r) => r.ok && r.result.status === "updated")).toHaveLength(1500);
    expect(results.every((r, i) => r.ok && r.result.status === (i % 3 === 0 ? "updated" : "created"))).toBe(true);
    const rows = await stored(project);
    expect(rows).toHaveLength(4500);
    const idByEmail = new Map(rows.map((r) => [r.email, r.id]));
    expect(results.every((r, i) => r.ok && r.result.contact_id === idByEmail.get(`person${i}@example.com`))).toBe(true);
  });
});
