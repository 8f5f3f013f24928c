import { nextSendMs, planSends } from "../domain/throttle";

/**
 * A throttled batch's send schedule (src/domain/throttle.ts), kept in the
 * object's storage: the start reserved for the last chunk sent. Starts are
 * reserved before their messages go out, so a crash in between only ever
 * makes the batch slower.
 */
export class SendPacing {
  constructor(
    private readonly sql: SqlStorage,
    private readonly rowsPerSecond: number,
  ) {}

  /** Reserves starts for the chunks (row counts, in order) that may be sent now; returns their queue delays, for a prefix of them. */
  reserve(rowCounts: readonly number[], nowMs: number): number[] {
    const plan = planSends(rowCounts, { rowsPerSecond: this.rowsPerSecond, cursorMs: this.cursor(), nowMs });
    if (plan.delaySeconds.length > 0) this.sql.exec("INSERT OR REPLACE INTO throttle (id, cursor_ms) VALUES (1, ?)", plan.cursorMs);
    return plan.delaySeconds;
  }

  /** When the next chunk, of `nextRows` rows, may be sent. */
  nextSendMs(nextRows: number, nowMs: number): number {
    return nextSendMs({ rowsPerSecond: this.rowsPerSecond, cursorMs: this.cursor(), nextRows, nowMs });
  }

  private cursor(): number | null {
    return this.sql.exec<{ cursor_ms: number }>("SELECT cursor_ms FROM throttle WHERE id = 1").toArray()[0]?.cursor_ms ?? null;
  }
}
