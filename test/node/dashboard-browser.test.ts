import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, request, startDev, waitFor, type LocalStack } from "../../bench/stack.mjs";
import { launchChromium, offline } from "./helpers/chromium";

// The dashboard and /docs in a real Chromium against the real local stack (`npm start`'s
// wrangler dev, local D1/R2/Queues/Durable Objects), with every request off this machine refused.
const ADMIN = "dev-admin-token";
const UI_TIMEOUT = 30_000;
const MARKUP = `<img src="/x" onerror="document.title='run'">c-5`;

let stack: LocalStack;
let state: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let refused: string[];
const pageErrors: string[] = [];
let key: string;
let finished: { id: string };
let slow: { id: string };

async function api(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(stack.base, method, p, { key, body, headers });
  return res;
}

const batchRow = (id: string) => page.locator(`tr[data-batch-id="${id}"]`);
const statusOf = () => page.locator("dl.details .status");

describe("the dashboard in a browser", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    // The browser first: without Chromium the test fails at once, saying what to install.
    browser = await launchChromium();
    state = mkdtempSync(path.join(tmpdir(), "bulk-dashboard-"));
    stack = await startDev({ port: await freePort(), state, logPath: path.join(state, "dev.log") });
    const project = await request(stack.base, "POST", "/v2/admin/projects", { key: ADMIN, body: { name: "dashboard" } });
    expect(project.status).toBe(201);
    key = project.json.api_key;

    // Six contacts, two with a bad email: it ends partially_failed with two error rows. One
    // identifier is markup, which the page must show as text.
    const contacts = Array.from({ length: 6 }, (_, i) => ({ unique_id: `c-${i + 1}`, email: i === 1 || i === 4 ? `not-an-email-${i + 1}` : `p${i + 1}@example.com`, name: `P${i + 1}` }));
    contacts[4]!.unique_id = MARKUP;
    const created = await api("POST", "/v2/batch/operations", { operation: "contacts.upsert", source: { kind: "inline", rows: contacts } }, { "Idempotency-Key": "finished" });
    expect(created.status).toBe(201);
    finished = created.json;
    await waitFor(async () => (await api("GET", `/v2/batch/operations/${finished.id}`)).json.status === "partially_failed", 60_000);

    // 1000 rows at 5 a second: minutes of running (it is cancelled below).
    const rows = Array.from({ length: 1000 }, (_, i) => ({ unique_id: `r-${i + 1}` }));
    const started = await api("POST", "/v2/batch/operations", { operation: "echo", source: { kind: "inline", rows }, max_rows_per_second: 5 }, { "Idempotency-Key": "slow" });
    expect(started.status).toBe(201);
    slow = started.json;

    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    refused = await offline(page);
    // Script errors and Content-Security-Policy violations show up here.
    page.on("pageerror", (e) => pageErrors.push(e.message));
    // The browser also logs each failed response ("Failed to load resource"): the wrong key's 401
    // and the stream aborted below are meant, and off-machine requests are counted in `refused`.
    page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && pageErrors.push(m.text()));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (state) rmSync(state, { recursive: true, force: true });
  });

  it("signs in with a pasted API key and lists the project's batches with status and progress", async () => {
    await page.goto(`${stack.base}/`);
    await page.getByLabel("API key").fill("sk_wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "unknown or revoked" }).waitFor();

    await page.getByLabel("API key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Batches" }).waitFor();
    await batchRow(finished.id).getByText("partially failed").waitFor();
    await expect.poll(() => batchRow(finished.id).locator("progress").getAttribute("value")).toBe("6");
    await batchRow(slow.id).waitFor();
    // The key is this tab's only: in sessionStorage, not in a cookie.
    expect(await page.evaluate("Object.values(sessionStorage)")).toEqual([key]);
    expect((await context.cookies()).length).toBe(0);
  });

  it("opens a finished batch: its progress, counters and error rows", async () => {
    await batchRow(finished.id).getByRole("link").click();
    await page.getByRole("heading", { name: `Batch ${finished.id}` }).waitFor();
    await statusOf().getByText("partially failed").waitFor();
    await page.getByText("6 of 6 rows (100%)").waitFor();
    const errorRows = page.locator("tr.error-row");
    await expect.poll(() => errorRows.count()).toBe(2);
    await expect.poll(() => errorRows.first().innerText()).toContain("c-2");
    expect(await errorRows.first().innerText()).toContain("email");
    expect(await errorRows.nth(1).innerText()).toContain(MARKUP);
    expect(await page.locator("main img").count()).toBe(0);
    await page.getByRole("button", { name: "Replay failed rows" }).waitFor();
  });

  it("downloads errors.csv through the bearer header", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download errors.csv" }).click()]);
    const csv = readFileSync(await download.path(), "utf8");
    expect(download.suggestedFilename()).toMatch(/errors\.csv$/);
    expect(csv.split(/\r?\n/)[0]).toContain("error_code");
    expect(csv).toContain("not-an-email-2");
    expect(csv).toContain("not-an-email-5");
  });

  it("follows a running batch live, pauses, resumes and cancels it (after confirming)", async () => {
    await page.goto(`${stack.base}/#/batches/${slow.id}`);
    await page.getByText("Live: updates as rows are counted.").waitFor();
    await statusOf().getByText("running").waitFor();
    await page.getByText("5 rows per second").waitFor();
    // Progress moves on the page without a reload.
    await expect.poll(async () => Number(await page.locator("main progress").getAttribute("value")), { timeout: UI_TIMEOUT }).toBeGreaterThan(0);

    await page.getByRole("button", { name: "Pause" }).click();
    await statusOf().getByText("paused").waitFor();
    expect((await api("GET", `/v2/batch/operations/${slow.id}`)).json.status).toBe("paused");

    await page.getByRole("button", { name: "Resume" }).click();
    await statusOf().getByText("running").waitFor();
    expect((await api("GET", `/v2/batch/operations/${slow.id}`)).json.status).toBe("running");

    // Dismissing the confirmation leaves the batch alone; accepting it cancels.
    page.once("dialog", (d) => void d.dismiss());
    await page.getByRole("button", { name: "Cancel batch" }).click();
    await page.getByRole("button", { name: "Cancel batch" }).waitFor();
    expect((await api("GET", `/v2/batch/operations/${slow.id}`)).json.status).toBe("running");
    page.once("dialog", (d) => {
      expect(d.message()).toContain(slow.id);
      void d.accept();
    });
    await page.getByRole("button", { name: "Cancel batch" }).click();
    await statusOf().getByText("cancelled").waitFor();
    expect((await api("GET", `/v2/batch/operations/${slow.id}`)).json.status).toBe("cancelled");
  });

  it("replays a finished batch's failed rows and opens the replay", async () => {
    await page.goto(`${stack.base}/#/batches/${finished.id}`);
    await page.getByRole("button", { name: "Replay failed rows" }).click();
    await page.getByText(/^Replay of/).waitFor();
    const replayId = decodeURIComponent(new URL(page.url()).hash.replace("#/batches/", ""));
    expect(replayId).not.toBe(finished.id);
    await statusOf().getByText("failed", { exact: true }).waitFor();
    const replay = (await api("GET", `/v2/batch/operations/${replayId}`)).json;
    expect(replay.parent_batch_id).toBe(finished.id);
    expect(replay.progress.rows_total).toBe(2);
  });

  it("pages through the batches (20 a page) and through a batch's errors (50 a page)", async () => {
    const many = Array.from({ length: 55 }, (_, i) => ({ unique_id: `m-${i + 1}`, email: `bad-${i + 1}` }));
    const { json: failedMany } = await api("POST", "/v2/batch/operations", { operation: "contacts.upsert", source: { kind: "inline", rows: many } }, { "Idempotency-Key": "many-errors" });
    for (let i = 0; i < 20; i++) {
      expect((await api("POST", "/v2/batch/operations", { operation: "echo", source: { kind: "inline", rows: [{ n: i }] } }, { "Idempotency-Key": `filler-${i}` })).status).toBe(201);
    }
    await page.goto(`${stack.base}/#/`);
    await page.getByText("Page 1, 20 batches.").waitFor();
    // The first batch of all is on the second page, newest first.
    expect(await batchRow(finished.id).count()).toBe(0);
    await page.getByRole("button", { name: "Next page" }).click();
    await batchRow(finished.id).waitFor();
    await page.getByText(/^Page 2, \d+ batch/).waitFor();
    await page.getByRole("button", { name: "Previous page" }).click();
    await page.getByText("Page 1, 20 batches.").waitFor();

    await waitFor(async () => (await api("GET", `/v2/batch/operations/${failedMany.id}`)).json.status === "failed", 60_000);
    await page.goto(`${stack.base}/#/batches/${failedMany.id}`);
    const errorRows = page.locator("tr.error-row");
    await expect.poll(() => errorRows.count()).toBe(50);
    await page.getByRole("button", { name: "Next errors" }).click();
    await expect.poll(() => errorRows.count()).toBe(5);
    expect(await errorRows.first().innerText()).toContain("m-51");
    await page.getByRole("button", { name: "Previous errors" }).click();
    await expect.poll(() => errorRows.count()).toBe(50);
  });

  it("falls back to polling when the event stream cannot be read, and still follows the batch to its end", async () => {
    // 30 rows at 10 a second: about three seconds.
    const rows = Array.from({ length: 30 }, (_, i) => ({ unique_id: `q-${i + 1}` }));
    const { json: batch } = await api("POST", "/v2/batch/operations", { operation: "echo", source: { kind: "inline", rows }, max_rows_per_second: 10 }, { "Idempotency-Key": "polled" });
    await page.route("**/events", (route) => route.abort("connectionreset"));
    try {
      await page.goto(`${stack.base}/#/batches/${batch.id}`);
      await page.getByText("Updating every 2 seconds.").waitFor();
      await statusOf().getByText("succeeded").waitFor();
      await page.getByText("30 of 30 rows (100%)").waitFor();
    } finally {
      await page.unroute("**/events");
    }
  });

  it("renders /docs (Swagger UI) from this Worker alone", async () => {
    await page.goto(`${stack.base}/docs`);
    await page.locator(".swagger-ui .info .title").getByText("Bulk operations API").waitFor();
    await page.locator(".opblock").first().waitFor();
    expect(await page.locator(".opblock").count()).toBeGreaterThan(20);
  });

  it("asked nothing of the internet and broke no rule of its Content-Security-Policy", () => {
    expect(refused).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
