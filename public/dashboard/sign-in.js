import { api } from "./api.js";
import { h } from "./dom.js";
import { storeKey } from "./session.js";

/**
 * The sign-in form: a pasted API key is checked against the API (one small
 * list call) before it is kept for this tab; `onSignedIn` runs after.
 */
export function signInView(onSignedIn) {
  const input = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off", spellcheck: "false", required: true, "aria-describedby": "api-key-help" });
  const message = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit" }, "Sign in");
  const form = h(
    "form",
    { class: "sign-in", "aria-labelledby": "sign-in-title" },
    h("h1", { id: "sign-in-title", tabindex: "-1" }, "Sign in"),
    h("label", { for: "api-key" }, "API key"),
    input,
    h("p", { id: "api-key-help", class: "help" }, "Paste a project API key (sk_…). It stays in this tab only and is forgotten when the tab closes."),
    submit,
    message,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    message.textContent = "";
    submit.disabled = true;
    try {
      await api("/v2/batch/operations?limit=1", { key });
      storeKey(key);
      onSignedIn();
    } catch (e) {
      message.textContent = e.status === 401 ? "This API key is unknown or revoked." : `Could not sign in: ${e.message}`;
      input.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
