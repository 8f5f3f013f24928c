import { inject } from "vitest";
import { Webhook } from "standardwebhooks";
import { describe, expect, it, vi } from "vitest";
import { call, createBatch, newProject, waitForTerminal } from "../setup/api";

const peer = inject("httpPeer");

type Received = { status: number; headers: Record<string, string>; body: string };
const received = async (name: string): Promise<Received[]> => (await fetch(`${peer}/hooks/${name}`)).json();

async function createEndpoint(key: string, body: unknown) {
  return call("POST", "/v2/webhooks", { key, body });
}

describe("webhook endpoints", () => {
  it("are created with a secret shown once, listed without it, and deleted; another project's are 404", async () => {
    const { key } = await newProject();
    const created = await createEndpoint(key, { url: `${peer}/hooks/crud`, events: ["batch.completed", "batch.started"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: expect.stringMatching(/^whk_/), url: `${peer}/hooks/crud`, events: ["batch.completed", "batch.started"], secret: expect.stringMatching(/^whsec_/) });
    const list = await call("GET", "/v2/webhooks", { key });
    expect(list.json).toEqual({ data: [{ id: created.json.id, url: created.json.url, events: created.json.events, created_at: created.json.created_at }], next_cursor: null });

    const other = await newProject("other");
    expect((await call("GET", `/v2/webhooks/${created.json.id}/deliveries`, { key: other.key })).status).toBe(404);
    expect((await call("DELETE", `/v2/webhooks/${created.json.id}`, { key: other.key })).status).toBe(404);
    expect((await call("GET", "/v2/webhooks", { key: other.key })).json.data).toEqual([]);

    expect((await call("DELETE", `/v2/webhooks/${created.json.id}`, { key })).status).toBe(204);
    expect((await call("DELETE", `/v2/webhooks/${created.json.id}`, { key })).status).toBe(404);
    expect((await call("GET", "/v2/webhooks", { key })).json.data).toEqual([]);
  });

  it.each([
    [{ url: "https://10.0.0.7/hook", events: ["batch.completed"] }, "url"],
    [{ url: "http://example.com/hook", events: ["batch.completed"] }, "url"],
    [{ url: "not a url", events: ["batch.completed"] }, "url"],
    [{ url: "https://example.com/hook", events: [] }, "events"],
    [{ url: "https://example.com/hook", events: ["batch.exploded"] }, "events.0"],
    [{ url: "https://example.com/hook", events: ["batch.completed", "batch.completed"] }, "events"],
    [{ url: "https://example.com/hook", events: ["batch.completed"], extra: 1 }, ""],
  ])("refuses %j with 422 naming %s", async (body, field) => {
    const { key } = await newProject();
    const res = await createEndpoint(key, body);
    expect(res.status).toBe(422);
    if (field) expect(JSON.stringify(res.json)).toContain(field);
  });
});

describe("webhook deliveries", () => {
  it("signs every event the Standard Webhooks way, retries a 500 with the same id, and sends a batch's events in order", async () => {
    const { key } = await newProject();
    const name = `e2e-${crypto.randomUUID().slice(0, 8)}`;
    const endpoint = (await createEndpoint(key, { url: `${peer}/hooks/${name}?fail=1`, events: ["batch.started", "batch.progress", "batch.completed"] })).json;
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }, 5, { a: 3 }] } })).json.id);
    expect(batch.status).toBe("partially_failed");

    const posts = await vi.waitFor(
      async () => {
        const got = await received(name);
        expect(got.filter((p) => p.status === 200).map((p) => JSON.parse(p.body).type)).toContain("batch.completed");
        return got;
      },
      { timeout: 15_000, interval: 100 },
    );
    const wh = new Webhook(endpoint.secret);
    for (const post of posts) expect(wh.verify(post.body, post.headers)).toEqual(JSON.parse(post.body));

    // The first attempt got a 500; the same event came again later, with the same webhook-id.
    expect(posts[0]!.status).toBe(500);
    const again = posts.slice(1).filter((p) => p.headers["webhook-id"] === posts[0]!.headers["webhook-id"]);
    expect(again.map((p) => p.status)).toEqual([200]);
    expect(again[0]!.body).toBe(posts[0]!.body);

    // Each event arrives once (and its retry may overtake the next): in the order the batch made them.
    const delivered = posts
      .filter((p) => p.status === 200)
      .map((p) => JSON.parse(p.body))
      .sort((x, y) => x.created_at.localeCompare(y.created_at) || x.id.localeCompare(y.id));
    const types = delivered.map((e) => e.type);
    expect(types[0]).toBe("batch.started");
    expect(types.at(-1)).toBe("batch.completed");
    expect(new Set(delivered.map((e) => e.id)).size).toBe(delivered.length);
    const completed = delivered.at(-1)!;
    expect(completed).toMatchObject({ id: expect.stringMatching(/^evt_/), created_at: expect.any(String), data: { batch: { id: batch.id, status: "partially_failed", progress: batch.progress } } });
    expect(completed.data.batch.errors_url).toBe(`http://bulk.test/v2/batch/operations/${batch.id}/errors.jsonl`);

    const log = (await call("GET", `/v2/webhooks/${endpoint.id}/deliveries`, { key })).json.data;
    const first = log.filter((d: { event_id: string }) => d.event_id === posts[0]!.headers["webhook-id"]);
    expect(first.map((d: { attempt: number; status_code: number }) => [d.attempt, d.status_code]).sort()).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  it("sends only the events an endpoint takes, and nothing to another project's", async () => {
    const { key } = await newProject();
    const other = await newProject("other");
    const mine = `only-${crypto.randomUUID().slice(0, 8)}`;
    const theirs = `theirs-${crypto.randomUUID().slice(0, 8)}`;
    await createEndpoint(key, { url: `${peer}/hooks/${mine}`, events: ["batch.completed"] });
    await createEndpoint(other.key, { url: `${peer}/hooks/${theirs}`, events: ["batch.started", "batch.completed"] });
    const batch = await waitForTerminal(key, (await createBatch(key, { operation: "echo", source: { kind: "inline", rows: [{ a: 1 }] } })).json.id);
    await vi.waitFor(async () => expect((await received(mine)).length).toBe(1), { timeout: 15_000, interval: 100 });
    expect(JSON.parse((await received(mine))[0]!.body)).toMatchObject({ type: "batch.completed", data: { batch: { id: batch.id, status: "succeeded" } } });
    expect(await received(theirs)).toEqual([]);
  });
});
