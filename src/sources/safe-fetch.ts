import { checkFetchUrl } from "./url-guard";
import { SourceError } from "./types";

export type SafeFetchOptions = { allowLoopback: boolean; timeoutMs?: number; maxRedirects?: number };

/**
 * fetch() for partner URLs: every hop, redirects included, passes the URL
 * guard; redirects are followed by hand (Workers refuse `redirect: "error"`),
 * at most `maxRedirects`; no cookies or credentials are ever sent.
 */
export async function safeFetch(raw: string, init: { method?: string; headers?: Record<string, string> }, opts: SafeFetchOptions): Promise<Response> {
  let target = raw;
  for (let hop = 0; ; hop++) {
    const checked = checkFetchUrl(target, opts);
    if (!checked.ok) throw new SourceError("source_refused", `Refused to fetch the source: ${checked.error.message}`);
    const res = await fetch(checked.value, {
      method: init.method ?? "GET",
      headers: init.headers,
      redirect: "manual",
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    const location = res.headers.get("Location");
    if (res.status < 300 || res.status >= 400 || !location) return res;
    await res.body?.cancel();
    if (hop >= (opts.maxRedirects ?? 5)) throw new SourceError("source_refused", "Too many redirects");
    target = new URL(location, checked.value).toString();
  }
}
