import { env } from "cloudflare:test";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { batchStub } from "../../src/durable/batch-client";
import { answerText, envelopeProblems, leaked, requestText, send, type Answer } from "../helpers/hostile/checks";
import { lookalike, poolsFor } from "../helpers/hostile/pools";
import { requestsFor, type FuzzRequest, type Pools } from "../helpers/hostile/requests";
import { loadCatalogue, type Route } from "../helpers/hostile/routes";
import { seedTenant, type Tenant } from "../helpers/hostile/tenant";
import { ADMIN_TOKEN } from "../setup/api";
import { SIDECAR_TOKEN } from "../setup/sftp";

declare module "vitest" {
  export interface ProvidedContext {
    /** runs per route and property; vitest.config.ts reads FUZZ_RUNS */
    fuzzRuns: number;
    /** vitest.config.ts reads FUZZ_SEED */
    fuzzSeed: number;
  }
}

// Property tests: every route the app serves gets generated bodies, headers,
// paths and query strings. Project B is the caller; project A's ids, cursors
// and upload URLs are mixed into B's requests, and none of A's data may come
// back. `npm test` runs a fixed seed; `npm run fuzz` runs longer with a fresh
// one (FUZZ_RUNS, FUZZ_SEED), and a failure prints the line that replays it.

const RUNS = inject("fuzzRuns");
const SEED = inject("fuzzSeed");
const ORIGIN = "http://bulk.test";
const catalogue = await loadCatalogue();

/**
 * 5xx answers found here and reported, in code this change may not touch;
 * each has a test at the end of this file that fails once it is fixed, so
 * that its entry is then removed.
 */

let A: Tenant;
let B: Tenant;
/** What B's fuzzing created (ids from its 2xx answers): later requests aim at them, and the file waits for the batches among them. */
const createdByB: string[] = [];
/** A's ids, cursors and URLs that B wrote into its own resources (a 2xx to a write naming them): B's reads may echo them. */
const echoable = new Set<string>();

beforeAll(async () => {
  [A, B] = await Promise.all([seedTenant("A"), seedTenant("B")]);
}, 30_000);

// A batch still running when the file ends fails the run; the fuzzer's batches are small and end quickly.
afterAll(async () => {
  const batches = [...new Set(createdByB.filter((id) => /^bat_[0-9a-f]{64}$/.test(id)))];
  await vi.waitFor(
    async () => {
      for (const id of batches) expect(["succeeded", "partially_failed", "failed", "cancelled"]).toContain((await batchStub(env, id)!.get())?.status);
    },
    { timeout: 60_000, interval: 100 },
  );
}, 70_000);

/** What A must never show B: its secrets, and its ids, cursors and URLs (row cursors hold only a row number and are everyone's). */
const aStrings = () => [...A.secrets, ...A.handles.filter((h) => !B.handles.includes(h) && !/^eyJhZnRlcl9yb3ci/.test(h))];

/** Ids a 2xx answer names: the fuzzer's own new resources. */
function harvest(res: Answer) {
  if (res.status >= 300 || !res.json || typeof res.json !== "object") return;
  const found = [res.json.id, res.json.batch_operation?.id, ...(Array.isArray(res.json.runs) ? res.json.runs.map((r: { id?: unknown }) => r.id) : [])];
  for (const id of found) if (typeof id === "string" && /^[a-z]{3}_[0-9a-z]+$/.test(id) && !createdByB.includes(id)) createdByB.push(id);
}

/** Status and envelope problems, less a 500 already reported for this route. */
function statusProblems(req: FuzzRequest, res: Answer) {
  return envelopeProblems(req, res);
}

const clip = (text: string, n = 600) => (text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text);
const describeAnswer = (res: Answer) => `answered ${res.status}: ${clip(res.text)}`;

/** Runs the property for one route with the run's seed; a failure names the command that replays it. */
async function check(name: string, requests: fc.Arbitrary<FuzzRequest>, predicate: (req: FuzzRequest) => Promise<void>) {
  try {
    await fc.assert(fc.asyncProperty(requests, predicate), { seed: SEED, numRuns: RUNS, includeErrorInReport: true });
  } catch (e) {
    throw new Error(`${(e as Error).message}\n\nReplay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npm run fuzz -- -t ${JSON.stringify(name)}`);
  }
}

/** The same request with every one of A's ids replaced by an id of the same kind that names nothing. */
function withLookalikes(req: FuzzRequest, twins: Map<string, string>): FuzzRequest | null {
  const swap = (s: string) => [...twins].reduce((at, [id, twin]) => at.replaceAll(id, twin), s);
  const text = [req.url, ...Object.values(req.headers), typeof req.body === "string" ? req.body : ""].join("\n");
  if (![...twins.keys()].some((id) => text.includes(id))) return null;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, swap(v)]));
  return { ...req, url: swap(req.url), headers, body: typeof req.body === "string" ? swap(req.body) : req.body };
}

const timeout = 30_000 + RUNS * 1_000;
const nameOf = (route: Route) => `${route.method} ${route.path}`;

