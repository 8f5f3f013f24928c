import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { configOf } from "../../config";
import { openDb } from "../../db/client";
import { deleteWebhookEndpoint, findWebhookEndpoint, insertWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, type WebhookEndpointRow } from "../../db/webhooks";
import { WEBHOOK_EVENT_TYPES } from "../../domain/webhook-events";
import { newWebhookSecret } from "../../domain/webhook-signature";
import type { AppEnv } from "../../env";
import { newId } from "../../lib/ids";
import { logEvent } from "../../lib/log";
import { checkFetchUrl } from "../../sources/url-guard";
import { sealWebhookSecret } from "../../webhooks/secrets";
import { Batch, ErrorResponse, PageQuery } from "../batches/schemas";
import { ApiError, invalidField, notFound, onValidationFailure } from "../http/errors";
import { decodeCreatedCursor, pageOf, splitPage } from "../http/paging";
import { bearerSecurity, json, pick } from "../http/responses";

export const webhookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

const EventType = z.enum(WEBHOOK_EVENT_TYPES);

const CreateWebhookBody = z
  .object({
    url: z.string().max(2048).openapi({ example: "https://example.com/hooks/bulk" }),
    events: z
      .array(EventType)
      .min(1)
      .refine((e) => new Set(e).size === e.length, "events must not repeat")
      .openapi({ example: ["batch.completed"] }),
  })
  .strict()
  .openapi("CreateWebhookBody");

const WebhookEndpoint = z
  .object({ id: z.string(), url: z.string(), events: z.array(EventType), created_at: z.string() })
  .openapi("WebhookEndpoint");
const CreatedWebhookEndpoint = WebhookEndpoint.extend({
  secret: z.string().openapi({ description: "whsec_ + base64: verify deliveries with it (Standard Webhooks). Shown only in this response." }),
}).openapi("CreatedWebhookEndpoint");
const WebhookDelivery = z
  .object({ event_id: z.string(), type: EventType, attempt: z.number().int(), status_code: z.number().int().nullable(), error: z.string().nullable(), at: z.string() })
  .openapi("WebhookDelivery");

const IdParam = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });

/** What an endpoint receives (src/webhooks/deliver.ts), described as OpenAPI 3.1 webhooks. */
const WebhookEvent = z
  .object({ id: z.string().openapi({ description: "evt_…; also the webhook-id header, the same on every attempt" }), type: EventType, created_at: z.string(), data: z.object({ batch: Batch }) })
  .openapi("WebhookEvent");
const SignatureHeaders = z.object({
  "webhook-id": z.string(),
  "webhook-timestamp": z.string().openapi({ description: "unix seconds" }),
  "webhook-signature": z.string().openapi({ description: "v1,<base64 HMAC-SHA256 over {id}.{timestamp}.{body}, key: the secret after whsec_, base64-decoded>" }),
});
/** The OpenAPI 3.1 `webhooks` entries, one per event type; registered on the top-level app (a sub-app would prefix their names). */
export const webhookPayloads = WEBHOOK_EVENT_TYPES.map((type) => ({
  method: "post" as const,
  path: type,
  summary: `${type}, POSTed to each endpoint that takes it`,
  request: { headers: SignatureHeaders, body: { content: { "application/json": { schema: WebhookEvent } } } },
  responses: { 200: { description: "Any 2xx acknowledges it; anything else, or no answer within 10 s, is retried" } },
}));

const render = (e: WebhookEndpointRow): z.infer<typeof WebhookEndpoint> => ({ id: e.id, url: e.url, events: JSON.parse(e.events), created_at: e.createdAt });

/** The key-encryption key for endpoint secrets, or 503: without it no secret could be kept. */
function requireWebhookKek(c: Context<AppEnv>): string {
  if (!c.env.WEBHOOK_KEK) throw new ApiError(503, "webhooks_disabled", "Webhooks need WEBHOOK_KEK (the key-encryption key) to be configured");
  return c.env.WEBHOOK_KEK;
}

