// A deterministic CSV of realistic rows (seeded), streamed to disk.
import { createWriteStream, mkdirSync, renameSync, statSync } from "node:fs";
import { once } from "node:events";

/** mulberry32: a small seeded PRNG, so the same seed gives the same file. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"];
const WORDS = ["invoice", "priority", "renewal", "shipping", "refund", "follow-up", "bulk", "partner", "quarterly", "urgent"];

/** The shapes of file the bench runs; see generateCsv. */
export const SHAPES = ["quoted", "plain", "wide", "narrow"];

/**
 * The bench's CSV of `rows` rows for `seed` under bench/.data, generated on
 * first use: written aside and renamed, so an interrupted run never leaves a
 * short file to be reused. `shape` is one of SHAPES.
 */
export async function ensureCsv(rows, seed, log = () => {}, shape = "quoted") {
  const dataDir = "bench/.data";
  mkdirSync(dataDir, { recursive: true });
  const path = `${dataDir}/rows-${rows}-seed-${seed}${shape === "quoted" ? "" : `-${shape}`}.csv`;
  try {
    statSync(path);
  } catch {
    log(`generating ${rows} ${shape} rows → ${path}`);
    await generateCsv(`${path}.partial`, { rows, seed, shape });
    renameSync(`${path}.partial`, path);
  }
  return path;
}

/**
 * Writes `rows` data rows. Every shape starts with unique_id and email (about
 * `invalidShare` of the emails are bad), so every operation can run on it:
 * - "quoted": name, amount and a quoted note with commas, the odd embedded
 *   newline and escaped quotes (every row has quotes);
 * - "plain": the same columns, the note a few plain words (no quote anywhere,
 *   as most exports are);
 * - "wide": name, then 40 short plain columns (c1..c40);
 * - "narrow": nothing else (two short columns).
 */
export async function generateCsv(path, { rows, seed = 42, invalidShare = 0.01, shape = "quoted" }) {
  const random = prng(seed);
  const out = createWriteStream(path);
  const WIDE = Array.from({ length: 40 }, (_, i) => `c${i + 1}`);
  out.write({ wide: `unique_id,email,name,${WIDE.join(",")}\n`, narrow: "unique_id,email\n" }[shape] ?? "unique_id,email,name,amount,note\n");
  let buffer = "";
  for (let i = 1; i <= rows; i++) {
    const name = NAMES[Math.floor(random() * NAMES.length)];
    const email = random() < invalidShare ? `${name.toLowerCase()}.${i}-at-example.com` : `${name.toLowerCase()}.${i}@example.com`;
    const amount = (random() * 10000).toFixed(2);
    const w = () => WORDS[Math.floor(random() * WORDS.length)];
    if (shape === "narrow") buffer += `u${i},${email}\n`;
    else if (shape === "wide") buffer += `u${i},${email},${name} ${i},${WIDE.map((_, j) => (j % 2 ? amount : w())).join(",")}\n`;
    else if (shape === "plain") buffer += `u${i},${email},${name} ${i},${amount},${w()} ${w()} ${w()}\n`;
    else {
      const note = random() < 0.02 ? `${w()}, ${w()}\n"${w()}" ${w()}` : `${w()}, ${w()} ${w()}`;
      buffer += `u${i},${email},${name} ${i},${amount},"${note.replace(/"/g, '""')}"\n`;
    }
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}
