import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../../src/worker";
import type { FuzzRequest } from "./requests";

export type Answer = { status: number; headers: Headers; text: string; json: any };

/**
 * Sends the request to the Worker's fetch handler and reads the whole answer
 * (streams too). The handler is called directly rather than through
 * `exports.default.fetch`, which gets slower with every call in a file
 * (3 ms a call at first, 40 ms after 400 calls): a fuzz run makes thousands.
 * Whatever escapes the handler, or breaks its body mid-stream, is a 500.
 */
export async function send(req: FuzzRequest): Promise<Answer> {
  const ctx = createExecutionContext();
  let res: Response;
  let text: string;
  try {
    res = await worker.fetch(new Request(req.url, { method: req.method, headers: req.headers, body: req.body }), env, ctx);
    text = new TextDecoder().decode(await res.arrayBuffer());
  } catch (e) {
    return { status: 500, headers: new Headers(), text: `escaped the handler: ${String(e)}`, json: null };
  } finally {
    await waitOnExecutionContext(ctx);
  }
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** Status and envelope: never a 5xx; a non-2xx is the error envelope, and every answer names its request id. */
export function envelopeProblems(req: FuzzRequest, res: Answer): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`answered ${res.status}`);
  const requestId = res.headers.get("X-Request-Id");
  if (!requestId) problems.push("no X-Request-Id header");
  if (res.status < 300 || req.method === "HEAD") return problems;
  const error = res.json?.error;
  if (!error || typeof error !== "object") return [...problems, "a non-2xx body without the error envelope"];
  if (typeof error.code !== "string" || !SNAKE_CASE.test(error.code)) problems.push(`error.code ${JSON.stringify(error.code)} is not snake_case`);
  if (typeof error.message !== "string" || !error.message) problems.push("error.message is missing");
  if (error.request_id !== requestId) problems.push(`error.request_id ${JSON.stringify(error.request_id)} is not the X-Request-Id header ${JSON.stringify(requestId)}`);
  return problems;
}

function decoded(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Everything the caller itself said in a request: an answer may echo any of it. */
export function requestText(req: FuzzRequest): string {
  const body = typeof req.body === "string" ? req.body : req.body ? new TextDecoder().decode(req.body) : "";
  const url = new URL(req.url).href;
  return [req.method, req.url, url, decoded(url), decoded(decoded(url)), ...Object.values(req.headers), body].join("\n");
}

/** The answer as one text: status line, headers and body. */
export const answerText = (res: Answer) => [res.status, ...[...res.headers].map(([k, v]) => `${k}: ${v}`), res.text].join("\n");

/**
 * The other project's strings in an answer that the caller did not send in
 * this request (an echo of one's own input is no leak) and never stored
 * itself (`echoable`: values the caller once wrote into its own resources).
 */
export function leaked(answer: string, sent: string, others: string[], echoable: ReadonlySet<string>): string[] {
  return others.filter((s) => answer.includes(s) && !sent.includes(s) && !echoable.has(s));
}
