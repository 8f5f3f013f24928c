import fc from "fast-check";
import { almostValid, anyJson, binaryBody, malformedJson, toJsonText, validValue, type Body, type Overrides } from "./bodies";
import type { Catalogue, Param, Route } from "./routes";

/** One generated request, printed as the counterexample when a property fails. */
export type FuzzRequest = { route: string; method: string; url: string; headers: Record<string, string>; body?: Body };

/** What the generators draw from: the fuzzing caller's credentials and the ids, cursors and strings it may hold. */
export type Pools = {
  /** the Authorization header for a route (absent when undefined) */
  authorization: (route: Route) => fc.Arbitrary<string | undefined>;
  /** an id for a path parameter; `kind` is the id prefix the path suggests (`bat`, `sfc`, ...), if any */
  id: (kind: string | undefined, method?: string) => fc.Arbitrary<string>;
  cursor: fc.Arbitrary<string>;
  /** ids, cursors and URLs to put anywhere a string goes */
  foreign: fc.Arbitrary<string>;
  /** components a valid body cannot be built for from the schema alone */
  overrides: Overrides;
  /** valid bodies of routes that publish no schema, by `METHOD /path` */
  examples: Record<string, unknown[]>;
  /** path and query of signed URLs the caller holds, by method (the routes with a `signature` parameter) */
  signed: Record<string, string[]>;
};

// The id kind a parameter names: by its own name, else by the path segment before it. Unknown: any id.
const KIND_BY_PARAM: Record<string, string> = { batchID: "bat", jobID: "job", upload_id: "sfu" };
const KIND_BY_SEGMENT: Record<string, string> = { operations: "bat", "sftp-credentials": "sfc", credentials: "sfc", jobs: "job", runs: "run", uploads: "upl", projects: "prj", "api-keys": "key" };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

/**
 * ASCII only: workerd re-encodes any other header value as UTF-8 and prints
 * a warning for each one, so a long run would drown in them.
 */
const oddHeader = fc.constantFrom("%E2%9C%93", '"quoted"', "back\\slash", "semi;colon=1", "a,b", "\t tab", "<>{}|^`", "\x7f");

type Segment = { raw: string } | { text: string };

/** Path segments that try to leave the route or break decoding. Raw: inserted unencoded. */
const hostileSegment: fc.Arbitrary<Segment> = fc.oneof(
  fc.constantFrom("..", ".", "../..", "..%2F..%2Fv2%2Fadmin%2Fprojects", "%2e%2e", "%2F", "a%2Fb", "%00", "%", "%ZZ", "%E0%A4%A", "%20", "*", ";", ",").map((raw) => ({ raw })),
  fc.constantFrom("null", "undefined", "0", "-1", "1e3", "__proto__", "constructor", "bat_", "BAT_", "a/b", "a?b=c", "a#b", " ").map((text) => ({ text })),
  fc.constantFrom(300, 1024, 8193, 65_537).map((n) => ({ text: "b".repeat(n) })),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).map((text) => ({ text })),
);

/** An id mangled the ways a client could mangle it: padded, truncated, doubled, recased, with a slash. */
const mangled = (id: fc.Arbitrary<string>): fc.Arbitrary<Segment> =>
  fc.tuple(id, fc.constantFrom("upper", "pad", "trim", "double", "slash", "query", "nul")).map(([s, how]) => {
    if (how === "upper") return { text: s.toUpperCase() };
    if (how === "pad") return { raw: `%20${s}%20` };
    if (how === "trim") return { text: s.slice(0, -1) };
    if (how === "double") return { text: `${s}${s}` };
    if (how === "slash") return { raw: `${s}%2F..` };
    if (how === "query") return { raw: `${s}%3Fx=1` };
    return { raw: `${s}%00` };
  });

