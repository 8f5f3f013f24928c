import { retryDelaySeconds } from "../domain/backoff";
import type { SourceRow } from "../domain/parse-rows";
import { batchStub, type BatchApi } from "../durable/batch-client";
import { configOf } from "../config";
import type { Bindings } from "../env";
import { newId, newTag } from "../lib/ids";
import { countingD1 } from "../lib/counting-d1";
import { failSometimes, faultPlan, faultyD1 } from "../lib/faults";
import { errorSummary, logEvent } from "../lib/log";
import { mapConcurrently } from "../lib/map-concurrently";
import type { RowOutcome } from "../results/outcome";
import { storeChunkOutcomes } from "../results/store-chunk";
import { ChunkMessage } from "./chunk-message";
import { readChunkRows } from "./chunk-rows";
import { chunkReport, exhaustedRows, prepareChunk, runChunk, undeliveredRows } from "./process-chunk";

export const DEAD_LETTER_QUEUE = "bulk-chunks-dlq";

/**
 * Messages of one delivery processed at once. A 1 MB range chunk takes about
 * 20 MB of heap while it runs (rows, results, the D1 payload) and an isolate
 * has 128 MB; two at a time overlap one chunk's D1 and DO waits with the
 * other's parsing, which is all the concurrency one isolate has.
 */
const CONCURRENT_MESSAGES = 2;

/** Consumes chunk messages (and their dead letters); each message is acked or retried on its own. */
export async function consumeChunks(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const deadLetter = batch.queue === DEAD_LETTER_QUEUE;
  const started = Date.now();
  await mapConcurrently(batch.messages, CONCURRENT_MESSAGES, (message) => consumeOne(message, env, deadLetter));
  logEvent("queue.batch_done", { queue: batch.queue, messages: batch.messages.length, duration_ms: Date.now() - started });
}

async function consumeOne(message: Message<unknown>, env: Bindings, deadLetter: boolean): Promise<void> {
  const parsed = ChunkMessage.safeParse(message.body);
  if (!parsed.success) {
    logEvent("chunk.rejected", { message_id: message.id, issues: parsed.error.issues.length });
    message.ack();
    return;
  }
  const msg = parsed.data;
  const started = Date.now();
  const faults = faultPlan(env);
  try {
    const outcome = await processChunk(env, msg, { id: message.id, attempt: message.attempts }, deadLetter);
    if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds });
    // Injected: the queue delivers a message that was processed again.
    else if (faults && Math.random() < faults.redeliver) message.retry({ delaySeconds: 1 });
    else message.ack();
    logEvent("chunk.processed", { batch_id: msg.batch_id, chunk: msg.chunk_index, attempt: message.attempts, dead_letter: deadLetter, ...outcome, duration_ms: Date.now() - started });
  } catch (e) {
    // The platform itself (DO, D1, R2) failed: try again later; the dead-letter queue catches the rest.
    const delaySeconds = retryDelaySeconds(message.attempts, Math.random());
    logEvent("chunk.error", { batch_id: msg.batch_id, chunk: msg.chunk_index, attempt: message.attempts, error: errorSummary(e), retry_in_s: delaySeconds });
    message.retry({ delaySeconds });
  }
}

type Outcome =
  | { kind: "skipped"; reason: string }
  | { kind: "retry"; delaySeconds: number; error: string }
  | { kind: "done"; rows: number; succeeded: number; failed: number; do_calls: number; d1_round_trips: number; r2_writes: number };

