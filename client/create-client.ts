import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema";
import { BulkApiError, BulkConnectionError } from "./errors";

export type BulkClientOptions = {
  /** The API's origin, e.g. `http://127.0.0.1:8787` (a trailing slash is fine). */
  baseUrl: string;
  /** A project API key (`sk_…`), sent as a bearer token. */
  apiKey: string;
  /** Another fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof fetch;
};

export type BulkClient = {
  /** Every route of the API, typed from its OpenAPI document (openapi-fetch). */
  api: Client<paths>;
  baseUrl: string;
  /**
   * An authenticated request to a path under `baseUrl`, for what JSON typing
   * does not fit (file downloads as streams). Throws BulkApiError on non-2xx.
   */
  fetchOk(path: string, init?: RequestInit): Promise<Response>;
  /**
   * A request as it is, without the API key (signed upload URLs, which may
   * point at storage rather than the API), through the client's fetch.
   * Throws BulkConnectionError when there is no answer.
   */
  send(request: Request): Promise<Response>;
};

export function createBulkClient(options: BulkClientOptions): BulkClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const authorization = `Bearer ${options.apiKey}`;
  const send = reachable(options.fetch ?? globalThis.fetch);
  const api = createClient<paths>({ baseUrl, headers: { Authorization: authorization }, fetch: (request) => send(request) });
  return {
    api,
    baseUrl,
    send,
    async fetchOk(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set("Authorization", authorization);
      const response = await send(new Request(`${baseUrl}${path}`, { ...init, headers }));
      if (!response.ok) throw await BulkApiError.fromResponse(response);
      return response;
    },
  };
}

/** A fetch whose network failures say which server could not be reached, and why. */
function reachable(fetchImpl: typeof fetch) {
  return async (request: Request): Promise<Response> => {
    try {
      return await fetchImpl(request);
    } catch (error) {
      if ((error as Error)?.name === "AbortError") throw error;
      throw new BulkConnectionError(request.url, error);
    }
  };
}

/**
 * The data of an openapi-fetch answer, or a BulkApiError from its error
 * body: callers handle one success shape and one error type.
 */
export function dataOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw BulkApiError.fromBody(result.response.status, result.error ?? null, result.response.statusText);
}

/** Like dataOf, for answers without a body (204). */
export function assertOk(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw BulkApiError.fromBody(result.response.status, result.error ?? null, result.response.statusText);
}
