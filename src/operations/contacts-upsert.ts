import { z } from "zod";
import { groupJsonByBytes, jsonRows } from "../db/json-param";
import type { Operation } from "./types";

const KNOWN = ["email", "name", "phone", "unique_id"] as const;

const ContactRow = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ error: "Invalid email address" })),
    name: z.string().optional(),
    phone: z.string().optional(),
    unique_id: z.union([z.string(), z.number()]).transform(String).optional(),
  })
  .catchall(z.unknown());
type ContactRow = z.infer<typeof ContactRow>;

// One statement for the whole chunk: rows travel as one JSON parameter (D1
// binds at most 100 parameters). RETURNING yields the surviving id per email,
// so a row created it exactly when that id is the one we proposed.
const UPSERT = `${jsonRows(3)}
INSERT INTO contacts (id, project_id, email, name, phone, unique_id, attributes, created_at, updated_at)
SELECT r->>'id', ?1, r->>'email', r->>'name', r->>'phone', r->>'unique_id', r->>'attributes', ?2, ?2
FROM rows WHERE true
ON CONFLICT (project_id, email) DO UPDATE SET
  name = coalesce(excluded.name, contacts.name),
  phone = coalesce(excluded.phone, contacts.phone),
  unique_id = coalesce(excluded.unique_id, contacts.unique_id),
  attributes = json_patch(contacts.attributes, excluded.attributes),
  updated_at = excluded.updated_at
RETURNING id, email`;

/** Creates or updates a project's contact keyed by email; other row fields are kept as attributes. */
export const contactsUpsert = {
  kind: "contacts.upsert",
  summary: "Create or update contacts, keyed by email.",
  params: z.object({}).strict(),
  row: ContactRow,
  exampleRow: { email: "ada@example.com", name: "Ada Lovelace", phone: "+44 20 7946 0000", unique_id: "c-1", plan: "pro" },
  async handle(rows, ctx) {
    const proposed = new Map<string, string>();
    for (const { row } of rows) if (!proposed.has(row.email)) proposed.set(row.email, ctx.newId("con"));
    const payload = rows.map(({ row }) => ({
      id: proposed.get(row.email),
      email: row.email,
      name: row.name ?? null,
      phone: row.phone ?? null,
      unique_id: row.unique_id ?? null,
      attributes: JSON.stringify(attributesOf(row)),
    }));
    // However many statements D1's size limits need, one round trip.
    const upsert = ctx.db.prepare(UPSERT);
    const groups = await ctx.db.batch<{ id: string; email: string }>(groupJsonByBytes(payload).map((group) => upsert.bind(ctx.projectId, ctx.now, group)));
    const saved = new Map(groups.flatMap((g) => g.results.map((r) => [r.email, r.id] as const)));
    const seen = new Set<string>();
    return rows.map(({ row }) => {
      const id = saved.get(row.email)!;
      const created = id === proposed.get(row.email) && !seen.has(row.email);
      seen.add(row.email);
      return { ok: true, result: { contact_id: id, status: created ? "created" : "updated" } };
    });
  },
} satisfies Operation<Record<string, never>, ContactRow>;

function attributesOf(row: ContactRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !(KNOWN as readonly string[]).includes(k)));
}
