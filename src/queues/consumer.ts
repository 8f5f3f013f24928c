import { insertRowResults } from "../db/row-results";
import { retryDelaySeconds } from "../domain/backoff";
import { batchStub } from "../durable/batch-client";
import type { Bindings } from "../env";
import { newId } from "../lib/ids";
import { logEvent } from "../lib/log";
import { writeChunkErrorReport } from "../reports/error-report";
import { ChunkMessage } from "./chunk-message";
import { chunkReport, exhaustedRows, prepareChunk, runChunk } from "./process-chunk";

export const DEAD_LETTER_QUEUE = "bulk-chunks-dlq";

/** Consumes chunk messages (and their dead letters); each message is acked or retried on its own. */
export async function consumeChunks(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
  const deadLetter = batch.queue === DEAD_LETTER_QUEUE;
  await Promise.all(batch.messages.map((message) => consumeOne(message, env, deadLetter)));
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
  try {
    const outcome = await processChunk(env, msg, message.attempts, deadLetter);
    if (outcome.kind === "retry") message.retry({ delaySeconds: outcome.delaySeconds });
    else message.ack();
    logEvent("chunk.processed", { batch_id: msg.batch_id, chunk: msg.chunk_index, attempt: message.attempts, dead_letter: deadLetter, ...outcome, duration_ms: Date.now() - started });
  } catch (e) {
    // The platform itself (DO, D1, R2) failed: try again later; the dead-letter queue catches the rest.
    const delaySeconds = retryDelaySeconds(message.attempts, Math.random());
    logEvent("chunk.error", { batch_id: msg.batch_id, chunk: msg.chunk_index, attempt: message.attempts, error: String(e).slice(0, 300), retry_in_s: delaySeconds });
    message.retry({ delaySeconds });
  }
}

type Outcome =
  | { kind: "skipped"; reason: string }
  | { kind: "retry"; delaySeconds: number }
  | { kind: "done"; succeeded: number; failed: number };

/** One chunk, end to end: one DO call to begin, one D1 batch, at most one R2 write, one DO call to report. */
export async function processChunk(env: Bindings, msg: ChunkMessage, attempt: number, deadLetter: boolean): Promise<Outcome> {
  const stub = batchStub(env, msg.batch_id);
  if (!stub) return { kind: "skipped", reason: "bad_batch_id" };
  const rows = msg.rows ?? (await readChunkRows(env.BUCKET, msg.rows_key!));
  const chunk = prepareChunk(msg, rows);
  const start = await stub.beginChunk(msg.chunk_index, [...new Set(chunk.keys.values())]);
  if (!start.run) return { kind: "skipped", reason: start.reason };

  const now = new Date().toISOString();
  let results;
  if (deadLetter) {
    results = exhaustedRows(chunk, "the chunk could not be delivered");
  } else {
    try {
      results = await runChunk(chunk, start, { db: env.DB, now, newId });
    } catch (e) {
      if (attempt < maxAttempts(env)) return { kind: "retry", delaySeconds: retryDelaySeconds(attempt, Math.random()) };
      results = exhaustedRows(chunk, e instanceof Error ? e.message.slice(0, 200) : "the operation kept failing");
    }
  }
  await insertRowResults(env.DB, msg.batch_id, results);
  const hasErrorReport = await writeChunkErrorReport(env.BUCKET, msg.batch_id, msg.chunk_index, results);
  const report = chunkReport(chunk, results, hasErrorReport);
  await stub.reportChunk(report, now);
  return { kind: "done", succeeded: report.rows_succeeded, failed: report.rows_failed };
}

async function readChunkRows(bucket: R2Bucket, key: string): Promise<unknown[]> {
  const object = await bucket.get(key);
  if (!object) throw new Error(`chunk payload ${key} is missing`);
  return object.json<unknown[]>();
}

const maxAttempts = (env: Bindings) => Number(env.CHUNK_MAX_ATTEMPTS) || 6;
