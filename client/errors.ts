/** The API's error envelope: `{"error": {"code", "message", "request_id", "details"}}`. */
type ErrorEnvelope = { error?: { code?: unknown; message?: unknown; request_id?: unknown; details?: unknown } };

/**
 * A non-2xx answer from the API. `message` is one readable line
 * (`not_found: Batch not found (HTTP 404)`), fit to show a person as it is.
 */
export class BulkApiError extends Error {
  override readonly name = "BulkApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly requestId: string | null = null,
    readonly details: unknown = undefined,
  ) {
    super(`${code}: ${detail}${fieldsOf(details)} (HTTP ${status})`);
  }

  /** From an error body as parsed JSON (or anything else a proxy answered). */
  static fromBody(status: number, body: unknown, statusText = ""): BulkApiError {
    const error = (body as ErrorEnvelope | null)?.error;
    if (error && typeof error.code === "string") {
      const detail = typeof error.message === "string" ? error.message : statusText;
      return new BulkApiError(status, error.code, detail, typeof error.request_id === "string" ? error.request_id : null, error.details);
    }
    return new BulkApiError(status, "http_error", statusText || "unexpected answer");
  }

  /** From a whole response whose body has not been read yet. */
  static async fromResponse(response: Response): Promise<BulkApiError> {
    const text = await response.text().catch(() => "");
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: the status says enough */
    }
    return BulkApiError.fromBody(response.status, body, response.statusText);
  }
}

/** A 422's `details` (`[{field, message}]`) as one parenthesis: which field, what is wrong with it. */
function fieldsOf(details: unknown): string {
  if (!Array.isArray(details)) return "";
  const parts = details
    .filter((d): d is { field?: unknown; message: string } => typeof d?.message === "string")
    .map((d) => (typeof d.field === "string" && d.field ? `${d.field}: ${d.message}` : d.message));
  return parts.length ? ` (${parts.join("; ").replace(/\s+/g, " ")})` : "";
}

/** The API could not be reached at all (refused, DNS, TLS, reset): no HTTP answer. */
export class BulkConnectionError extends Error {
  override readonly name = "BulkConnectionError";
  constructor(url: string, cause: unknown) {
    super(`cannot reach ${new URL(url).origin}: ${reasonOf(cause)}`, { cause });
  }
}

/** undici hides the socket's reason in `cause` ("fetch failed" says nothing). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Worth trying again: no answer at all, or one asking to come back later (429, 5xx). */
export function isTransient(error: unknown): boolean {
  return error instanceof BulkConnectionError || (error instanceof BulkApiError && (error.status === 429 || error.status >= 500));
}