describe("as project B, with project A's ids, cursors and upload URLs mixed in", () => {
  let pools: Pools;
  let twins: Map<string, string>;
  beforeAll(() => {
    pools = poolsFor({ tenant: B, created: () => createdByB }, () => fc.constant(`Bearer ${B.key}`), A);
    twins = new Map(Object.values(A.ids).flat().map((id) => [id, lookalike(id)]));
  });

  for (const route of catalogue.routes) {
    const name = `${nameOf(route)}: a 4xx envelope or a 2xx, never A's data, and A's ids answer as missing ones`;
    it(name, async () => {
      await check(name, requestsFor(route, catalogue, pools, ORIGIN), async (req) => {
        const res = await send(req);
        harvest(res);
        const sent = requestText(req);
        const problems = statusProblems(req, res);
        problems.push(...leaked(answerText(res), sent, aStrings(), echoable).map((s) => `shows A's ${s}`));
        if (res.status < 300) {
          if ([...twins.keys()].some((id) => new URL(req.url).pathname.includes(id))) problems.push("a 2xx to a path naming A's resource");
          // B stored what it sent: its own resources may show it from now on.
          if (req.method !== "GET" && req.method !== "HEAD") for (const s of A.handles) if (sent.includes(s)) echoable.add(s);
        } else {
          // Another project's id must be indistinguishable from a missing one: same status, same code.
          const twin = withLookalikes(req, twins);
          const other = twin && (await send(twin));
          if (other) harvest(other);
          if (other && (other.status !== res.status || other.json?.error?.code !== res.json?.error?.code)) {
            problems.push(`A's ids answer ${res.status} ${res.json?.error?.code}, ids that name nothing ${other.status} ${other.json?.error?.code}`);
          }
        }
        expect(problems, describeAnswer(res)).toEqual([]);
      });
    }, timeout);
  }
});

describe("with the route's credentials, another route's, broken ones or none", () => {
  let pools: Pools;
  beforeAll(() => {
    const tokens = { bearerAuth: `Bearer ${B.key}`, adminToken: `Bearer ${ADMIN_TOKEN}`, sidecar: `Bearer ${SIDECAR_TOKEN}` };
    const broken = [undefined, "", "Bearer", "Bearer ", `bearer ${B.key}`, `Bearer  ${B.key}`, `Bearer ${B.key} x`, `Basic ${btoa("a:b")}`, `Bearer ${B.key.slice(0, -1)}`, `Bearer ${"x".repeat(5000)}`, `Bearer sk_${"0".repeat(52)}`];
    // Mostly the credential the route takes (the undocumented routes are the sidecar's), else another or a broken one.
    const authorization = (route: Route) => {
      const scheme = route.security === null ? "sidecar" : route.security[0];
      const right = scheme ? tokens[scheme as keyof typeof tokens] : undefined;
      return fc.oneof({ weight: 8, arbitrary: fc.constant(right) }, fc.constantFrom(...Object.values(tokens)), fc.constantFrom(...broken));
    };
    // No ids of A here: the operator's and the sidecar's tokens may act on anything they name.
    pools = poolsFor({ tenant: B, created: () => createdByB }, authorization);
  });

  for (const route of catalogue.routes) {
    const name = `${nameOf(route)}: a 4xx envelope or a 2xx, never a 5xx`;
    it(name, async () => {
      await check(name, requestsFor(route, catalogue, pools, ORIGIN), async (req) => {
        const res = await send(req);
        harvest(res);
        const problems = statusProblems(req, res);
        problems.push(...leaked(answerText(res), requestText(req), aStrings(), echoable).map((s) => `shows A's ${s}`));
        expect(problems, describeAnswer(res)).toEqual([]);
      });
    }, timeout);
  }
});

describe("header values outside ASCII", () => {
  // The fuzzer sends ASCII only (workerd warns on every other header value); these are the UTF-8 cases, once.
  it("an Idempotency-Key or X-Request-Id in UTF-8 is answered like any other value", async () => {
    const body = JSON.stringify({ operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } });
    const headers = { authorization: `Bearer ${B.key}`, "content-type": "application/json", "idempotency-key": "clé-😀", "x-request-id": "requête-😀-0001" };
    const created = await send({ route: "POST /v2/batch/operations", method: "POST", url: `${ORIGIN}/v2/batch/operations`, headers, body });
    expect(created.status, created.text).toBe(201);
    harvest(created);
    // Not a valid request id: the service makes its own.
    expect(created.headers.get("X-Request-Id")).toMatch(/^req_/);
    const again = await send({ route: "POST /v2/batch/operations", method: "POST", url: `${ORIGIN}/v2/batch/operations`, headers, body });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(created.json.id);
  });
});

describe("bugs the fuzzer found", () => {
  it("a part sent for an aborted SFTP upload answers 409, not 500", async () => {
    const { credentialsId } = B.refs.sftp;
    const sidecar = { authorization: `Bearer ${SIDECAR_TOKEN}` };
    const base = `${ORIGIN}/internal/sftp/credentials/${credentialsId}/uploads`;
    const started = await send({ route: "", method: "POST", url: base, headers: { ...sidecar, "content-type": "application/json" }, body: JSON.stringify({ path: "known-bug.csv" }) });
    expect(started.status).toBe(201);
    const upload = `${base}/${started.json.upload_id}`;
    const aborted = await send({ route: "", method: "POST", url: `${upload}/abort`, headers: { ...sidecar, "content-type": "application/json" }, body: JSON.stringify({ path: "known-bug.csv", error: "gave up" }) });
    expect(aborted.status).toBe(200);
    const part = await send({ route: "", method: "PUT", url: `${upload}/parts/1`, headers: { ...sidecar, "content-length": "2" }, body: "a\n" });
    expect(part.status, part.text).toBe(409);
    expect(part.json.error.code).toBe("upload_not_in_progress");
  });
});
