import { utf8BytesAtMost } from "../lib/utf8";

/** D1 caps a bound string at 2 MB; JSON parameters stay well below it. */
export const MAX_JSON_PARAM_BYTES = 1_500_000;

/** Rows per statement: keeps each statement short, so one SQLite never stalls others for long. */
export const MAX_JSON_PARAM_ROWS = 2_000;

/**
 * The objects of JSON array parameter `?n` as a table `rows(r)`, for
 * `WITH … INSERT … SELECT r->>'field', … FROM rows`. MATERIALIZED makes each
 * row's JSON text once, so its field reads share one parse (SQLite caches the
 * JSON it parsed last). Reading `json_each(?).value->>'field'` directly re-made
 * and re-parsed the row for every field: a fifth of local D1's time per chunk.
 */
export const jsonRows = (n: number) => `WITH rows(r) AS MATERIALIZED (SELECT value FROM json_each(?${n}))`;

/**
 * Items as JSON arrays of at most `maxRows` items and `maxBytes` UTF-8 bytes
 * each, in order: the one parameter a `json_each` statement takes (D1 binds at
 * most 100). Each group is stringified once, whole, and halved only in the rare
 * case it is too big: stringifying and measuring item by item cost a tenth of
 * a chunk's time. An item bigger than `maxBytes` on its own gets a group of its
 * own, or, given `replaceOversized`, is replaced by what it returns (D1 takes
 * no value over 2 MB, so such an item cannot be stored as it is).
 */
export function groupJsonByBytes<T>(
  items: readonly T[],
  limits = { maxRows: MAX_JSON_PARAM_ROWS, maxBytes: MAX_JSON_PARAM_BYTES },
  replaceOversized?: (item: T) => T,
): string[] {
  const groups: string[] = [];
  const add = (slice: readonly T[]): void => {
    const json = JSON.stringify(slice);
    if (utf8BytesAtMost(json, limits.maxBytes)) {
      groups.push(json);
    } else if (slice.length === 1) {
      groups.push(replaceOversized ? JSON.stringify([replaceOversized(slice[0]!)]) : json);
    } else {
      const half = Math.ceil(slice.length / 2);
      add(slice.slice(0, half));
      add(slice.slice(half));
    }
  };
  for (let i = 0; i < items.length; i += limits.maxRows) add(items.slice(i, i + limits.maxRows));
  return groups;
}
