import type { WebhookEndpointRow } from "../db/webhooks";
import { seal, unseal } from "../lib/key-wrap";

/** An endpoint's signing secret sealed under WEBHOOK_KEK, bound to the endpoint's id. */
export const sealWebhookSecret = (kek: string, endpointId: string, secret: string) => seal(kek, secret, `webhook:${endpointId}`);

export const openWebhookSecret = (kek: string, endpoint: Pick<WebhookEndpointRow, "id" | "secretIv" | "secretCiphertext">) =>
  unseal(kek, { iv: endpoint.secretIv, ciphertext: endpoint.secretCiphertext }, `webhook:${endpoint.id}`);
