// Builds elements from API data as text only: nothing from the API ever reaches innerHTML,
// so a row value like "<img onerror=…>" is shown, never run.

/**
 * h("a", { href: "#/x", class: "link" }, "text", child) → an element.
 * Props named on* take functions (listeners); `hidden`, `disabled` and other
 * booleans are set only when true; every other prop is an attribute (text).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

const numbers = new Intl.NumberFormat();
export const formatCount = (n) => (n === null || n === undefined ? "?" : numbers.format(n));

/** "2026-11-30 00:03:07" in the browser's time zone; "—" for none. */
export function formatTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** 75 → "1 min 15 s". */
export function formatSeconds(s) {
  if (s === null || s === undefined) return "unknown";
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
