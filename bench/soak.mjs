#!/usr/bin/env node
// `npm run soak`: the service held to "no row lost, none counted twice, no
// batch stuck" on the real local stack (as `npm start` runs it), with fixed
// seeds. Three phases, each on a fresh stack:
//   crash       a large upload batch (a quote-free CSV), the whole stack SIGKILLed mid-way and started again
//   concurrent  a few hundred batches at once over several projects
//   faults      batches while consumers throw, D1 calls fail and messages come again
// Every batch is checked row by row against what its input must give. See
// docs/reliability.md.
//   npm run soak -- [--rows 1000000] [--batches 300] [--projects 5] [--fault-batches 60] [--seed 7] [--phases crash,concurrent,faults]
import { execFileSync } from "node:child_process";
import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { ensureCsv, prng } from "./generate-csv.mjs";
import { freePort, localEnv, request, startDev, waitFor } from "./stack.mjs";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    batches: { type: "string", default: "300" },
    projects: { type: "string", default: "5" },
    "fault-batches": { type: "string", default: "60" },
    faults: { type: "string", default: "consumer_throw=0.15,d1_fail=0.05,redeliver=0.15" },
    seed: { type: "string", default: "7" },
    phases: { type: "string", default: "crash,concurrent,faults" },
  },
});
const seed = Number(args.seed);
const TERMINAL = ["succeeded", "partially_failed", "failed", "cancelled"];
/** A batch not finished this long after the last one was created counts as stuck. */
const STUCK_AFTER_MS = 15 * 60_000;
const TARGETS = { lost: 0, doubled: 0, stuck: 0, recovery_s: 60, poll_p99_ms: 1000 };

const phases = { crash: crashPhase, concurrent: concurrentPhase, faults: faultsPhase };
const report = { seed, phases: {}, totals: { batches: 0, rows: 0, lost: 0, doubled: 0, stuck: 0, unexpected_failures: 0 } };
for (const name of args.phases.split(",")) {
  if (!phases[name]) fail(`unknown phase ${name}: crash, concurrent or faults`);
  log(`phase ${name}`);
  const result = await phases[name]();
  report.phases[name] = result;
  for (const k of Object.keys(report.totals)) report.totals[k] += result[k] ?? 0;
}
report.commit = gitCommit();
report.at = new Date().toISOString();
writeFileSync("bench/soak-results.json", JSON.stringify(report, null, 2) + "\n");
printReport(report);
const misses = Object.entries(report.phases).flatMap(([name, p]) => [
  ...["lost", "doubled", "stuck"].filter((k) => p[k] > 0).map((k) => `${name}: ${p[k]} ${k}`),
  ...(p.recovery_s > TARGETS.recovery_s ? [`${name}: recovery ${p.recovery_s} s > ${TARGETS.recovery_s} s`] : []),
  ...(p.polls?.p99_ms > TARGETS.poll_p99_ms ? [`${name}: poll p99 ${p.polls.p99_ms} ms > ${TARGETS.poll_p99_ms} ms`] : []),
]);
if (misses.length > 0) {
  console.error(`targets missed:\n  ${misses.join("\n  ")}`);
  process.exit(1);
}
log("all targets met");

/**
 * (a) One large upload batch (`--rows` of the bench's CSV without a quote in
 * it, how most exports look: the shape that once scanned quadratically), SIGKILL of the whole
 * stack once its source is read and part of it processed: the queue's
 * messages die with it, so no row moves until the batch object's watchdog
 * sends the lost chunks again. Recovery is from the restarted stack's first
 * answer to the batch's first progress after it. Polls run every 250 ms
 * throughout: during ingestion, processing, and recovery.
 */
