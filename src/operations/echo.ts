import { z } from "zod";
import type { Operation } from "./types";

/** Returns each row as its result; the benchmark's baseline operation. */
export const echo = {
  kind: "echo",
  summary: "Returns every row unchanged.",
  params: z.object({}).strict(),
  row: z.record(z.string(), z.unknown()),
  exampleRow: { unique_id: "r-1", anything: ["goes"] },
  async handle(rows) {
    return rows.map(({ row }) => ({ ok: true, result: row }));
  },
} satisfies Operation<Record<string, never>, Record<string, unknown>>;
