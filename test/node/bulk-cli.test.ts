import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startDev, waitFor, type LocalStack } from "../../bench/stack.mjs";
import { createBulkClient, getBatch, type Batch, type BulkClient } from "../../client";
import { main } from "../../cli/main";
import { linesOf, runBulk, startBulk } from "./helpers/bulk-process";

// The real service (wrangler dev with local D1, R2, Queues and Durable Objects, as `npm start`
// runs it) and the real `bulk` command as a child process, without a TTY: plain progress lines.
// Only the terminal's question (bulk cancel) runs main() in this process, with a terminal's streams.

const STACK_START_MS = 180_000;
const STACK_STOP_MS = 30_000;
const BULK_MS = 60_000;

let stack: LocalStack;
let dir: string;
let env: Record<string, string>;
let client: BulkClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bulk-cli-"));
  // An uploaded file is cut into chunks by bytes: small segments make a slow batch span many
  // queue messages (two run at a time locally), so it stays running while the test acts on it.
  stack = await startDev({ port: await freePort(), state: join(dir, "state"), logPath: join(dir, "dev.log"), env: { INGEST_SEGMENT_BYTES: "256" } });
  const res = await fetch(`${stack.base}/v2/admin/projects`, {
    method: "POST",
    headers: { Authorization: "Bearer dev-admin-token", "Content-Type": "application/json" },
    body: JSON.stringify({ name: "cli test" }),
  });
  expect(res.status).toBe(201);
  const { api_key } = (await res.json()) as { api_key: string };
  env = { BULK_API_URL: stack.base, BULK_API_KEY: api_key };
  client = createBulkClient({ baseUrl: stack.base, apiKey: api_key });
}, STACK_START_MS);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, STACK_STOP_MS);

/** About 80 chunks of a second each: a batch that runs for most of a minute unless stopped. */
function writeSlowJsonl(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, Array.from({ length: 2000 }, (_, i) => JSON.stringify({ i })).join("\n") + "\n");
  return path;
}
const SLOW = ["-o", "echo", "--params", '{"delay_ms": 1000}', "--wait"];

function writeCsv(name: string, rows: string[][]): string {
  const path = join(dir, name);
  writeFileSync(path, Papa.unparse(rows) + "\n");
  return path;
}

/** A line a person reads: never a stack frame. */
const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+\(?.*:\d+:\d+\)?$/m);