function pathParam(route: Route, name: string, pools: Pools): fc.Arbitrary<string> {
  const segments = route.path.split("/");
  const kind = KIND_BY_PARAM[name] ?? KIND_BY_SEGMENT[segments[segments.indexOf(`{${name}}`) - 1] ?? ""];
  const segment =
    name === "n"
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom("1", "2", "10000").map((text) => ({ text })) },
          { weight: 2, arbitrary: fc.constantFrom("10001", "0", "1e3", "-1", "0x10", "1.5", "01").map((text) => ({ text })) },
          hostileSegment,
        )
      : fc.oneof(
          { weight: 8, arbitrary: pools.id(kind, route.method).map((text) => ({ text })) },
          { weight: 1, arbitrary: mangled(pools.id(kind, route.method)) },
          { weight: 1, arbitrary: hostileSegment },
          { weight: 1, arbitrary: pools.cursor.map((text) => ({ text })) },
        );
  return segment.map((s) => ("raw" in s ? s.raw : encodeURIComponent(s.text)));
}

const limits = fc.oneof(fc.constantFrom("1", "2", "100", "1000"), fc.constantFrom("0", "-1", "1001", "1e3", "1.5", "abc", "", " 5", "99999999999999999999", "NaN", "Infinity", "0x10", "-0", "+5", "1_000"));

function queryValue(param: Param, pools: Pools): fc.Arbitrary<string> {
  if (param.name === "cursor") return pools.cursor;
  if (param.name === "limit") return limits;
  const fromEnum = param.schema.enum ? [fc.constantFrom(...(param.schema.enum as string[]))] : [];
  return fc.oneof(...fromEnum, pools.id(param.name === "project_id" ? "prj" : param.name === "batch_id" ? "bat" : undefined), pools.foreign, fc.string({ unit: "grapheme", maxLength: 40 }), limits);
}

/** The route's documented query parameters (each present or not) plus unknown and repeated ones. */
function query(route: Route, pools: Pools): fc.Arbitrary<string> {
  const documented = route.params.filter((p) => p.in === "query");
  const known = documented.map((p) => fc.option(queryValue(p, pools).map((v) => [p.name, v] as [string, string]), { freq: p.required ? 8 : 2 }));
  const names = [...documented.map((p) => p.name), "__proto__", "constructor", "project_id", "x"];
  const extra = fc.array(fc.tuple(fc.constantFrom(...names), fc.oneof(pools.foreign, limits)), { maxLength: 2 });
  const raw = fc.option(fc.constantFrom("cursor=%ZZ", "limit=%", "%=1", "&&&", "limit[]=1", "cursor", "=x"), { freq: 8 });
  return fc.tuple(fc.tuple(...known), fc.option(extra, { freq: 3, nil: [] }), raw).map(([k, e, r]) => {
    const pairs = [...k.filter((p): p is [string, string] => p !== null), ...e];
    return [new URLSearchParams(pairs).toString(), r].filter(Boolean).join("&");
  });
}

/** A header's value: mostly absent, or mostly a good one when the route documents it (`good`), else hostile. */
function header(route: Route, name: string, good: fc.Arbitrary<string>, hostile: fc.Arbitrary<string>): fc.Arbitrary<string | null> {
  const documented = route.params.some((p) => p.in === "header" && p.name === name);
  return documented ? fc.oneof({ weight: 6, arbitrary: good }, { weight: 2, arbitrary: hostile }, fc.constant(null)) : fc.option(fc.oneof(good, hostile), { freq: 4 });
}

/** The body's true length mostly, else a wrong one or none: the routes that stream a body read it. */
function contentLength(body: Body | undefined): fc.Arbitrary<string | undefined> {
  if (body === undefined) return fc.constant(undefined);
  const length = typeof body === "string" ? new TextEncoder().encode(body).byteLength : body.byteLength;
  return fc.oneof({ weight: 4, arbitrary: fc.constant(String(length)) }, fc.constantFrom(String(length + 1), "0", "-1", "abc", "99999999999999"), fc.constant(undefined));
}