/** One chunk, end to end: one DO call to begin, one D1 batch for results, R2 writes for a big results section and an error report, one DO call to report. */
export async function processChunk(env: Bindings, msg: ChunkMessage, delivery: { id: string; attempt: number }, deadLetter: boolean): Promise<Outcome> {
  const stub = batchStub(env, msg.batch_id);
  if (!stub) return { kind: "skipped", reason: "bad_batch_id" };
  if (deadLetter) return recordUndelivered(env, stub, msg, delivery.id);
  const chunk = prepareChunk(msg, await rowsOfMessage(env.BUCKET, msg));
  const start = await stub.beginChunk(msg.chunk_index, [...new Set(chunk.keys.values())], { holder: delivery.id });
  if (!start.run) return { kind: "skipped", reason: start.reason };

  const now = new Date().toISOString();
  const d1 = countingD1(chunkDb(env));
  let results;
  try {
    results = await runChunk(chunk, start, { db: d1.db, now, newId });
  } catch (e) {
    const error = errorSummary(e);
    if (delivery.attempt < maxAttempts(env)) return { kind: "retry", delaySeconds: retryDelaySeconds(delivery.attempt, Math.random()), error };
    results = exhaustedRows(chunk, "the operation kept failing");
  }
  return finishChunk(env, stub, d1, msg, results, { keys: chunk.keys, now, delivery: newTag() });
}

/**
 * A dead-lettered chunk: its rows become `retry_exhausted` from the message's
 * row count alone. Its rows are never read, since not being readable may be
 * why it is here.
 */
async function recordUndelivered(env: Bindings, stub: BatchApi, msg: ChunkMessage, holder: string): Promise<Outcome> {
  const start = await stub.beginChunk(msg.chunk_index, [], { holder, deadLetter: true });
  if (!start.run) return { kind: "skipped", reason: start.reason };
  const d1 = countingD1(chunkDb(env));
  const results = undeliveredRows(msg, "the chunk could not be delivered");
  return finishChunk(env, stub, d1, msg, results, { keys: new Map(), now: new Date().toISOString(), delivery: newTag() });
}

/** Stores a chunk's outcomes, writes its error report, and reports its counts to the batch. */
async function finishChunk(
  env: Bindings,
  stub: BatchApi,
  d1: ReturnType<typeof countingD1>,
  msg: ChunkMessage,
  results: RowOutcome[],
  /** `delivery` names this delivery's R2 objects (reports/keys.ts) */
  chunk: { keys: Map<number, string>; now: string; delivery: string },
): Promise<Outcome> {
  const place = { batchId: msg.batch_id, chunkIndex: msg.chunk_index, firstRow: msg.first_row_number, rowCount: msg.row_count, delivery: chunk.delivery };
  const stored = await storeChunkOutcomes({ db: d1.db, bucket: env.BUCKET }, place, results);
  const report = chunkReport({ msg, keys: chunk.keys }, results, stored);
  failSometimes(faultPlan(env)?.consumer_throw ?? 0, "the consumer died after storing results, before reporting them");
  await stub.reportChunk(report, chunk.now);
  const cost = { do_calls: 2, d1_round_trips: d1.roundTrips(), r2_writes: stored.r2Writes };
  return { kind: "done", rows: msg.row_count, succeeded: report.rows_succeeded, failed: report.rows_failed, ...cost };
}

/** The chunk's rows from the message, an R2 payload, or a byte range of a source in R2. */
async function rowsOfMessage(bucket: R2Bucket, msg: ChunkMessage): Promise<SourceRow[]> {
  if (msg.range) return readChunkRows(bucket, { range: msg.range }, msg.row_count);
  let payload = msg.rows;
  if (!payload) {
    const object = await bucket.get(msg.rows_key!);
    if (!object) throw new Error(`chunk payload ${msg.rows_key} is missing`);
    payload = await object.json<unknown[]>();
  }
  return readChunkRows(bucket, { payload, encoding: msg.encoding }, msg.row_count);
}

const maxAttempts = (env: Bindings) => configOf(env).CHUNK_MAX_ATTEMPTS;

/** The consumer's D1, failing a share of its calls when the soak run injects faults. */
const chunkDb = (env: Bindings) => faultyD1(env.DB, faultPlan(env)?.d1_fail ?? 0);
