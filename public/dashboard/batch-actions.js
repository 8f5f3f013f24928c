import { api, batchPath, TERMINAL } from "./api.js";
import { h } from "./dom.js";
import { downloadFile } from "./download.js";

/**
 * The buttons for what can be done to a batch in its state: pause (running),
 * resume (paused), cancel (not finished; asks first, it cannot be undone),
 * replay (finished) and errors.csv (when rows failed). One action at a time;
 * `onChanged` gets the batch as the API answers it, `onReplayed` the new batch.
 */
export function batchActions(batch, { onChanged, onReplayed, notify, onError }) {
  const path = batchPath(batch.id);
  const buttons = [];
  const run = (label, work) => {
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", async () => {
      for (const b of buttons) b.disabled = true;
      try {
        await work();
      } catch (e) {
        onError(e);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
    buttons.push(button);
    return button;
  };

  if (batch.status === "running") run("Pause", async () => onChanged(await api(`${path}/pause`, { method: "POST" }), "Paused."));
  if (batch.status === "paused") run("Resume", async () => onChanged(await api(`${path}/resume`, { method: "POST" }), "Resumed."));
  if (!TERMINAL.has(batch.status)) {
    run("Cancel batch", async () => {
      if (!confirm(`Cancel batch ${batch.id}? Rows that have not started will never run. This cannot be undone.`)) return;
      await api(path, { method: "DELETE", headers: { "X-Operator-Override": "destructive" } });
      onChanged(await api(path), "Cancelled.");
    });
  }
  if (TERMINAL.has(batch.status)) {
    // A new Idempotency-Key per press: pressing again on purpose makes another replay.
    const replay = (only) => async () => onReplayed(await api(`${path}/replay`, { method: "POST", body: { only }, headers: { "Idempotency-Key": crypto.randomUUID() } }));
    if (batch.progress.rows_failed > 0) run("Replay failed rows", replay("failed_rows"));
    run("Replay all rows", replay("all_rows"));
  }
  if (batch.progress.rows_failed > 0) {
    run("Download errors.csv", async () => notify(`Saved ${await downloadFile(`${path}/errors.csv`, `${batch.id}.errors.csv`)}.`));
  }
  return h("div", { class: "actions", role: "group", "aria-label": "Batch actions" }, buttons);
}
