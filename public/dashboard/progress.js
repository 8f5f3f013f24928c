import { formatCount, formatSeconds, h } from "./dom.js";

/**
 * A batch's progress: a <progress> bar (indeterminate while rows_total is not
 * known yet) with its counts as text next to it, so the figures do not live in
 * the bar's colour alone.
 */
export function progressBar(batch, { label = `Progress of ${batch.id}` } = {}) {
  const p = batch.progress;
  const total = p.rows_total;
  // No value: indeterminate. A batch of zero rows shows a full bar.
  const bar = h("progress", { "aria-label": label, ...(total === null ? {} : { max: Math.max(total, 1), value: total === 0 ? 1 : p.rows_processed }) });
  const percent = total ? ` (${Math.floor((100 * p.rows_processed) / total)}%)` : "";
  return h("span", { class: "progress" }, bar, h("span", { class: "progress-text" }, `${formatCount(p.rows_processed)} of ${formatCount(total)} rows${percent}`));
}

/** The counters as a definition list: processed, succeeded, failed, rate and ETA. */
export function progressDetails(batch) {
  const p = batch.progress;
  const item = (term, value, cls) => [h("dt", {}, term), h("dd", { class: cls }, value)];
  return h(
    "dl",
    { class: "counters" },
    item("Rows", `${formatCount(p.rows_processed)} of ${formatCount(p.rows_total)}`),
    item("Succeeded", formatCount(p.rows_succeeded)),
    item("Failed", formatCount(p.rows_failed), p.rows_failed > 0 ? "bad" : undefined),
    item("Rows per second", p.rows_per_second === null ? "unknown" : formatCount(Math.round(p.rows_per_second * 10) / 10)),
    item("Time left", formatSeconds(p.eta_seconds)),
  );
}

/** The status as a labelled badge (the word is always shown; colour only repeats it). */
export const statusBadge = (status) => h("span", { class: `status status-${status.replace(/[^a-z_]/g, "")}` }, status.replace(/_/g, " "));