async function crashPhase() {
  const rows = Number(args.rows);
  const csvPath = await ensureCsv(rows, seed, log, "plain");
  const stack = await freshStack("crash");
  const { key } = await newProject(stack, "crash");
  const source = await upload(stack, key, csvPath);
  // 300 ms per chunk on top of the work, so the kill lands while chunks are queued and running.
  const created = await createBatch(stack, key, { operation: "echo", source, params: { delay_ms: 300 } }, "crash-1");
  const poller = startPoller(stack, key, created.id);
  await waitFor(() => poller.last && poller.last.progress.rows_total !== null && poller.last.progress.rows_processed >= rows * 0.2, 600_000, 100);
  const atKill = poller.last.progress;
  log(`SIGKILL with ${atKill.rows_processed} of ${atKill.rows_total} rows processed`);
  await stack.kill();
  poller.pause();
  const restarted = await stack.restart();
  const upAt = performance.now();
  poller.resume(restarted);
  let firstAfter = null;
  let recoveredAt = null;
  await waitFor(
    () => {
      const p = poller.last?.progress;
      if (!p || poller.lastAt < upAt) return false;
      firstAfter ??= p.rows_processed;
      if (recoveredAt === null && p.rows_processed > firstAfter) recoveredAt = poller.lastAt;
      return TERMINAL.includes(poller.last.status);
    },
    STUCK_AFTER_MS,
    100,
  ).catch(() => undefined);
  await poller.stop();
  const expected = expectationsOfCsv(rows);
  const check = await verifyBatch(restarted, key, created.id, expected);
  await restarted.stop();
  return {
    batches: 1,
    rows,
    ...check,
    killed_at_rows: atKill.rows_processed,
    recovery_s: recoveredAt === null ? null : round((recoveredAt - upAt) / 1000),
    polls: latency(poller.samples),
  };
}

/**
 * (b) `--batches` batches over `--projects` projects, created 16 at a time and
 * all running at once: inline sources of 1 to 1000 rows, echo,
 * contacts.upsert and messages.send, every 17th row made to fail.
 */
async function concurrentPhase() {
  const stack = await freshStack("concurrent");
  const result = await runInlineBatches(stack, Number(args.batches), "concurrent");
  await stack.stop();
  return result;
}

/**
 * (c) The same kind of batches with FAULT_INJECTION on (`--faults`):
 * consumers that die between storing results and reporting them, D1 calls
 * that fail, processed messages delivered again.
 */
async function faultsPhase() {
  const stack = await freshStack("faults", { FAULT_INJECTION: args.faults });
  const result = await runInlineBatches(stack, Number(args["fault-batches"]), "faults");
  await stack.stop();
  return { ...result, faults: args.faults };
}

async function runInlineBatches(stack, count, tag) {
  const random = prng(seed + count);
  const projects = [];
  for (let p = 0; p < Number(args.projects); p++) projects.push({ ...(await newProject(stack, `${tag}-${p}`)), batches: [] });
  const specs = Array.from({ length: count }, (_, i) => {
    const op = ["echo", "echo", "contacts.upsert", "messages.send"][Math.floor(random() * 4)];
    const size = 1 + Math.floor(random() * 1000);
    return { i, op, size, project: projects[i % projects.length] };
  });
  const created = [];
  await mapLimit(specs, 16, async (spec) => {
    const rows = inlineRows(spec.op, spec.size, spec.i);
    const batch = await createBatch(stack, spec.project.key, { operation: spec.op, source: { kind: "inline", rows } }, `${tag}-${spec.i}`);
    created.push({ id: batch.id, key: spec.project.key, expected: expectationsOfInline(spec.op, rows) });
  });
  // Poll one batch at a time, round robin, until each is finished or the time is up.
  const polls = [];
  const open = new Set(created);
  const deadline = Date.now() + STUCK_AFTER_MS;
  while (open.size > 0 && Date.now() < deadline) {
    for (const b of [...open]) {
      const res = await request(stack.base, "GET", `/v2/batch/operations/${b.id}`, { key: b.key });
      polls.push(res.ms);
      if (res.status === 200 && TERMINAL.includes(res.json.status)) open.delete(b);
    }
    if (open.size > 0) await new Promise((r) => setTimeout(r, 500));
  }
  const totals = { batches: created.length, rows: 0, lost: 0, doubled: 0, stuck: 0, unexpected_failures: 0 };
  for (const b of created) {
    const check = await verifyBatch(stack, b.key, b.id, b.expected);
    totals.rows += b.expected.rows;
    for (const k of ["lost", "doubled", "stuck", "unexpected_failures"]) totals[k] += check[k];
  }
  const sends = await outboxCounts(stack);
  for (const b of created) {
    if (b.expected.sends === undefined) continue;
    const sent = sends.get(b.id) ?? 0;
    if (sent > b.expected.sends) totals.doubled += sent - b.expected.sends;
  }
  return { ...totals, polls: latency(polls) };
}

