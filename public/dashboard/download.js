import { authHeaders, failure } from "./api.js";

/**
 * Saves a file the API serves behind the bearer header (a plain link could
 * not send it): fetched, held as a Blob, and saved through a temporary
 * download link under the name the API gives (Content-Disposition).
 */
export async function downloadFile(path, fallbackName) {
  const res = await fetch(path, { headers: authHeaders() });
  if (!res.ok) throw await failure(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the Blob to the download; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return name;
}
