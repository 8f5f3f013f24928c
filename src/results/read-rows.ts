import { sectionRefsOf, sectionsAfter, type SectionKind, type SectionRef } from "../db/chunk-results";
import { legacyRowsAfter, legacyRowsOf } from "../db/legacy-row-results";
import { sampleBucket } from "../domain/sampling";
import { parseErrorReport } from "./report-lines";
import type { StoredRow } from "./outcome";
import { decodeSection } from "./section";
import type { ResultStores } from "./stores";

export type RowsQuery = {
  batchId: string;
  kind: SectionKind;
  /** rows after this one */
  afterRow: number;
  /** and at most this one */
  throughRow?: number;
  /** errors only: keep rows whose sample bucket is below this (domain/sampling.ts) */
  belowBucket?: number | null;
};

/**
 * Chunks listed per D1 round trip: a page needs one or two, so the first
 * step is small; streams list more per step (D1 takes 1000 queries per
 * Worker invocation) but read at most a few sections at once, bounding memory.
 */
const FIRST_STEP_CHUNKS = 2;
const MAX_STEP_CHUNKS = 64;
const SECTIONS_AT_ONCE = 4;
/** Rows of the first layout read per round trip. */
const LEGACY_STEP_ROWS = 1000;

/**
 * A batch's stored rows of one kind in row order, yielded a few chunks at a
 * time. Each step is one D1 round trip (the chunks' rows and, in the same
 * batch, rows of the first layout) and an R2 read per section stored there.
 */
export async function* storedRows(stores: ResultStores, q: RowsQuery): AsyncGenerator<StoredRow[]> {
  const belowBucket = q.kind === "errors" ? (q.belowBucket ?? null) : null;
  const through = q.throughRow ?? Infinity;
  let after = q.afterRow;
  const keep = (r: StoredRow) => r.rowNumber > after && r.rowNumber <= through && (belowBucket === null || sampleBucket(r.rowNumber) < belowBucket);
  for (let step = FIRST_STEP_CHUNKS; after < through; step = Math.min(step * 2, MAX_STEP_CHUNKS)) {
    const [chunkResult, legacyResult] = await stores.db.batch([
      sectionsAfter(stores.db, { batchId: q.batchId, kind: q.kind, afterRow: after, limit: step, belowBucket }),
      legacyRowsAfter(stores.db, { batchId: q.batchId, status: q.kind === "results" ? "succeeded" : "failed", afterRow: after, limit: LEGACY_STEP_ROWS, belowBucket }),
    ]);
    const refs = sectionRefsOf(chunkResult!, q.batchId, q.kind);
    const legacy = legacyRowsOf(legacyResult!);
    // Everything up to `bound` has been listed in both layouts.
    const bound = Math.min(refs.length < step ? Infinity : refs.at(-1)!.lastRow, legacy.length < LEGACY_STEP_ROWS ? Infinity : legacy.at(-1)!.rowNumber);
    for (let i = 0; i === 0 || i < refs.length; i += SECTIONS_AT_ONCE) {
      const group = refs.slice(i, i + SECTIONS_AT_ONCE);
      const upTo = i + SECTIONS_AT_ONCE >= refs.length ? bound : group.at(-1)!.lastRow;
      const sections = await Promise.all(group.map((ref) => readSection(stores.bucket, q.kind, ref)));
      let rows = sections.flat();
      // Rows of the first layout only exist in batches that straddle the change; merge them in.
      const older = legacy.filter((r) => r.rowNumber > after && r.rowNumber <= upTo);
      if (older.length > 0) rows = [...rows, ...older].sort((x, y) => x.rowNumber - y.rowNumber);
      rows = rows.filter((r) => keep(r) && r.rowNumber <= upTo);
      after = Math.min(upTo, through);
      if (rows.length > 0) yield rows;
    }
  }
}

/** The first `n` rows of `rows`, then stops it. */
export async function firstRows(rows: AsyncGenerator<StoredRow[]>, n: number): Promise<StoredRow[]> {
  const out: StoredRow[] = [];
  for await (const step of rows) {
    out.push(...step.slice(0, n - out.length));
    if (out.length >= n) break;
  }
  return out;
}

async function readSection(bucket: R2Bucket, kind: SectionKind, ref: SectionRef): Promise<StoredRow[]> {
  if (ref.inline) return decodeSection(ref.firstRow, ref.inline);
  const object = await bucket.get(ref.key);
  if (!object) throw new Error(`stored ${kind} ${ref.key} are missing`);
  return kind === "errors" ? parseErrorReport(await object.text()) : decodeSection(ref.firstRow, new Uint8Array(await object.arrayBuffer()));
}

/** A batch's failed row numbers within these row ranges (inclusive), read from the first range's start to the last one's end. */
export async function failedRowNumbersIn(stores: ResultStores, batchId: string, ranges: readonly { first: number; last: number }[]): Promise<Set<number>> {
  const failed = new Set<number>();
  if (ranges.length === 0) return failed;
  const from = Math.min(...ranges.map((r) => r.first));
  const through = Math.max(...ranges.map((r) => r.last));
  const inRange = (n: number) => ranges.some((r) => n >= r.first && n <= r.last);
  for await (const step of storedRows(stores, { batchId, kind: "errors", afterRow: from - 1, throughRow: through })) {
    for (const r of step) if (inRange(r.rowNumber)) failed.add(r.rowNumber);
  }
  return failed;
}

export type Outcome = { status: "succeeded" | "failed"; body: unknown };

/** The stored outcome of each of these rows that has one, by row number (rows from the first to the last asked). */
export async function outcomesOf(stores: ResultStores, batchId: string, rowNumbers: readonly number[]): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  if (rowNumbers.length === 0) return outcomes;
  const span = { batchId, afterRow: Math.min(...rowNumbers) - 1, throughRow: Math.max(...rowNumbers) };
  const read = async (kind: SectionKind, status: Outcome["status"]) => {
    for await (const step of storedRows(stores, { ...span, kind })) for (const r of step) outcomes.set(r.rowNumber, { status, body: r.body });
  };
  await Promise.all([read("results", "succeeded"), read("errors", "failed")]);
  return outcomes;
}
