import { api, batchPath, TERMINAL } from "./api.js";
import { formatCount, formatTime, h, replaceChildren } from "./dom.js";
import { batchActions } from "./batch-actions.js";
import { errorTable } from "./error-table.js";
import { followBatch } from "./follow.js";
import { progressBar, progressDetails, statusBadge } from "./progress.js";

// While rows fail, the error table follows at most this often (each reload reads a page).
const ERRORS_RELOAD_MS = 2000;

/**
 * One batch, live: its state, progress and counters as they change, the
 * actions its state allows, and its error table. Updates stop when the view
 * is left (`signal`).
 */
export function batchView(id, { signal, notify, onError, navigate }) {
  const title = h("h1", { tabindex: "-1" }, "Batch ", h("code", {}, id));
  const live = h("p", { class: "help", id: "live-mode", "aria-live": "polite" }, "Connecting…");
  const about = h("div");
  const progress = h("div");
  const actions = h("div");
  const errors = errorTable(id, { signal, onError });
  let shown = null;
  let errorsLoadedAt = Date.now();

  function show(batch, message) {
    const failedMore = shown && batch.progress.rows_failed !== shown.progress.rows_failed;
    const ended = shown && !TERMINAL.has(shown.status) && TERMINAL.has(batch.status);
    // Progress comes up to twice a second: the details and buttons are rebuilt only when they
    // change, so a keyboard user's focus on a button or link is not lost under them.
    if (!shown || aboutKey(shown) !== aboutKey(batch)) replaceChildren(about, details(batch));
    if (!shown || actionsKey(shown) !== actionsKey(batch)) {
      const hadFocus = actions.contains(document.activeElement);
      replaceChildren(actions, batchActions(batch, { onChanged: show, onReplayed, notify, onError }));
      // The pressed button may be gone (Pause becomes Resume): focus stays in the group.
      if (hadFocus) actions.querySelector("button")?.focus();
    }
    replaceChildren(progress, progressBar(batch, { label: "Rows processed" }), progressDetails(batch));
    shown = batch;
    if (TERMINAL.has(batch.status)) live.textContent = `Finished ${formatTime(batch.completed_at)}.`;
    if (message) notify(message);
    if (ended || (failedMore && Date.now() - errorsLoadedAt > ERRORS_RELOAD_MS)) {
      errorsLoadedAt = Date.now();
      errors.reload();
    }
  }

  function onReplayed(replay) {
    navigate(`#/batches/${encodeURIComponent(replay.id)}`, `Replay ${replay.id} created.`);
  }

  api(batchPath(id), { signal })
    .then((batch) => {
      show(batch);
      if (TERMINAL.has(batch.status)) return;
      return followBatch(id, {
        signal,
        onBatch: (b) => show(b),
        onError,
        onMode: (mode) => (live.textContent = mode === "live" ? "Live: updates as rows are counted." : "Updating every 2 seconds."),
      });
    })
    .catch((e) => signal.aborted || onError(e));

  return h("section", { class: "batch" }, h("p", {}, h("a", { href: "#/" }, "← All batches")), title, live, about, progress, actions, errors.element);
}

const aboutKey = (b) => JSON.stringify([b.status, b.started_at, b.completed_at, b.failure]);
const actionsKey = (b) => `${b.status} ${b.progress.rows_failed > 0}`;

/** What the batch is: operation, status, source, times, lineage and its failure if any. */
function details(batch) {
  const item = (term, ...value) => [h("dt", {}, term), h("dd", {}, ...value)];
  return h(
    "dl",
    { class: "details" },
    item("Status", statusBadge(batch.status)),
    item("Operation", batch.operation, batch.dry_run ? " (dry run: nothing written or sent)" : ""),
    item("Source", batch.source.kind),
    item("Created", formatTime(batch.created_at), " by ", batch.created_by),
    item("Started", formatTime(batch.started_at)),
    item("Finished", formatTime(batch.completed_at)),
    batch.parent_batch_id ? item("Replay of", h("a", { href: `#/batches/${encodeURIComponent(batch.parent_batch_id)}` }, batch.parent_batch_id)) : [],
    batch.max_rows_per_second ? item("Rate limit", `${formatCount(batch.max_rows_per_second)} rows per second`) : [],
    batch.failure_threshold ? item("Stops when", thresholdText(batch.failure_threshold)) : [],
    batch.mapping ? item("Mapping", Object.entries(batch.mapping).map(([from, to]) => `${from} → ${to}`).join(", ")) : [],
    batch.failure ? item("Failure", h("code", {}, batch.failure.code), ": ", batch.failure.message) : [],
  );
}

/** {max_failed_rows: 10} → "more than 10 rows failed"; {max_failed_ratio: 0.2, min_rows: 100} → "more than 20% of rows failed (once 100 are counted)". */
function thresholdText(t) {
  if (t.max_failed_rows != null) return `more than ${formatCount(t.max_failed_rows)} rows failed`;
  return `more than ${Math.round(t.max_failed_ratio * 1000) / 10}% of rows failed (once ${formatCount(t.min_rows ?? 1)} are counted)`;
}
