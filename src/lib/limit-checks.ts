// Checks of one statement, row or queue send against Cloudflare's production
// limits (platform-limits.ts). Pure: the test setup applies them to every
// binding call, and code may call them before a send it cannot afford to fail.
import { D1_LIMITS, DO_SQL_LIMITS, QUEUE_LIMITS } from "./platform-limits";

/** A value over one of the production limits. */
export interface LimitViolation {
  /** Which limit, as the limits page names it, e.g. "D1 bound parameters per statement". */
  limit: string;
  /** The production maximum, in the limit's unit (bytes, parameters, messages, seconds). */
  max: number;
  /** The offending value, in the same unit. */
  actual: number;
  /** What went over it: the start of a statement, a table, a message's place in a batch. */
  subject: string;
}

/** One line naming the limit, the offending value and where it came from. */
export const describeViolation = (v: LimitViolation) => `${v.limit}: ${v.actual} is over the production limit of ${v.max} (${v.subject})`;

/** The two SQLite stores; their limits have the same shape and, today, the same numbers. */
export type SqlStore = "D1" | "Durable Object SQL";
const SQL_LIMITS = { D1: D1_LIMITS, "Durable Object SQL": DO_SQL_LIMITS } satisfies Record<SqlStore, unknown>;

/**
 * A statement as run: at most `boundParameters` values, its text at most
 * `statementBytes` UTF-8 bytes, each string or BLOB value at most `valueBytes`.
 * The first limit exceeded, or null.
 */
export function checkSqlStatement(store: SqlStore, sql: string, params: readonly unknown[]): LimitViolation | null {
  const limits = SQL_LIMITS[store];
  const subject = excerpt(sql);
  if (params.length > limits.boundParameters) return { limit: `${store} bound parameters per statement`, max: limits.boundParameters, actual: params.length, subject };
  const sqlBytes = utf8BytesOver(sql, limits.statementBytes);
  if (sqlBytes !== null) return { limit: `${store} statement length in bytes`, max: limits.statementBytes, actual: sqlBytes, subject };
  return checkSqlValues(store, params, (i) => `parameter ${i + 1} of ${subject}`);
}

function checkSqlValues(store: SqlStore, values: readonly unknown[], subject: (index: number) => string): LimitViolation | null {
  const max = SQL_LIMITS[store].valueBytes;
  for (const [i, value] of values.entries()) {
    const bytes = valueBytesOver(value, max);
    if (bytes !== null) return { limit: `${store} string or BLOB size in bytes`, max, actual: bytes, subject: subject(i) };
  }
  return null;
}

/**
 * Rows a query returned, as objects or arrays of cells (D1 returns a BLOB as an
 * array of bytes): SQLite refuses to make any value over `valueBytes`, so
 * neither may a result (e.g. a large `json_group_array`).
 */
export function checkSqlResult(store: SqlStore, sql: string, rows: readonly unknown[]): LimitViolation | null {
  const cells = rows.flatMap((row) => (Array.isArray(row) ? row : row !== null && typeof row === "object" ? Object.values(row) : [row]));
  return checkSqlValues(store, cells, () => `a value returned by ${excerpt(sql)}`);
}

/** A stored row: the sum of its columns' sizes at most `valueBytes` (SQLite's limit on a record). */
export function checkSqlRow(store: SqlStore, table: string, rowBytes: number): LimitViolation | null {
  const max = SQL_LIMITS[store].valueBytes;
  return rowBytes > max ? { limit: `${store} table row size in bytes`, max, actual: rowBytes, subject: `a row of ${table}` } : null;
}

/** One message as `send` and `sendBatch` take it. */
export interface QueueMessageInput {
  body: unknown;
  delaySeconds?: number;
}

/**
 * A message's size as Queues counts it: its body's bytes plus the metadata
 * every message carries. Strings (`text`) and binary bodies (`bytes`) are
 * measured exactly; anything else as JSON text, which is what `json` sends and
 * close to what structured clone (`v8`, the default) makes of plain data.
 */
export function queueMessageBytes(body: unknown): number {
  let bodyBytes: number;
  if (typeof body === "string") bodyBytes = utf8Bytes(body);
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) bodyBytes = body.byteLength;
  else bodyBytes = utf8Bytes(JSON.stringify(body) ?? "");
  return bodyBytes + QUEUE_LIMITS.messageOverheadBytes;
}

/** One `send(body, options)`: the message's size and its delay. */
export function checkQueueSend(message: QueueMessageInput): LimitViolation | null {
  return checkQueueMessage(message, queueMessageBytes(message.body), "the message");
}

/**
 * One `sendBatch(messages, options)`: at most `sendBatchMessages` messages,
 * each within the message limits, together at most `sendBatchBytes` (metadata
 * included, as the limits page counts it), and the batch's own delay.
 */
export function checkQueueBatch(messages: readonly QueueMessageInput[], options: { delaySeconds?: number } = {}): LimitViolation | null {
  if (messages.length > QUEUE_LIMITS.sendBatchMessages) {
    return { limit: "Queues messages per sendBatch", max: QUEUE_LIMITS.sendBatchMessages, actual: messages.length, subject: "sendBatch" };
  }
  let total = 0;
  for (const [i, message] of messages.entries()) {
    const bytes = queueMessageBytes(message.body);
    const violation = checkQueueMessage(message, bytes, `message ${i + 1} of ${messages.length}`);
    if (violation) return violation;
    total += bytes;
  }
  if (total > QUEUE_LIMITS.sendBatchBytes) return { limit: "Queues bytes per sendBatch", max: QUEUE_LIMITS.sendBatchBytes, actual: total, subject: `${messages.length} messages` };
  return checkQueueDelay(options.delaySeconds, "sendBatch options");
}

/**
 * A delay in seconds (send, sendBatch, `message.retry`, `batch.retryAll`): at
 * most `maxDelaySeconds`. Miniflare already refuses negative and fractional
 * delays but allows up to 24 hours, twice production's limit.
 */
export function checkQueueDelay(delaySeconds: number | undefined, subject: string): LimitViolation | null {
  if (delaySeconds === undefined || delaySeconds <= QUEUE_LIMITS.maxDelaySeconds) return null;
  return { limit: "Queues delaySeconds", max: QUEUE_LIMITS.maxDelaySeconds, actual: delaySeconds, subject };
}

function checkQueueMessage(message: QueueMessageInput, bytes: number, subject: string): LimitViolation | null {
  if (bytes > QUEUE_LIMITS.messageBytes) return { limit: "Queues message size in bytes, metadata included", max: QUEUE_LIMITS.messageBytes, actual: bytes, subject };
  return checkQueueDelay(message.delaySeconds, subject);
}

const encoder = new TextEncoder();
const utf8Bytes = (text: string) => encoder.encode(text).byteLength;

/** The UTF-8 size of `text` when it is over `max`, else null; encodes only when its length alone cannot tell. */
function utf8BytesOver(text: string, max: number): number | null {
  // A UTF-16 code unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= max) return null;
  const bytes = utf8Bytes(text);
  return bytes > max ? bytes : null;
}

/**
 * The size of a string or BLOB value when it is over `max`, else null. A BLOB
 * may come as an ArrayBuffer, a view, or (from D1) an array of byte values.
 */
function valueBytesOver(value: unknown, max: number): number | null {
  if (typeof value === "string") return utf8BytesOver(value, max);
  const bytes = value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value.byteLength : Array.isArray(value) ? value.length : 0;
  return bytes > max ? bytes : null;
}

/** The start of a statement on one line, enough to find it in the code. */
function excerpt(sql: string): string {
  const line = sql.slice(0, 400).replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}
