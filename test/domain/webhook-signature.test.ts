import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { isWebhookSecret, newWebhookSecret, signWebhook } from "../../src/domain/webhook-signature";

describe("Standard Webhooks signatures", () => {
  it("reproduces the specification's published test vector", async () => {
    const signature = await signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", { id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}' });
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("signs what the reference library verifies, with a new secret, and nothing else", async () => {
    const secret = newWebhookSecret();
    expect(isWebhookSecret(secret)).toBe(true);
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: "evt_1", type: "batch.completed", data: { batch: { id: "bat_x", note: "é ✓" } } });
    const headers = { "webhook-id": "evt_1", "webhook-timestamp": String(timestamp), "webhook-signature": await signWebhook(secret, { id: "evt_1", timestamp, body }) };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body + " ", headers)).toThrow();
  });

  it("refuses a secret that is not whsec_ and base64", async () => {
    expect(isWebhookSecret("whsec_")).toBe(false);
    expect(isWebhookSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toBe(false);
    await expect(signWebhook("nope", { id: "a", timestamp: 1, body: "" })).rejects.toThrow(/whsec_/);
  });
});
