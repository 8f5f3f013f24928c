/** Consecutive failures of the batch object's alarm, kept in its `watchdog` row. */

/** Counts one more failure in a row and keeps its message; returns the count. */
export function recordAlarmFailure(sql: SqlStorage, message: string): number {
  return sql
    .exec<{ n: number }>("UPDATE watchdog SET alarm_failures = alarm_failures + 1, last_error = ? WHERE id = 1 RETURNING alarm_failures AS n", message.slice(0, 1000))
    .one().n;
}

/** A run that succeeded ends the streak. */
export function clearAlarmFailures(sql: SqlStorage): void {
  sql.exec("UPDATE watchdog SET alarm_failures = 0, last_error = NULL WHERE id = 1 AND alarm_failures > 0");
}
