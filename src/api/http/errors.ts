import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../env";
import { errorSummary, logEvent } from "../../lib/log";

/** An expected API failure; `onError` turns it into the error envelope. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(status, { message });
  }
}

export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found`);

/** A 422 about one field, in the same `details` shape the validators produce. */
export const invalidField = (field: string, message: string, code = "invalid_value") =>
  new ApiError(422, "validation_failed", message, [{ field, message, code }]);

const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  428: "operator_override_required",
  429: "rate_limited",
};

function envelope(c: Context<AppEnv>, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  return c.json({ error: { code, message, request_id: c.get("requestId") ?? null, ...(details === undefined ? {} : { details }) } }, status);
}

export const onError: ErrorHandler<AppEnv> = (e, c) => {
  if (e instanceof ApiError) return envelope(c, e.status, e.code, e.message, e.details);
  if (e instanceof HTTPException) {
    const status = e.status as ContentfulStatusCode;
    return envelope(c, status, CODE_BY_STATUS[status] ?? "error", e.message || "Request failed");
  }
  logEvent("request.error", { request_id: c.get("requestId"), error: errorSummary(e) });
  return envelope(c, 500, "internal_error", "Something went wrong; the request id identifies it in our logs");
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => envelope(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}`);

type ValidationResult = { success: true } | { success: false; target: string; error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] } };

/** The hook every route's validator uses: bad headers are 400, any other bad input 422 naming each field. */
export function onValidationFailure(result: ValidationResult): void {
  if (result.success) return;
  const details = result.error.issues.map((i) => ({ field: i.path.map(String).join(".") || null, message: i.message, code: i.code }));
  if (result.target === "header") throw new ApiError(400, "invalid_header", `Bad header: ${details.map((d) => d.field).join(", ")}`, details);
  throw new ApiError(422, "validation_failed", `Invalid ${result.target}: ${details.map((d) => d.field ?? "(root)").join(", ")}`, details);
}
