import type { Surface } from "./db/tenants";

/** Worker bindings: the generated `Env` (wrangler types) plus secrets and optional vars. */
export type Bindings = Env & {
  /** Operator secret; admin routes are disabled without it. */
  ADMIN_TOKEN?: string;
  /** Deliveries of one chunk before its rows become `retry_exhausted`; keep it max_retries + 1. */
  CHUNK_MAX_ATTEMPTS?: string;
};

/** Who is calling, from their API key. */
export type Caller = { projectId: string; keyId: string; surface: Surface; actor: string };

export type AppEnv = {
  Bindings: Bindings;
  Variables: { requestId: string; caller: Caller };
};
