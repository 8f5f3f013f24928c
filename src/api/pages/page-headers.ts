/**
 * Security headers for the pages this Worker serves (the dashboard, /docs):
 * everything they load comes from this origin, nothing may frame them, and
 * no URL (a batch id in the hash included) leaks as a referrer. The API's
 * JSON and its downloads keep their own headers (src/api/http/download.ts).
 */
export type PageKind = "dashboard" | "docs";

const COMMON = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const POLICY: Record<PageKind, string> = {
  // The dashboard writes text nodes only, so it needs no inline style either.
  dashboard: `${COMMON}; style-src 'self'`,
  // Swagger UI sets inline styles on its own elements (collapsing sections, syntax highlighting).
  docs: `${COMMON}; style-src 'self' 'unsafe-inline'`,
};

export function pageHeaders(kind: PageKind): Record<string, string> {
  return {
    "Content-Security-Policy": POLICY[kind],
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
  };
}
