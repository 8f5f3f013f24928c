import { z } from "zod";
import type { Bindings } from "./env";

const flag = z.enum(["true", "false"]).default("false").transform((v) => v === "true");
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The Worker's settings from its vars, validated once per env object: a
 * malformed value fails loudly at the first request instead of turning into
 * a silent default somewhere deep in the code. Defaults match wrangler.toml.
 */
const Config = z.object({
  /** rows per chunk of inline and replayed rows */
  CHUNK_ROWS: count(500),
  /** deliveries of a chunk before its rows are `retry_exhausted`; the queue's max_retries + 1 */
  CHUNK_MAX_ATTEMPTS: count(6),
  /** the shortest chunk lease, seconds (src/domain/chunk-lease.ts) */
  CHUNK_LEASE_SECONDS: count(30),
  /** bytes of source per ingestion segment */
  INGEST_SEGMENT_BYTES: count(1024 * 1024),
  /** days results and reports are kept after a batch ends */
  RESULT_RETENTION_DAYS: count(30),
  /** chunks whose sections one invocation reads for a download (src/results/download.ts) */
  DOWNLOAD_SECTIONS_PER_CALL: count(4000),
  /** first retry delay of a webhook delivery, ms (doubling, at most 8 attempts) */
  WEBHOOK_RETRY_BASE_MS: count(5000),
  /** loopback partner URLs (local development) */
  ALLOW_LOOPBACK_FETCH: flag,
});
export type Config = z.infer<typeof Config>;

const parsed = new WeakMap<object, Config>();

export function configOf(env: Bindings): Config {
  let config = parsed.get(env);
  if (!config) {
    const vars = Object.fromEntries(Object.keys(Config.shape).map((k) => [k, (env as unknown as Record<string, unknown>)[k] || undefined]));
    config = Config.parse(vars);
    parsed.set(env, config);
  }
  return config;
}
