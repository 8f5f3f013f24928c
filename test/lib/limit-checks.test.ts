import { describe, expect, it } from "vitest";
import {
  checkQueueBatch,
  checkQueueDelay,
  checkQueueSend,
  checkSqlRow,
  checkSqlStatement,
  checkSqlResult,
  describeViolation,
  queueMessageBytes,
  type SqlStore,
} from "../../src/lib/limit-checks";
import { QUEUE_LIMITS } from "../../src/lib/platform-limits";

const x = (bytes: number) => "x".repeat(bytes);
/** Each limit at 0, 1, limit−1, limit (all allowed) and limit+1 (refused). */
const around = (limit: number) => [
  [0, true],
  [1, true],
  [limit - 1, true],
  [limit, true],
  [limit + 1, false],
] as const;

describe.each<SqlStore>(["D1", "Durable Object SQL"])("%s statements", (store) => {
  it.each(around(100))("%i bound parameters: allowed %s", (n, allowed) => {
    const violation = checkSqlStatement(store, "SELECT 1", Array.from({ length: n }, (_, i) => i));
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: `${store} bound parameters per statement`, max: 100, actual: n, subject: "SELECT 1" });
  });

  it.each(around(100_000))("a statement of %i bytes: allowed %s", (n, allowed) => {
    const violation = checkSqlStatement(store, x(n), []);
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: `${store} statement length in bytes`, max: 100_000, actual: n });
  });

  it("counts a statement's UTF-8 bytes, not its characters", () => {
    // 33,333 and 33,334 three-byte characters: 99,999 and 100,002 bytes.
    expect(checkSqlStatement(store, "€".repeat(33_333), [])).toBeNull();
    expect(checkSqlStatement(store, "€".repeat(33_334), [])).toMatchObject({ actual: 100_002 });
    expect(checkSqlStatement(store, `SELECT '${"é".repeat(50_000)}'`, [])).toMatchObject({ actual: 100_009 });
  });

  it.each(around(2_000_000))("a bound string of %i bytes: allowed %s", (n, allowed) => {
    const violation = checkSqlStatement(store, "INSERT INTO t VALUES (?, ?)", [1, x(n)]);
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: `${store} string or BLOB size in bytes`, max: 2_000_000, actual: n, subject: "parameter 2 of INSERT INTO t VALUES (?, ?)" });
  });

  it.each(around(2_000_000))("a bound BLOB of %i bytes, in each form it may take: allowed %s", (n, allowed) => {
    const blobs = [new ArrayBuffer(n), new Uint8Array(n), new Array<number>(n).fill(0)];
    for (const blob of blobs) expect(checkSqlStatement(store, "INSERT INTO t VALUES (?)", [blob]) === null).toBe(allowed);
  });

  it("reports the first limit a statement exceeds, parameters before length before values", () => {
    const params = Array.from({ length: 101 }, () => x(2_000_001));
    expect(checkSqlStatement(store, x(100_001), params)?.limit).toBe(`${store} bound parameters per statement`);
    expect(checkSqlStatement(store, x(100_001), params.slice(1))?.limit).toBe(`${store} statement length in bytes`);
  });

  it.each(around(2_000_000))("a returned value of %i bytes, in rows of each shape: allowed %s", (n, allowed) => {
    const rows = [[{ a: null, b: 1, c: x(n) }], [[null, 2.5, x(n)]], [[new Array<number>(n).fill(0)]], [x(n)]];
    for (const r of rows) expect(checkSqlResult(store, "SELECT a, b, c FROM t", r) === null).toBe(allowed);
    if (!allowed) expect(checkSqlResult(store, "SELECT c FROM t", [{ c: x(n) }])).toMatchObject({ actual: n, subject: "a value returned by SELECT c FROM t" });
  });

  it.each(around(2_000_000))("a stored row of %i bytes: allowed %s", (n, allowed) => {
    const violation = checkSqlRow(store, "chunks", n);
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: `${store} table row size in bytes`, subject: "a row of chunks" });
  });
});