describe("bulk submit --wait", () => {
  let partial: { id: string; file: string };

  it("uploads a file with some bad rows, follows it in plain lines, writes FILE.errors.csv and exits 2", async () => {
    const file = writeCsv("contacts.csv", [
      ["email", "name", "unique_id", "plan"],
      ["ada@example.com", "Ada", "c-1", "pro"],
      ["not-an-email", "Bad One", "c-2", "free"],
      ["grace@example.com", "Grace", "c-3", "pro"],
      ["", "No Email", "c-4", "=1+1"],
      ["alan@example.com", "Alan", "c-5", "free"],
    ]);
    const { code, stdout, stderr } = await runBulk(["submit", file, "--operation", "contacts.upsert", "--wait"], env);
    expect(code, stderr).toBe(2);
    const [id] = linesOf(stdout);
    expect(linesOf(stdout)).toEqual([expect.stringMatching(/^bat_/)]);
    const lines = linesOf(stderr);
    expect(lines).toContain(`upload ${readFileSync(file).length} B / ${readFileSync(file).length} B (100%)`);
    expect(lines).toContain(`created ${id} (contacts.upsert)`);
    // The final state; a rate may follow.
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${id} partially_failed 5/5 rows \\(3 ok, 2 failed\\)`)));
    expect(lines.at(-1)).toBe(`2 failed rows written to ${file}.errors.csv`);
    // Plain lines only: no carriage returns or cursor movement of a progress bar.
    expect(stderr).not.toMatch(/\r|\x1b\[/);
    noStackTrace(stderr);
    partial = { id: id!, file };

    const parsed = Papa.parse<Record<string, string>>(readFileSync(`${file}.errors.csv`, "utf8"), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual(["email", "name", "unique_id", "plan", "error_code", "error_field", "error_message", "row_number"]);
    expect(parsed.data.map((r) => [r.unique_id, r.error_field, r.row_number])).toEqual([
      ["c-2", "email", "2"],
      ["c-4", "email", "4"],
    ]);
    // A formula-like cell comes back escaped, so a spreadsheet shows it as text.
    expect(parsed.data[1]!.plan).toBe("'=1+1");
  }, BULK_MS);

  it("exits 0 for a file whose rows all succeed, and writes no errors file", async () => {
    const file = writeCsv("good.csv", [
      ["email", "name"],
      ["lin@example.com", "Lin"],
      ["kay@example.com", "Kay"],
    ]);
    const { code, stdout, stderr } = await runBulk(["submit", file, "-o", "contacts.upsert", "-w"], env);
    expect(code, stderr).toBe(0);
    const [id] = linesOf(stdout);
    expect(linesOf(stderr)).toContainEqual(expect.stringMatching(new RegExp(`^${id} succeeded 2/2 rows \\(2 ok, 0 failed\\)`)));
    expect(existsSync(`${file}.errors.csv`)).toBe(false);
  }, BULK_MS);

  it("renames columns with --mapping and writes nothing with --dry-run", async () => {
    const file = writeCsv("renamed.csv", [
      ["Email Address", "Full Name"],
      ["dry@example.com", "Dry Run"],
    ]);
    const { code, stdout, stderr } = await runBulk(["submit", file, "-o", "contacts.upsert", "--mapping", "Email Address=email,Full Name=name", "--dry-run", "--wait"], env);
    expect(code, stderr).toBe(0);
    const batch = await getBatch(client, linesOf(stdout)[0]!);
    expect(batch).toMatchObject({ status: "succeeded", dry_run: true, mapping: { "Email Address": "email", "Full Name": "name" } });
  }, BULK_MS);

  it("without --wait prints the batch id and exits 0 at once", async () => {
    const file = writeCsv("nowait.csv", [["email"], ["now@example.com"]]);
    const { code, stdout } = await runBulk(["submit", file, "-o", "contacts.upsert"], env);
    expect(code).toBe(0);
    expect(linesOf(stdout)).toEqual([expect.stringMatching(/^bat_/)]);
  }, BULK_MS);

  describe("then, on that batch", () => {
    it("bulk status shows it, and --json is the API's Batch", async () => {
      const text = await runBulk(["status", partial.id], env);
      expect(text.code).toBe(0);
      expect(linesOf(text.stdout)).toEqual(expect.arrayContaining([`id         ${partial.id}`, "status     partially_failed", "rows       5/5 (3 ok, 2 failed)"]));
      text.stdout.split("\n").forEach((line) => expect(line).not.toContain("undefined"));
      const json = await runBulk(["status", partial.id, "--json"], env);
      expect(json.code).toBe(0);
      expect((JSON.parse(json.stdout) as Batch).progress).toMatchObject({ rows_total: 5, rows_failed: 2 });
    }, BULK_MS);

    it("bulk errors writes every failed row as JSON lines, and --csv as CSV", async () => {
      const jsonl = await runBulk(["errors", partial.id], env);
      expect(jsonl.code).toBe(0);
      const rows = linesOf(jsonl.stdout).map((line) => JSON.parse(line) as { row_number: number; errors: { field?: string }[] });
      expect(rows.map((r) => [r.row_number, r.errors[0]?.field])).toEqual([
        [2, "email"],
        [4, "email"],
      ]);
      const csv = await runBulk(["errors", partial.id, "--csv"], env);
      expect(csv.code).toBe(0);
      expect(csv.stdout).toBe(readFileSync(`${partial.file}.errors.csv`, "utf8"));
    }, BULK_MS);

    it("bulk replay makes a batch of its failed rows, --all of all of them", async () => {
      const failed = await runBulk(["replay", partial.id], env);
      expect(failed.code, failed.stderr).toBe(0);
      const replay = await getBatch(client, linesOf(failed.stdout)[0]!);
      expect(replay.parent_batch_id).toBe(partial.id);
      const all = await runBulk(["replay", partial.id, "--all"], env);
      expect(all.code, all.stderr).toBe(0);
      expect(linesOf(all.stdout)[0]).not.toBe(replay.id);
    }, BULK_MS);
  });
});

describe("bulk pause, resume and cancel", () => {
  it("pause and resume a running batch; cancel --yes ends it, and the waiting submit exits 1", async () => {
    const path = writeSlowJsonl("slow.jsonl");
    const submit = startBulk(["submit", path, ...SLOW], env);
    await waitFor(() => /^bat_\w+\n/.test(submit.out.stdout), BULK_MS);
    const id = linesOf(submit.out.stdout)[0]!;
    await waitFor(async () => (await getBatch(client, id)).status === "running", BULK_MS);

    const paused = await runBulk(["pause", id], env);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stderr).toMatch(new RegExp(`^${id} paused `));
    expect((await getBatch(client, id)).status).toBe("paused");
    // The waiting submit shows it too (its next poll).
    await waitFor(() => submit.out.stderr.includes(`${id} paused `), BULK_MS);

    const resumed = await runBulk(["resume", id], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`^${id} running `));

    // Not at a terminal, so it does not ask, --yes or not.
    const cancelled = await runBulk(["cancel", id, "--yes"], env);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stderr).toBe(`cancelled ${id}\n`);

    const waited = await submit.done;
    expect(waited.code).toBe(1);
    const lines = linesOf(waited.stderr);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${id} paused `)), expect.stringMatching(new RegExp(`^${id} cancelled `))]));
    expect(existsSync(`${path}.errors.csv`)).toBe(false);

    const again = await runBulk(["cancel", id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("bulk cancel: batch_terminal: The batch has already finished (HTTP 409)\n");
  }, 2 * BULK_MS);
});