function headers(route: Route, pools: Pools, body: Body | undefined): fc.Arbitrary<Record<string, string>> {
  const hasBody = body !== undefined;
  const model = {
    "content-length": contentLength(body),
    authorization: pools.authorization(route),
    "content-type": hasBody
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constant("application/json") },
          fc.constantFrom("APPLICATION/JSON; charset=utf-8", "application/json; charset=utf-16", "application/json-patch+json", "application/jsonx", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", ""),
          fc.constant(undefined),
        )
      : fc.constant(undefined),
    "idempotency-key": header(route, "idempotency-key", fc.uuid(), fc.oneof(fc.constantFrom("", "a", "k".repeat(255), "k".repeat(256), " spaced key "), oddHeader, pools.foreign)),
    "x-operator-override": header(route, "x-operator-override", fc.constant("destructive"), fc.constantFrom("Destructive", " destructive ", "destructive, destructive", "", "true")),
    "x-request-id": fc.option(fc.oneof(fc.constantFrom("abcdefgh", "short", "r".repeat(128), "r".repeat(129), "../../x", "a b c d e f g h", "req_${7*7}__"), oddHeader, pools.foreign), { freq: 3 }),
    range: route.method === "GET" ? fc.option(fc.constantFrom("bytes=0-0", "bytes=1-", "bytes=999999999-", "bytes=-1", "bytes=-0", "bytes=5-2", "bytes=abc", "bytes=0-1,5-6", "items=0-1"), { freq: 3 }) : fc.constant(null),
  };
  return fc.record(model).map((h) => Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => typeof e[1] === "string")));
}

/** Bodies for the route: mostly valid or one field off, else any JSON, broken JSON or bytes. */
function body(route: Route, catalogue: Catalogue, pools: Pools): fc.Arbitrary<Body | undefined> {
  const examples = pools.examples[`${route.method} ${route.path}`];
  const valid = route.body ? validValue(route.body, catalogue.components, pools.overrides) : examples ? fc.constantFrom(...examples) : anyJson;
  return fc.oneof(
    { weight: 5, arbitrary: valid.map(toJsonText) },
    { weight: 5, arbitrary: almostValid(valid, pools.foreign).map(toJsonText) },
    { weight: 1, arbitrary: anyJson.map(toJsonText) },
    { weight: 1, arbitrary: malformedJson(valid) },
    { weight: 1, arbitrary: binaryBody },
    { weight: route.bodyRequired ? 1 : 3, arbitrary: fc.constant(undefined) },
  );
}

/** The path and query: the route's template filled in, or a signed URL the caller holds for a signed route. */
function target(route: Route, pools: Pools): fc.Arbitrary<string> {
  const pathParams = route.params.filter((p) => p.in === "path");
  const filled = fc
    .tuple(fc.tuple(...pathParams.map((p) => pathParam(route, p.name, pools))), query(route, pools))
    .map(([values, q]) => pathParams.reduce((at, p, i) => at.replace(`{${p.name}}`, values[i]!), route.path) + (q ? `?${q}` : ""));
  const signed = route.params.some((p) => p.name === "signature") ? pools.signed[route.method] ?? [] : [];
  if (signed.length === 0) return filled;
  const extra = fc.option(fc.constantFrom("&signature=0", "&expires=1", "&expires=99999999999", "&x=1"), { freq: 2, nil: "" });
  return fc.oneof(filled, fc.tuple(fc.constantFrom(...signed), extra).map(([url, e]) => url + e));
}

/** Hostile requests aimed at one route (and now and then the same path with another method). */
export function requestsFor(route: Route, catalogue: Catalogue, pools: Pools, origin: string): fc.Arbitrary<FuzzRequest> {
  const method = fc.oneof({ weight: 12, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) });
  return fc.tuple(method, target(route, pools), body(route, catalogue, pools)).chain(([m, t, b]) => {
    const sendsBody = b !== undefined && m !== "GET" && m !== "HEAD";
    return headers(route, pools, sendsBody ? b : undefined).map((h) => ({ route: `${route.method} ${route.path}`, method: m, url: `${origin}${t}`, headers: h, ...(sendsBody ? { body: b } : {}) }));
  });
}