/** Rows of an inline batch: every 17th row fails validation. */
function inlineRows(op, size, salt) {
  return Array.from({ length: size }, (_, i) => {
    const n = i + 1;
    const bad = n % 17 === 0;
    if (op === "contacts.upsert") return { unique_id: `c${salt}-${n}`, email: bad ? `nobody-${n}` : `p${salt}-${n}@example.com`, name: `P ${n}` };
    if (op === "messages.send") return { unique_id: `m${salt}-${n}`, to: bad ? "" : `+1555${String(n).padStart(7, "0")}`, body: `hello ${n}`, idempotency_key: `k${salt}-${n}` };
    return { unique_id: `e${salt}-${n}`, n };
  });
}

function expectationsOfInline(op, rows) {
  const failing = new Set(op === "echo" ? [] : rows.map((_, i) => i + 1).filter((n) => n % 17 === 0));
  return { rows: rows.length, failing, ...(op === "messages.send" && { sends: rows.length - failing.size }) };
}

/** The bench CSV: rows with a bad email fail for contacts.upsert only; echo takes every row. */
function expectationsOfCsv(rows) {
  return { rows, failing: new Set() };
}

/**
 * Reads the batch's whole outcome back (every /result and /errors page) and
 * compares it with what its input must give: each row number exactly once,
 * the counters equal to what is stored, failures only where expected.
 */
