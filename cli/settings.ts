import { z } from "zod";
import { CliError } from "./io";

/** Where the API is when BULK_API_URL is not set: `npm start`'s default. */
export const DEFAULT_API_URL = "http://127.0.0.1:8787";

const Settings = z.object({
  BULK_API_URL: z.url({ protocol: /^https?$/, error: "BULK_API_URL must be an http(s) URL, e.g. http://127.0.0.1:8787" }).default(DEFAULT_API_URL),
  BULK_API_KEY: z.string({ error: "set BULK_API_KEY to a project API key (sk_…, from POST /v2/admin/projects)" }).min(1, "BULK_API_KEY is empty"),
});

export type Settings = { baseUrl: string; apiKey: string };

/** The API's URL and key from the environment; a CliError naming what is missing or wrong. */
export function readSettings(env: Record<string, string | undefined>): Settings {
  const parsed = Settings.safeParse({ BULK_API_URL: env.BULK_API_URL || undefined, BULK_API_KEY: env.BULK_API_KEY });
  if (!parsed.success) throw new CliError(parsed.error.issues[0]!.message);
  return { baseUrl: parsed.data.BULK_API_URL, apiKey: parsed.data.BULK_API_KEY };
}
