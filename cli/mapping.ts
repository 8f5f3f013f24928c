/**
 * `--mapping "Email Address=email,Full Name=name"` as the API's mapping
 * object (source key → the operation's field). Names are trimmed; a name
 * cannot contain `,` or `=` here (the API itself allows them: use the client).
 */
export function parseMapping(text: string): { ok: true; mapping: Record<string, string> } | { ok: false; message: string } {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(",")) {
    if (pair.trim() === "") continue;
    const parts = pair.split("=");
    const from = parts[0]?.trim() ?? "";
    const to = parts[1]?.trim() ?? "";
    if (parts.length !== 2 || !from || !to) return { ok: false, message: `--mapping: "${pair.trim()}" is not source=field` };
    if (from in mapping) return { ok: false, message: `--mapping: "${from}" is mapped twice` };
    mapping[from] = to;
  }
  if (Object.keys(mapping).length === 0) return { ok: false, message: "--mapping: give at least one source=field pair" };
  return { ok: true, mapping };
}