describe("bulk cancel at a terminal", () => {
  /** main() in this process with a terminal's streams: answers typed on stdin, what was shown on stderr. */
  async function cancelAtTerminal(id: string, answer: string) {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    let shown = "";
    const stderr = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          shown += String(chunk);
          if (shown.includes("[y/N]") && !stdin.writableEnded) stdin.end(`${answer}\n`);
          done();
        },
      }),
      { isTTY: true, columns: 120 },
    ) as unknown as NodeJS.WriteStream;
    const code = await main(["cancel", id], { stdin, stderr, stdout: new PassThrough(), env, signal: new AbortController().signal });
    return { code, shown: shown.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "") };
  }

  it("asks first: no keeps the batch running, yes cancels it", async () => {
    const { stdout } = await runBulk(["submit", writeSlowJsonl("asked.jsonl"), "-o", "echo", "--params", '{"delay_ms": 1000}'], env);
    const id = linesOf(stdout)[0]!;
    await waitFor(async () => (await getBatch(client, id)).status === "running", BULK_MS);

    const no = await cancelAtTerminal(id, "n");
    expect(no.code).toBe(1);
    expect(no.shown).toContain(`Cancel batch ${id}? Rows not started will never run. [y/N]`);
    expect(no.shown).toContain("not cancelled");
    expect((await getBatch(client, id)).status).toBe("running");

    const yes = await cancelAtTerminal(id, "y");
    expect(yes.code).toBe(0);
    expect(yes.shown).toContain(`cancelled ${id}`);
    expect((await getBatch(client, id)).status).toBe("cancelled");
  }, BULK_MS);
});

describe("Ctrl-C", () => {
  it("stops bulk submit --wait, not the batch: exit 130 and a line saying how to find it again", async () => {
    const submit = startBulk(["submit", writeSlowJsonl("interrupted.jsonl"), ...SLOW], env);
    await waitFor(() => /^bat_\w+\n/.test(submit.out.stdout), BULK_MS);
    const id = linesOf(submit.out.stdout)[0]!;
    await waitFor(() => submit.out.stderr.includes(`${id} running`), BULK_MS);
    submit.child.kill("SIGINT");
    const { code, stderr } = await submit.done;
    expect(code).toBe(130);
    expect(linesOf(stderr).at(-1)).toBe(`stopped waiting; ${id} goes on (bulk status ${id}, bulk cancel ${id})`);
    expect((await getBatch(client, id)).status).toBe("running");
    expect((await runBulk(["cancel", id, "--yes"], env)).code).toBe(0);
  }, BULK_MS);
});

describe("bulk's failures", () => {
  it("a bad key: exit 1, one line, no stack trace", async () => {
    const { code, stdout, stderr } = await runBulk(["status", "bat_whatever"], { ...env, BULK_API_KEY: "sk_not_a_key" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("bulk status: unauthorized: Unknown or revoked API key (HTTP 401); check BULK_API_KEY\n");
  });

  it("an unknown id: exit 1, one line", async () => {
    for (const command of ["status", "errors", "pause", "cancel"]) {
      const { code, stderr } = await runBulk([command, "bat_doesnotexist", ...(command === "cancel" ? ["--yes"] : [])], env);
      expect(code).toBe(1);
      expect(stderr).toBe(`bulk ${command}: not_found: Batch not found (HTTP 404)\n`);
    }
  }, BULK_MS);

  it("an operation the API does not know: exit 1, one line naming the field", async () => {
    const file = writeCsv("op.csv", [["email"], ["x@example.com"]]);
    const { code, stderr } = await runBulk(["submit", file, "-o", "contacts.nope", "--wait"], env);
    expect(code).toBe(1);
    expect(linesOf(stderr).at(-1)).toMatch(/^bulk submit: validation_failed: .*operation/);
    noStackTrace(stderr);
  }, BULK_MS);

  it("a missing file, a file of unknown format, no server: exit 1, one line each", async () => {
    const missing = await runBulk(["submit", join(dir, "nope.csv"), "-o", "echo"], env);
    expect([missing.code, missing.stderr]).toEqual([1, `bulk submit: ${join(dir, "nope.csv")}: no such file\n`]);
    const txt = await runBulk(["submit", "rows.txt", "-o", "echo"], env);
    expect([txt.code, txt.stderr]).toEqual([1, "bulk submit: rows.txt: unknown format (name the file .csv or .jsonl)\n"]);
    const port = await freePort();
    const down = await runBulk(["status", "bat_1"], { ...env, BULK_API_URL: `http://127.0.0.1:${port}` });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`bulk status: cannot reach http://127.0.0.1:${port}: ECONNREFUSED; is the API running at BULK_API_URL?\n`);
  }, BULK_MS);
});

describe("npx bulk", () => {
  it("runs the repository's own bin from a clone", () => {
    const result = spawnSync("npx", ["--no-install", "bulk", "--help"], { encoding: "utf8", env: { ...process.env, npm_config_yes: "false" } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^bulk: submit files/);
  }, BULK_MS);
});
