import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../cli/args";
import { parseMapping } from "../../cli/mapping";

describe("bulk's command line", () => {
  it("reads submit with every option", () => {
    const parsed = parseCommandLine(["submit", "contacts.csv", "--operation", "contacts.upsert", "--mapping", "Email Address=email,Name=name", "--params", '{"delay_ms":5}', "--dry-run", "--wait"]);
    expect(parsed).toEqual({
      ok: true,
      command: { name: "submit", file: "contacts.csv", operation: "contacts.upsert", mapping: { "Email Address": "email", Name: "name" }, params: { delay_ms: 5 }, dryRun: true, wait: true },
    });
  });

  it("takes short options and options before the file", () => {
    expect(parseCommandLine(["submit", "-o", "echo", "-w", "rows.jsonl"])).toEqual({
      ok: true,
      command: { name: "submit", file: "rows.jsonl", operation: "echo", dryRun: false, wait: true },
    });
  });

  it("reads each id command with its flag", () => {
    expect(parseCommandLine(["status", "bat_1"])).toEqual({ ok: true, command: { name: "status", id: "bat_1", json: false } });
    expect(parseCommandLine(["errors", "bat_1", "--csv"])).toEqual({ ok: true, command: { name: "errors", id: "bat_1", csv: true } });
    expect(parseCommandLine(["replay", "bat_1", "--all"])).toEqual({ ok: true, command: { name: "replay", id: "bat_1", all: true } });
    expect(parseCommandLine(["cancel", "bat_1", "-y"])).toEqual({ ok: true, command: { name: "cancel", id: "bat_1", yes: true } });
    expect(parseCommandLine(["pause", "bat_1"])).toEqual({ ok: true, command: { name: "pause", id: "bat_1" } });
    expect(parseCommandLine(["resume", "bat_1"])).toEqual({ ok: true, command: { name: "resume", id: "bat_1" } });
  });

  it("answers help for no arguments, --help, help COMMAND and COMMAND --help", () => {
    expect(parseCommandLine([])).toEqual({ ok: true, command: { name: "help" } });
    expect(parseCommandLine(["--help"])).toEqual({ ok: true, command: { name: "help" } });
    expect(parseCommandLine(["help", "cancel"])).toEqual({ ok: true, command: { name: "help", topic: "cancel" } });
    expect(parseCommandLine(["submit", "--help"])).toEqual({ ok: true, command: { name: "help", topic: "submit" } });
  });

  it("refuses mistakes with one line naming them", () => {
    const message = (argv: string[]) => {
      const parsed = parseCommandLine(argv);
      expect(parsed.ok).toBe(false);
      return parsed.ok ? "" : parsed.message;
    };
    expect(message(["frobnicate"])).toBe('unknown command "frobnicate" (see bulk --help)');
    expect(message(["submit", "a.csv"])).toMatch(/needs --operation/);
    expect(message(["status"])).toMatch(/status takes one ID/);
    expect(message(["status", "a", "b"])).toMatch(/status takes one ID, not 2/);
    expect(message(["status", "bat_1", "--csv"])).toBe("status takes no --csv");
    expect(message(["status", "bat_1", "--nope"])).toMatch(/Unknown option '--nope'/);
    expect(message(["submit", "a.csv", "-o", "echo", "--params", "[1]"])).toBe("--params: give a JSON object");
    expect(message(["submit", "a.csv", "-o", "echo", "--params", "{"])).toMatch(/--params: not JSON/);
    expect(message(["submit", "a.csv", "-o", "echo", "--mapping", "a"])).toMatch(/"a" is not source=field/);
  });
});

describe("--mapping", () => {
  it("reads source=field pairs, trimmed, with spaces inside names", () => {
    expect(parseMapping("Email Address = email, Full Name=name")).toEqual({ ok: true, mapping: { "Email Address": "email", "Full Name": "name" } });
  });

  it("ignores an empty pair from a trailing comma", () => {
    expect(parseMapping("a=b,")).toEqual({ ok: true, mapping: { a: "b" } });
  });

  it("refuses a pair without both sides, with two =, a key mapped twice, or nothing", () => {
    expect(parseMapping("a=")).toEqual({ ok: false, message: '--mapping: "a=" is not source=field' });
    expect(parseMapping("=b")).toEqual({ ok: false, message: '--mapping: "=b" is not source=field' });
    expect(parseMapping("a=b=c")).toEqual({ ok: false, message: '--mapping: "a=b=c" is not source=field' });
    expect(parseMapping("a=b,a=c")).toEqual({ ok: false, message: '--mapping: "a" is mapped twice' });
    expect(parseMapping(" , ")).toEqual({ ok: false, message: "--mapping: give at least one source=field pair" });
  });
});
