/**
 * JSON with object keys sorted at every depth, so equal values always
 * serialize to the same text whatever order their keys arrived in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The hash batch idempotency compares: the same operation, source and params give the same hash. */
export function hashBatchRequest(request: { operation: string; source: unknown; params: unknown; run?: unknown }): Promise<string> {
  // Run control joins the hash only when given, so a request without it hashes as it always did.
  const run = request.run === undefined ? {} : { run: request.run };
  return sha256Hex(canonicalJson({ operation: request.operation, source: request.source, params: request.params, ...run }));
}