/** The caller's endpoint; another project's is 404, like a missing one. */
async function loadCallerEndpoint(c: Context<AppEnv>, id: string) {
  const endpoint = await findWebhookEndpoint(openDb(c.env.DB), c.get("caller").projectId, id);
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

const create = createRoute({
  method: "post",
  path: "/",
  summary: "Create a webhook endpoint",
  description: `Events are POSTed to \`url\` signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature), at least once, retried with backoff on a non-2xx answer or none within 10 s. The URL passes the same guard as signed_url sources.`,
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: CreateWebhookBody } } } },
  responses: {
    201: json(CreatedWebhookEndpoint, "Created; `secret` is shown only here"),
    503: json(ErrorResponse, "Webhooks are not configured (no WEBHOOK_KEK)"),
    ...pick(400, 401, 422),
  },
});

webhookRoutes.openapi(create, async (c) => {
  const kek = requireWebhookKek(c);
  const { url, events } = c.req.valid("json");
  const checked = checkFetchUrl(url, { allowLoopback: configOf(c.env).ALLOW_LOOPBACK_FETCH });
  if (!checked.ok) throw invalidField("url", `Refused: ${checked.error.message}`, "url_refused");
  const id = newId("whk");
  const secret = newWebhookSecret();
  const sealed = await sealWebhookSecret(kek, id, secret);
  const row: WebhookEndpointRow = { id, projectId: c.get("caller").projectId, url, events: JSON.stringify(events), secretIv: sealed.iv, secretCiphertext: sealed.ciphertext, createdAt: new Date().toISOString() };
  await insertWebhookEndpoint(openDb(c.env.DB), row);
  logEvent("webhook.endpoint_created", { request_id: c.get("requestId"), project_id: row.projectId, endpoint_id: id, events });
  return c.json({ ...render(row), secret }, 201);
});

const list = createRoute({
  method: "get",
  path: "/",
  summary: "List the project's webhook endpoints, newest first",
  security: bearerSecurity,
  request: { query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(WebhookEndpoint), next_cursor: z.string().nullable() }).openapi("WebhookEndpointList"), "A page of endpoints"), ...pick(401, 422) },
});

webhookRoutes.openapi(list, async (c) => {
  const { cursor, limit } = c.req.valid("query");
  const rows = await listWebhookEndpoints(openDb(c.env.DB), { projectId: c.get("caller").projectId, cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = pageOf(rows, limit);
  return c.json({ data: page.map(render), next_cursor }, 200);
});

const remove = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a webhook endpoint and its delivery log",
  security: bearerSecurity,
  request: { params: IdParam },
  responses: { 204: { description: "Deleted; deliveries not yet made to it are dropped" }, ...pick(401, 404) },
});

webhookRoutes.openapi(remove, async (c) => {
  const { id } = c.req.valid("param");
  if (!(await deleteWebhookEndpoint(c.env.DB, c.get("caller").projectId, id))) throw notFound("Webhook endpoint");
  logEvent("webhook.endpoint_deleted", { request_id: c.get("requestId"), endpoint_id: id });
  return c.body(null, 204);
});

const deliveries = createRoute({
  method: "get",
  path: "/{id}/deliveries",
  summary: "List the attempts to deliver events to an endpoint, newest first",
  security: bearerSecurity,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(z.object({ data: z.array(WebhookDelivery), next_cursor: z.string().nullable() }).openapi("WebhookDeliveryList"), "A page of attempts"), ...pick(401, 404, 422) },
});

webhookRoutes.openapi(deliveries, async (c) => {
  const endpoint = await loadCallerEndpoint(c, c.req.valid("param").id);
  const { cursor, limit } = c.req.valid("query");
  const rows = await listWebhookDeliveries(openDb(c.env.DB), { endpointId: endpoint.id, cursor: decodeCreatedCursor(cursor), limit: limit + 1 });
  const { page, next_cursor } = splitPage(rows, limit, (last) => ({ created_at: last.at, id: last.id }));
  return c.json(
    {
      data: page.map((d) => ({ event_id: d.eventId, type: d.type as z.infer<typeof EventType>, attempt: d.attempt, status_code: d.statusCode, error: d.error, at: d.at })),
      next_cursor,
    },
    200,
  );
});
