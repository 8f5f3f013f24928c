import { api, TERMINAL } from "./api.js";
import { formatTime, h, replaceChildren } from "./dom.js";
import { progressBar, statusBadge } from "./progress.js";

const PAGE_SIZE = 20;
const REFRESH_MS = 3000;
const STATUSES = ["accepted", "running", "paused", "succeeded", "partially_failed", "failed", "cancelled"];

/**
 * The project's batches, newest first, a page at a time (the API's cursors;
 * the cursors of earlier pages are kept to go back). While a batch on the
 * page is still going, the page reloads itself every few seconds.
 */
export function batchListView({ signal, onError }) {
  const cursors = [null];
  let status = "";
  let timer;
  const tbody = h("tbody");
  const summary = h("p", { class: "help", "aria-live": "polite" });
  const previous = h("button", { type: "button", disabled: true, onclick: () => (cursors.pop(), load()) }, "Previous page");
  const next = h("button", { type: "button", disabled: true }, "Next page");
  const filter = h(
    "select",
    { id: "status-filter", onchange: (e) => ((status = e.target.value), cursors.splice(1), load()) },
    h("option", { value: "" }, "Any status"),
    STATUSES.map((s) => h("option", { value: s }, s.replace(/_/g, " "))),
  );
  let nextCursor = null;
  next.addEventListener("click", () => (cursors.push(nextCursor), load()));

  async function load() {
    clearTimeout(timer);
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (status) query.set("status", status);
    if (cursors.at(-1)) query.set("cursor", cursors.at(-1));
    try {
      const page = await api(`/v2/batch/operations?${query}`, { signal });
      nextCursor = page.next_cursor;
      replaceChildren(tbody, page.data.length ? page.data.map(row) : h("tr", {}, h("td", { colspan: "5" }, status ? "No batches with this status." : "No batches yet.")));
      // Set only when it changes: the self-refresh must not make a screen reader repeat it.
      const text = `Page ${cursors.length}, ${page.data.length} batch${page.data.length === 1 ? "" : "es"}.`;
      if (summary.textContent !== text) summary.textContent = text;
      previous.disabled = cursors.length === 1;
      next.disabled = !nextCursor;
      if (page.data.some((b) => !TERMINAL.has(b.status))) timer = setTimeout(load, REFRESH_MS);
    } catch (e) {
      if (!signal.aborted) onError(e);
    }
  }
  signal.addEventListener("abort", () => clearTimeout(timer));
  load();

  return h(
    "section",
    { "aria-labelledby": "list-title" },
    h("h1", { id: "list-title", tabindex: "-1" }, "Batches"),
    h("div", { class: "toolbar" }, h("label", { for: "status-filter" }, "Status"), filter, h("button", { type: "button", onclick: load }, "Refresh")),
    h(
      "table",
      { class: "batches" },
      h("caption", { class: "visually-hidden" }, "The project's batches, newest first"),
      h("thead", {}, h("tr", {}, ["Batch", "Operation", "Status", "Progress", "Created"].map((t) => h("th", { scope: "col" }, t)))),
      tbody,
    ),
    h("div", { class: "pager" }, previous, summary, next),
  );
}

function row(batch) {
  return h(
    "tr",
    { "data-batch-id": batch.id },
    h("td", {}, h("a", { href: `#/batches/${encodeURIComponent(batch.id)}` }, batch.id)),
    h("td", {}, batch.operation, batch.dry_run ? " (dry run)" : ""),
    h("td", {}, statusBadge(batch.status)),
    h("td", {}, progressBar(batch)),
    h("td", {}, formatTime(batch.created_at)),
  );
}
