import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { adminRoutes } from "./admin/admin";
import { auditRoutes } from "./audit/audit";
import { requireAdmin, requireApiKey, requireSidecar } from "./http/auth";
import { batchRoutes } from "./batches/batches";
import { onError, onNotFound, onValidationFailure } from "./http/errors";
import { internalSftpRoutes } from "./internal/internal-sftp";
import { jsonLimits } from "./http/json-limits";
import { pageRoutes } from "./pages/pages";
import { internalSftpUploadRoutes } from "./internal/internal-sftp-uploads";
import { reportRoutes } from "./batches/reports";
import { replayRoutes } from "./batches/replays";
import { eventRoutes } from "./batches/events";
import { requestContext } from "./http/request-context";
import { sftpCredentialRoutes } from "./partner/sftp-credentials";
import { uploadRoutes } from "./uploads/uploads";
import { batchOperationRoutes } from "./v1/batch-operations";
import { jobRoutes } from "./v1/jobs";
import { webhookPayloads, webhookRoutes } from "./webhooks/webhooks";
import { runRoutes } from "./v1/runs";

export const app = new OpenAPIHono<AppEnv>({ defaultHook: onValidationFailure });

app.use("*", requestContext);
app.use("*", jsonLimits);
app.get("/healthz", (c) => c.json({ ok: true }));

app.use("/v2/admin/*", requireAdmin);
app.use("/v2/batch/*", requireApiKey);
app.use("/v2/uploads", requireApiKey);
app.use("/v2/audit-log", requireApiKey); // the signed content routes below it carry their own authorization
app.use("/v2/partner/sftp-credentials/*", requireApiKey); // also matches the bare path
app.use("/internal/sftp/*", requireSidecar);
app.use("/v1/*", requireApiKey);
app.use("/v2/webhooks", requireApiKey);
app.use("/v2/webhooks/*", requireApiKey);
app.route("/v2/admin", adminRoutes);
app.route("/v2/batch/operations", batchRoutes);
app.route("/v2/batch/operations", reportRoutes);
app.route("/v2/batch/operations", replayRoutes);
app.route("/v2/batch/operations", eventRoutes);
app.route("/v2/uploads", uploadRoutes);
app.route("/v2/audit-log", auditRoutes);
app.route("/v2/webhooks", webhookRoutes);
app.route("/v1/jobs", jobRoutes);
app.route("/v1/runs", runRoutes);
app.route("/v1/batch-operations", batchOperationRoutes);
app.route("/v2/partner/sftp-credentials", sftpCredentialRoutes);
app.route("/internal/sftp", internalSftpRoutes);
app.route("/internal/sftp", internalSftpUploadRoutes);

app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "A project API key (`sk_...`), from POST /v2/admin/projects",
});
app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", {
  type: "http",
  scheme: "bearer",
  description: "The operator's ADMIN_TOKEN",
});
for (const payload of webhookPayloads) app.openAPIRegistry.registerWebhook(payload);
app.doc31("/openapi.json", (c) => ({
  openapi: "3.1.0",
  info: {
    title: "Bulk operations API",
    version: "2.0.0",
    description: "Submit rows in bulk; each batch runs through an operation handler with live progress, an error report and results.",
  },
  servers: [{ url: new URL(c.req.url).origin }],
}));
// The dashboard at / and the docs at /docs, both from this Worker's own files (no CDN).
app.route("/", pageRoutes);

app.notFound(onNotFound);
app.onError(onError);
