import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { EventOutbox } from "../../src/durable/event-outbox";
import type { WebhookMessage } from "../../src/webhooks/messages";

/** A queue that fails its first `failures` sends (the platform failing), then keeps what it is sent. */
function queue(failures: number) {
  const sent: WebhookMessage[] = [];
  let left = failures;
  return {
    sent,
    async sendBatch(messages: Iterable<MessageSendRequest<WebhookMessage>>) {
      if (left-- > 0) throw new Error("queue unavailable");
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue & { sent: WebhookMessage[] };
}

describe("the batch object's event outbox", () => {
  it("keeps events a failed send could not deliver, sends them once the queue answers, and never twice", async () => {
    const stub = env.BATCH.get(env.BATCH.newUniqueId());
    await runInDurableObject(stub, async (_instance, state) => {
      const outbox = new EventOutbox(state.storage.sql);
      const accepted = { status: "accepted", project_id: "prj_1", id: "bat_x" } as never;
      const running = { status: "running", project_id: "prj_1", id: "bat_x" } as never;
      const done = { status: "succeeded", project_id: "prj_1", id: "bat_x" } as never;
      state.storage.transactionSync(() => outbox.transition(accepted, running, 1_000));
      state.storage.transactionSync(() => outbox.progress(running, 1_000));
      state.storage.transactionSync(() => outbox.progress(running, 2_000)); // within 5 s: none
      state.storage.transactionSync(() => outbox.transition(running, done, 1_000));

      const q = queue(1);
      const listening = async () => true;
      await expect(outbox.flush(q, listening)).rejects.toThrow(/queue unavailable/);
      expect(outbox.hasUnsent()).toBe(true);
      await outbox.flush(q, listening);
      await outbox.flush(q, listening);
      expect(outbox.hasUnsent()).toBe(false);
      const events = q.sent.map((m) => m.event);
      expect(events.map((e) => e.type)).toEqual(["batch.started", "batch.progress", "batch.completed"]);
      // Strictly increasing times, even when made within one millisecond.
      expect(events.map((e) => e.created_at)).toEqual([1_000, 1_001, 1_002].map((ms) => new Date(ms).toISOString()));
    });
  });

  it("queues nothing for a project without an endpoint", async () => {
    const stub = env.BATCH.get(env.BATCH.newUniqueId());
    await runInDurableObject(stub, async (_instance, state) => {
      const outbox = new EventOutbox(state.storage.sql);
      state.storage.transactionSync(() => outbox.transition({ status: "accepted" } as never, { status: "running", project_id: "p" } as never, 1));
      const q = queue(0);
      await outbox.flush(q, async () => false);
      expect(q.sent).toEqual([]);
      expect(outbox.hasUnsent()).toBe(false);
    });
  });

  it("writes no event for a change that rolled back", async () => {
    const stub = env.BATCH.get(env.BATCH.newUniqueId());
    await runInDurableObject(stub, async (_instance, state) => {
      const outbox = new EventOutbox(state.storage.sql);
      expect(() =>
        state.storage.transactionSync(() => {
          outbox.transition({ status: "accepted" } as never, { status: "running", project_id: "p" } as never, 1);
          throw new Error("the transition's other writes failed");
        }),
      ).toThrow();
      expect(outbox.hasUnsent()).toBe(false);
    });
  });
});
