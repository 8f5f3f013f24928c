import { storedKey } from "./session.js";

/** A non-2xx answer, from the API's error envelope {error: {code, message, request_id}}. */
export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The bearer header every API call needs (the dashboard is a client like any other). */
export function authHeaders(key = storedKey()) {
  return { Authorization: `Bearer ${key}` };
}

/** Turns a failed response into an ApiError, whatever its body. */
export async function failure(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not the JSON envelope (a proxy's page, say) */
  }
  const error = body?.error ?? {};
  return new ApiError(res.status, error.code ?? "http_error", error.message ?? `The API answered ${res.status}`, error.request_id ?? null);
}

/** One JSON call: resolves to the parsed body (null for 204), rejects with ApiError. */
export async function api(path, { method = "GET", body, headers = {}, key, signal } = {}) {
  const res = await fetch(path, {
    method,
    signal,
    headers: { ...authHeaders(key), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await failure(res);
  return res.status === 204 ? null : res.json();
}

/** The path of a batch, or of one of its sub-resources; the id is encoded, never trusted as a path. */
export const batchPath = (id, rest = "") => `/v2/batch/operations/${encodeURIComponent(id)}${rest}`;

export const TERMINAL = new Set(["succeeded", "partially_failed", "failed", "cancelled"]);
