import { api, batchPath } from "./api.js";
import { formatCount, h, replaceChildren } from "./dom.js";

const PAGE_SIZE = 50;

/**
 * A batch's failed rows, a page at a time (GET …/errors cursor pages), one
 * table line per error of a row. `reload()` goes back to the first page (the
 * batch view calls it as failures come in and when the batch ends).
 */
export function errorTable(batchId, { signal, onError }) {
  const cursors = [null];
  let nextCursor = null;
  const tbody = h("tbody");
  const caption = h("caption");
  const note = h("p", { class: "help", "aria-live": "polite" });
  const previous = h("button", { type: "button", disabled: true, onclick: () => (cursors.pop(), load()) }, "Previous errors");
  const next = h("button", { type: "button", disabled: true, onclick: () => (cursors.push(nextCursor), load()) }, "Next errors");

  async function load() {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursors.at(-1)) query.set("cursor", cursors.at(-1));
    try {
      const report = await api(batchPath(batchId, `/errors?${query}`), { signal });
      nextCursor = report.next_cursor;
      caption.textContent = `Failed rows: ${formatCount(report.total_failed)}`;
      const lines = report.errors.flatMap((row) => row.errors.map((error) => line(row, error)));
      replaceChildren(tbody, lines.length ? lines : h("tr", {}, h("td", { colspan: "5" }, "No failed rows.")));
      note.textContent = report.sampled ? "More than 10,000 rows failed: these pages show a sample; errors.csv has every one." : "";
      previous.disabled = cursors.length === 1;
      next.disabled = !nextCursor;
    } catch (e) {
      if (!signal.aborted) onError(e);
    }
  }

  const element = h(
    "section",
    { "aria-labelledby": "errors-title" },
    h("h2", { id: "errors-title" }, "Errors"),
    h(
      "table",
      { class: "errors" },
      caption,
      h("thead", {}, h("tr", {}, ["Row", "Identifier", "Field", "Code", "Message"].map((t) => h("th", { scope: "col" }, t)))),
      tbody,
    ),
    note,
    h("div", { class: "pager" }, previous, next),
  );
  load();
  return {
    element,
    reload() {
      cursors.splice(1);
      return load();
    },
  };
}

function line(row, error) {
  const number = row.original_row_number ? `${row.row_number} (first run: ${row.original_row_number})` : String(row.row_number);
  return h(
    "tr",
    { class: "error-row" },
    h("td", {}, number),
    h("td", {}, row.source_identifier ?? "—"),
    h("td", {}, error.field ?? "—"),
    h("td", {}, h("code", {}, error.code)),
    h("td", {}, error.message),
  );
}
