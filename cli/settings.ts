import { CliError } from "./io";

/** Where the API is when BULK_API_URL is not set: `npm start`'s default. */
export const DEFAULT_API_URL = "http://127.0.0.1:8787";

export type Settings = { baseUrl: string; apiKey: string };

/**
 * The API's URL and key from the environment; a CliError naming what is
 * missing or wrong. Checked by hand rather than with zod: two strings do
 * not need it, and loading zod would cost every `bulk` run ~150 ms.
 */
export function readSettings(env: Record<string, string | undefined>): Settings {
  const apiKey = env.BULK_API_KEY;
  if (apiKey === undefined) throw new CliError("set BULK_API_KEY to a project API key (sk_…, from POST /v2/admin/projects)");
  if (apiKey.trim() === "") throw new CliError("BULK_API_KEY is empty");
  const baseUrl = env.BULK_API_URL || DEFAULT_API_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new CliError(`BULK_API_URL must be an http(s) URL, e.g. ${DEFAULT_API_URL} (not "${baseUrl}")`);
  }
  return { baseUrl, apiKey: apiKey.trim() };
}