async function verifyBatch(stack, key, id, expected) {
  const batch = (await request(stack.base, "GET", `/v2/batch/operations/${id}`, { key })).json;
  if (!batch || !TERMINAL.includes(batch.status)) return { lost: expected.rows, doubled: 0, stuck: 1, unexpected_failures: 0, status: batch?.status ?? "unknown" };
  const seen = new Map();
  let unexpected = 0;
  for (const what of ["result", "errors"]) {
    let cursor = null;
    do {
      const res = await request(stack.base, "GET", `/v2/batch/operations/${id}/${what}?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, { key, timeoutMs: 60_000 });
      if (res.status !== 200) throw new Error(`${what} of ${id}: ${res.status} ${JSON.stringify(res.json)}`);
      for (const item of res.json.results ?? res.json.errors) {
        seen.set(item.row_number, (seen.get(item.row_number) ?? 0) + 1);
        if (what === "errors" && !expected.failing.has(item.row_number)) unexpected++;
      }
      cursor = res.json.next_cursor;
    } while (cursor);
  }
  const p = batch.progress;
  const distinct = [...seen.keys()].filter((n) => n >= 1 && n <= expected.rows).length;
  const repeated = [...seen.values()].reduce((a, n) => a + n - 1, 0);
  return {
    status: batch.status,
    lost: expected.rows - distinct,
    // A row stored twice, or counted more often than it is stored.
    doubled: repeated + Math.max(0, p.rows_processed - distinct) + (p.rows_total !== expected.rows ? Math.abs(p.rows_total - expected.rows) : 0),
    stuck: 0,
    unexpected_failures: unexpected,
  };
}

/** Messages queued per batch, read from local D1 once the soak's batches are done. */
async function outboxCounts(stack) {
  const out = execFileSync(
    "npx",
    ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", stack.state, "--json", "--command", "SELECT batch_id, count(*) AS n FROM outbox GROUP BY batch_id"],
    { env: localEnv, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return new Map(JSON.parse(out)[0].results.map((r) => [r.batch_id, r.n]));
}

/** Polls one batch every 250 ms, recording how long each answer took; survives the stack's restart. */
function startPoller(stack, key, id) {
  const poller = { samples: [], last: null, lastAt: 0, base: stack.base, paused: false, stopped: false };
  const loop = (async () => {
    while (!poller.stopped) {
      if (!poller.paused) {
        const res = await request(poller.base, "GET", `/v2/batch/operations/${id}`, { key });
        if (!poller.paused) {
          poller.samples.push(res.ms);
          if (res.status === 200) [poller.last, poller.lastAt] = [res.json, performance.now()];
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return Object.assign(poller, {
    pause: () => void (poller.paused = true),
    resume: (s) => void ((poller.base = s.base), (poller.paused = false)),
    stop: async () => ((poller.stopped = true), await loop),
  });
}

/** A stack with its own state directory and log, on a free port; `restart()` brings it back on the same state. */
async function freshStack(name, env = {}) {
  const state = `bench/.state/soak-${name}`;
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const port = await freePort();
  const logPath = `bench/.state/soak-${name}.log`;
  rmSync(logPath, { force: true });
  const start = async () => {
    const dev = await startDev({ port, state, env: { ADMIN_TOKEN: "soak", UPLOAD_SIGNING_SECRET: "soak", ...env }, logPath });
    return { ...dev, state, restart: start };
  };
  return start();
}

async function newProject(stack, name) {
  const res = await request(stack.base, "POST", "/v2/admin/projects", { key: "soak", body: { name } });
  if (res.status !== 201) throw new Error(`create project: ${res.status} ${JSON.stringify(res.json)}`);
  return { key: res.json.api_key };
}

/** Creates a batch, retrying with the same Idempotency-Key until it gets an answer (never a second batch). */
async function createBatch(stack, key, body, idempotencyKey) {
  for (let attempt = 1; ; attempt++) {
    const res = await request(stack.base, "POST", "/v2/batch/operations", { key, body, headers: { "Idempotency-Key": idempotencyKey }, timeoutMs: 60_000 });
    if (res.status === 201 || res.status === 200) return res.json;
    if (attempt >= 5) throw new Error(`create batch: ${res.status} ${JSON.stringify(res.json)}`);
  }
}

async function upload(stack, key, path) {
  const bytes = statSync(path).size;
  const issued = await request(stack.base, "POST", "/v2/uploads", { key, body: { format: "csv", content_length: bytes } });
  const put = await fetch(issued.json.upload_url, { method: "PUT", body: Readable.toWeb(createReadStream(path)), duplex: "half", headers: { "Content-Length": String(bytes) } });
  if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
  return issued.json.source;
}

async function mapLimit(items, limit, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

function latency(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { count: sorted.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: Math.round(sorted.at(-1) ?? 0) };
}

function printReport(r) {
  const line = (k, v) => console.log(`  ${k.padEnd(28)} ${v}`);
  console.log(`\nsoak (seed ${r.seed})`);
  for (const [name, p] of Object.entries(r.phases)) {
    console.log(`  ${name}${p.faults ? ` (${p.faults})` : ""}`);
    line("  batches / rows", `${p.batches} / ${p.rows}`);
    line("  rows lost / counted twice", `${p.lost} / ${p.doubled}`);
    line("  batches stuck", p.stuck);
    line("  unexpected row failures", p.unexpected_failures);
    if ("recovery_s" in p) line("  recovery after restart", `${p.recovery_s} s (killed at ${p.killed_at_rows} rows processed)`);
    line("  poll latency", `p50 ${p.polls.p50_ms} ms, p99 ${p.polls.p99_ms} ms, max ${p.polls.max_ms} ms (${p.polls.count} polls)`);
  }
  const t = r.totals;
  console.log(`  total: ${t.batches} batches, ${t.rows} rows, ${t.lost} lost, ${t.doubled} counted twice, ${t.stuck} stuck`);
  console.log("  → bench/soak-results.json\n");
}

function gitCommit() {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

function round(n) {
  return Math.round(n * 10) / 10;
}

function log(message) {
  console.log(`[soak] ${new Date().toISOString().slice(11, 19)} ${message}`);
}

function fail(message) {
  console.error(`[soak] ${message}`);
  process.exit(1);
}
