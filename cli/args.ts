import { parseArgs } from "node:util";
import { parseMapping } from "./mapping";

/** What one `bulk …` invocation asks for, checked before anything is sent. */
export type Command =
  | { name: "help"; topic?: CommandName }
  | { name: "submit"; file: string; operation: string; mapping?: Record<string, string>; params?: Record<string, unknown>; dryRun: boolean; wait: boolean }
  | { name: "status"; id: string; json: boolean }
  | { name: "errors"; id: string; csv: boolean }
  | { name: "replay"; id: string; all: boolean }
  | { name: "cancel"; id: string; yes: boolean }
  | { name: "pause"; id: string }
  | { name: "resume"; id: string };

export type CommandName = Exclude<Command["name"], "help">;
export type ParsedArgs = { ok: true; command: Command } | { ok: false; message: string };

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  operation: { type: "string", short: "o" },
  mapping: { type: "string", short: "m" },
  params: { type: "string" },
  "dry-run": { type: "boolean" },
  wait: { type: "boolean", short: "w" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  all: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
} as const;
type OptionName = keyof typeof OPTIONS;

/** Each command's one positional argument and the options it takes (besides --help). */
const COMMANDS: Record<CommandName, { positional: string; options: OptionName[] }> = {
  submit: { positional: "FILE", options: ["operation", "mapping", "params", "dry-run", "wait"] },
  status: { positional: "ID", options: ["json"] },
  errors: { positional: "ID", options: ["csv"] },
  replay: { positional: "ID", options: ["all"] },
  cancel: { positional: "ID", options: ["yes"] },
  pause: { positional: "ID", options: [] },
  resume: { positional: "ID", options: [] },
};

const isCommandName = (name: string | undefined): name is CommandName => name !== undefined && Object.hasOwn(COMMANDS, name);
const fail = (message: string): ParsedArgs => ({ ok: false, message });

/** `bulk`'s arguments (without `node` and the script) as a Command, or a one-line usage error. */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages name the option and say what is wrong with it; drop its advice about "--".
    return fail((error as Error).message.split(". To specify")[0]!);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (name === undefined || name === "help") return { ok: true, command: { name: "help", ...(isCommandName(rest[0]) ? { topic: rest[0] } : {}) } };
  if (!isCommandName(name)) return fail(`unknown command "${name}" (see bulk --help)`);
  if (values.help) return { ok: true, command: { name: "help", topic: name } };

  const spec = COMMANDS[name];
  const stray = (Object.keys(values) as OptionName[]).find((option) => option !== "help" && !spec.options.includes(option));
  if (stray) return fail(`${name} takes no --${stray}`);
  if (rest.length !== 1) return fail(`${name} takes one ${spec.positional}${rest.length ? `, not ${rest.length}` : ""} (see bulk ${name} --help)`);
  const arg = rest[0]!;

  switch (name) {
    case "submit":
      return submitCommand(arg, values);
    case "status":
      return { ok: true, command: { name, id: arg, json: values.json ?? false } };
    case "errors":
      return { ok: true, command: { name, id: arg, csv: values.csv ?? false } };
    case "replay":
      return { ok: true, command: { name, id: arg, all: values.all ?? false } };
    case "cancel":
      return { ok: true, command: { name, id: arg, yes: values.yes ?? false } };
    case "pause":
    case "resume":
      return { ok: true, command: { name, id: arg } };
  }
}

function submitCommand(file: string, values: { operation?: string; mapping?: string; params?: string; "dry-run"?: boolean; wait?: boolean }): ParsedArgs {
  if (!values.operation) return fail("submit needs --operation (e.g. --operation contacts.upsert)");
  let mapping: Record<string, string> | undefined;
  if (values.mapping !== undefined) {
    const result = parseMapping(values.mapping);
    if (!result.ok) return fail(result.message);
    mapping = result.mapping;
  }
  let params: Record<string, unknown> | undefined;
  if (values.params !== undefined) {
    const result = parseParams(values.params);
    if (!result.ok) return fail(result.message);
    params = result.params;
  }
  return {
    ok: true,
    command: { name: "submit", file, operation: values.operation, ...(mapping && { mapping }), ...(params && { params }), dryRun: values["dry-run"] ?? false, wait: values.wait ?? false },
  };
}

/** `--params '{"delay_ms": 100}'`: the operation's params, a JSON object. */
function parseParams(text: string): { ok: true; params: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: "--params: not JSON (give an object, e.g. '{\"delay_ms\": 100}')" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, message: "--params: give a JSON object" };
  return { ok: true, params: value as Record<string, unknown> };
}