describe("queue messages", () => {
  const overhead = QUEUE_LIMITS.messageOverheadBytes;

  it("counts a body's bytes plus the metadata every message carries", () => {
    expect(queueMessageBytes("")).toBe(overhead);
    expect(queueMessageBytes("é")).toBe(2 + overhead);
    expect(queueMessageBytes({ a: "é" })).toBe(JSON.stringify({ a: "é" }).length + 1 + overhead);
    expect(queueMessageBytes(new Uint8Array(7))).toBe(7 + overhead);
    expect(queueMessageBytes(new ArrayBuffer(7))).toBe(7 + overhead);
  });

  // Bodies as small as the metadata allows: 0 and 1 bytes of body.
  it.each([
    [overhead, true],
    [overhead + 1, true],
    [127_999, true],
    [128_000, true],
    [128_001, false],
  ] as const)("a message of %i bytes with its metadata: allowed %s", (n, allowed) => {
    const body = x(n - overhead);
    expect(checkQueueSend({ body }) === null).toBe(allowed);
    expect(checkQueueBatch([{ body }]) === null).toBe(allowed);
    if (!allowed) expect(checkQueueSend({ body })).toMatchObject({ limit: "Queues message size in bytes, metadata included", max: 128_000, actual: n });
  });

  it.each(around(100))("a sendBatch of %i messages: allowed %s", (n, allowed) => {
    const violation = checkQueueBatch(Array.from({ length: n }, (_, i) => ({ body: { i } })));
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: "Queues messages per sendBatch", max: 100, actual: n });
  });

  /** Messages, each within the message limit, whose sizes add up to `total`. */
  const messagesOf = (total: number) => {
    const count = Math.ceil(total / QUEUE_LIMITS.messageBytes);
    return Array.from({ length: count }, (_, i) => ({ body: x(Math.floor(total / count) + (i < total % count ? 1 : 0) - overhead) }));
  };

  // The smallest non-empty batch is one empty message: its metadata alone.
  it.each([
    [0, true],
    [overhead, true],
    [255_999, true],
    [256_000, true],
    [256_001, false],
  ] as const)("a sendBatch of %i bytes in all: allowed %s", (total, allowed) => {
    const messages = messagesOf(total);
    expect(messages.reduce((n, m) => n + queueMessageBytes(m.body), 0)).toBe(total);
    const violation = checkQueueBatch(messages);
    expect(violation === null).toBe(allowed);
    if (!allowed) expect(violation).toMatchObject({ limit: "Queues bytes per sendBatch", max: 256_000, actual: total });
  });

  it.each(around(43_200))("a delay of %i seconds, wherever it is given: allowed %s", (delaySeconds, allowed) => {
    expect(checkQueueDelay(delaySeconds, "retry") === null).toBe(allowed);
    expect(checkQueueSend({ body: 1, delaySeconds }) === null).toBe(allowed);
    expect(checkQueueBatch([{ body: 1, delaySeconds }]) === null).toBe(allowed);
    expect(checkQueueBatch([{ body: 1 }], { delaySeconds }) === null).toBe(allowed);
    if (!allowed) expect(checkQueueDelay(delaySeconds, "retry")).toMatchObject({ limit: "Queues delaySeconds", max: 43_200, actual: delaySeconds });
  });

  it("accepts no delay at all", () => {
    expect(checkQueueDelay(undefined, "send")).toBeNull();
  });

  it("names the message of a batch that is too big", () => {
    expect(checkQueueBatch([{ body: 1 }, { body: x(128_000) }])).toMatchObject({ subject: "message 2 of 2" });
  });
});

describe("describeViolation", () => {
  it("names the limit, the offending value and where it came from", () => {
    const violation = checkSqlStatement("D1", "INSERT INTO t VALUES (?)", Array.from({ length: 101 }, () => 1))!;
    expect(describeViolation(violation)).toBe("D1 bound parameters per statement: 101 is over the production limit of 100 (INSERT INTO t VALUES (?))");
  });
});
