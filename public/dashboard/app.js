import { batchListView } from "./batch-list.js";
import { batchView } from "./batch-view.js";
import { replaceChildren } from "./dom.js";
import { forgetKey, storedKey } from "./session.js";
import { signInView } from "./sign-in.js";

// The dashboard's shell: a hash router (#/ the list, #/batches/{id} one batch), the sign-in
// gate and one notice line. Each view gets an AbortSignal that ends its requests and live
// updates when another view replaces it.
const main = document.getElementById("main");
const notice = document.getElementById("notice");
const signOut = document.getElementById("sign-out");
let current = new AbortController();
// A message for the view navigated to (the notice is otherwise cleared on each navigation).
let pendingNotice = "";

const notify = (text) => (notice.textContent = text);

function onError(e) {
  if (e.status === 401) {
    forgetKey();
    notify("The API key was refused (unknown or revoked): sign in again.");
    return render();
  }
  notify(`${e.message}${e.requestId ? ` (request ${e.requestId})` : ""}`);
}

function navigate(hash, message = "") {
  if (location.hash === hash || (hash === "#/" && location.hash === "")) {
    notify(message);
    render();
  } else {
    pendingNotice = message;
    location.hash = hash;
  }
}

function render() {
  current.abort();
  current = new AbortController();
  const signal = current.signal;
  signOut.hidden = !storedKey();
  if (!storedKey()) {
    replaceChildren(main, signInView(() => (notify(""), render())));
  } else {
    const match = /^#\/batches\/([^/?]+)$/.exec(location.hash);
    replaceChildren(main, match ? batchView(decoded(match[1]), { signal, notify, onError, navigate }) : batchListView({ signal, onError }));
  }
  // The new view's heading takes focus, so a screen reader announces where it is.
  const heading = main.querySelector("h1");
  (heading ?? main).focus();
  document.title = `${heading?.textContent ?? ""} · Bulk operations`;
}

/** A hand-edited address may hold a malformed escape: the API then answers for the raw text. */
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

signOut.addEventListener("click", () => {
  forgetKey();
  navigate("#/", "Signed out.");
});
window.addEventListener("hashchange", () => {
  notify(pendingNotice);
  pendingNotice = "";
  render();
});
render();
