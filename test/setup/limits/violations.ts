import { expect } from "vitest";
import { describeViolation, type LimitViolation } from "../../../src/lib/limit-checks";

/** A violation as the setup saw it, with the test that was running at the time. */
export interface RecordedViolation extends LimitViolation {
  test: string | undefined;
}

// On globalThis rather than in this module: the patched prototypes belong to
// the isolate and keep the list they were patched with, even if this module is
// evaluated again.
const recorded: RecordedViolation[] = ((globalThis as Record<symbol, RecordedViolation[]>)[Symbol.for("bulk-ops.limit-violations")] ??= []);

/** What a call over a production limit fails with; `violation` says which limit and by how much. */
export class ProductionLimitError extends Error {
  override name = "ProductionLimitError";
  constructor(
    readonly violation: LimitViolation,
    prefix = "",
  ) {
    super(`${prefix}${describeViolation(violation)}`);
  }
}

/** Records violations against the running test. */
export function recordViolations(violations: readonly LimitViolation[]): void {
  const test = expect.getState().currentTestName;
  for (const v of violations) recorded.push({ ...v, test });
}

/**
 * The error production would fail the call with (`prefix` is the platform's,
 * e.g. "D1_ERROR: "), after recording the violation: the test fails even when
 * the code catches the error and retries.
 */
export function violationError(violation: LimitViolation, prefix = ""): ProductionLimitError {
  recordViolations([violation]);
  return new ProductionLimitError(violation, prefix);
}

/** Throws `violationError(violation, prefix)` when there is a violation. */
export function throwIfViolation(violation: LimitViolation | null, prefix = ""): void {
  if (violation) throw violationError(violation, prefix);
}

/**
 * For a test that goes over a limit on purpose: expects at least one recorded
 * violation of `limit` (its exact name, or a pattern) and clears those, so the
 * test still passes. Returns them.
 */
export function expectLimitViolation(limit: string | RegExp): RecordedViolation[] {
  const matches = (v: RecordedViolation) => (typeof limit === "string" ? v.limit === limit : limit.test(v.limit));
  const found = recorded.filter(matches);
  expect(found.length, `a recorded violation of ${limit}; recorded: ${recorded.map(describeViolation).join("; ") || "none"}`).toBeGreaterThan(0);
  recorded.splice(0, recorded.length, ...recorded.filter((v) => !matches(v)));
  return found;
}

/** Throws, listing them, when violations were recorded (and clears them, so each fails one hook only). */
export function failOnViolations(when: string): void {
  const found = recorded.splice(0);
  if (found.length === 0) return;
  const current = expect.getState().currentTestName;
  const lines = found.map((v) => `  - ${describeViolation(v)}${v.test !== current ? ` [during: ${v.test ?? "no test"}]` : ""}`);
  throw new Error(`Over Cloudflare's production limits ${when} (deployed, these would fail):\n${lines.join("\n")}`);
}
