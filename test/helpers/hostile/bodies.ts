import fc from "fast-check";
import { refName, resolve, type Schema } from "./routes";

/**
 * Bodies: valid ones built from the route's schema (its examples, enums and
 * bounds), the same with one field broken, arbitrary JSON, and text that is
 * not JSON at all. Every body is the exact text or bytes sent.
 */
export type Body = string | Uint8Array;

/** Components the schema alone cannot fill in validly (a source must name a real upload or SFTP file). */
export type Overrides = Record<string, fc.Arbitrary<unknown>>;

/** A valid body for `schema`: its example, or one built from its properties, enums and bounds. */
export function validValue(schema: Schema, components: Record<string, Schema>, overrides: Overrides, depth = 0): fc.Arbitrary<unknown> {
  const name = refName(schema);
  if (name && overrides[name]) return overrides[name];
  const s = resolve(schema, components);
  const variants = s.oneOf ?? s.anyOf;
  if (variants) return fc.oneof(...variants.map((v) => validValue(v, components, overrides, depth + 1)));
  const built = depth > 8 ? fc.constant(null) : fromKeywords(s, components, overrides, depth);
  return s.example === undefined ? built : fc.oneof(fc.constant(s.example), built);
}

function fromKeywords(s: Schema, components: Record<string, Schema>, overrides: Overrides, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.allOf) return validValue(s.allOf[0]!, components, overrides, depth + 1);
  const type = [s.type].flat().find((t) => t !== "null");
  switch (type) {
    case "object": {
      const props = Object.entries(s.properties ?? {});
      if (props.length === 0) return fc.constant(s.default ?? {});
      const model = Object.fromEntries(props.map(([k, p]) => [k, validValue(p, components, overrides, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
    }
    case "array": {
      const minLength = s.minItems ?? 0;
      return fc.array(validValue(s.items ?? {}, components, overrides, depth + 1), { minLength, maxLength: Math.max(minLength, Math.min(s.maxItems ?? 3, 3)) });
    }
    case "string":
      return fc.constant("fuzz".padEnd(s.minLength ?? 1, "z").slice(0, s.maxLength ?? 64));
    case "integer":
    case "number":
      return fc.constant(s.default ?? s.minimum ?? (s.exclusiveMinimum === undefined ? 0 : s.exclusiveMinimum + 1));
    case "boolean":
      return fc.boolean();
    default:
      return fc.constant(s.default ?? {});
  }
}

// A raw JSON token (a number JSON.parse turns into Infinity or rounds) rides through JSON.stringify as this marker string.
const RAW = (token: string) => `\u0000raw:${token}\u0000`;
const RAW_TOKEN = /"\\u0000raw:([^"\\]*)\\u0000"/g;

/** JSON text of `value`, with raw number tokens spliced in. */
export const toJsonText = (value: unknown) => (JSON.stringify(value) ?? "null").replace(RAW_TOKEN, "$1");

/** Sets an own, enumerable key, even `__proto__`, so that JSON.stringify writes it. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const trickyKeys = fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "a.b", "$where", "k".repeat(300));
const longStrings = fc.constantFrom(255, 256, 1025, 4097, 65_537, 1_048_577).map((n) => "x".repeat(n));
const oddNumbers = fc.constantFrom<unknown>(-1, -0, 0, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 5e-324, RAW("1e400"), RAW("-1e400"), RAW("123456789012345678901234567890"), RAW("1E+2"));
/** Strings that break naive text handling: lone surrogates (JSON can carry them), NUL, BOM, bidi overrides, decomposed accents. */
const strangeStrings = fc.oneof(
  fc.constantFrom("\ud800", "a\udfffb", "\udc00\ud800", "\u0000", "nul\u0000byte", "\uffff\ufffe", "\u202egnp.exe", "\ufeffbom", "e\u0301", "\u{1F600}".repeat(100), "\\u0000", "\r\n\t"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
);
const wrongTypes = fc.constantFrom<unknown>(null, true, false, 0, "0", "", [], {}, [null], { "": null }, "true");

/** Arrays and objects nested `depth` levels: around the 64 levels a body may have. */
const nested = (depth: number) => Array.from({ length: depth - 1 }).reduce<unknown>((inner, _, i) => (i % 2 ? [inner] : { a: inner }), []);

/** Arbitrary JSON values: deep, wide, unicode (lone surrogates too), odd numbers and prototype-polluting keys. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(63, 64, 65, 200).map(nested),
  fc.jsonValue({ maxDepth: 5, stringUnit: "binary" }),
  fc.dictionary(strangeStrings, strangeStrings, { maxKeys: 4 }),
  fc.dictionary(trickyKeys, fc.jsonValue({ maxDepth: 2 })).map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entries)) setOwn(o, k, v);
    return o;
  }),
  oddNumbers,
  fc.integer({ min: 1, max: 20_000 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
);

/** Breaks one node of a valid body: wrong type, out of range, extra or missing field, too long, foreign or unicode value, a list too long. */
function mutations(foreign: fc.Arbitrary<string>): fc.Arbitrary<{ kind: string; value: unknown }> {
  return fc.oneof(
    wrongTypes.map((value) => ({ kind: "wrong_type", value })),
    oddNumbers.map((value) => ({ kind: "out_of_range", value })),
    fc.tuple(trickyKeys, fc.jsonValue({ maxDepth: 2 })).map((value) => ({ kind: "extra_field", value })),
    fc.constant({ kind: "missing_field", value: undefined }),
    longStrings.map((value) => ({ kind: "long_string", value })),
    foreign.map((value) => ({ kind: "foreign_value", value })),
    strangeStrings.map((value) => ({ kind: "unicode", value })),
    // One past the limits a list may have (1000 items or rows), and far past them.
    fc.constantFrom(1001, 5000).map((n) => ({ kind: "oversized", value: n })),
  );
}

/** Every path into a JSON value, the root (`[]`) first. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [at];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [at, ...children.flatMap(([k, v]) => pathsOf(v, [...at, k]))];
}

function applyAt(body: unknown, path: (string | number)[], m: { kind: string; value: unknown }): unknown {
  const copy = structuredClone(body);
  if (path.length === 0) {
    if (m.kind === "oversized") return Array.from({ length: m.value as number }, () => copy);
    if (m.kind !== "extra_field" || copy === null || typeof copy !== "object") return m.kind === "missing_field" ? undefined : m.value;
    const [k, v] = m.value as [string, unknown];
    setOwn(copy as Record<string, unknown>, k, v);
    return copy;
  }
  const parent = path.slice(0, -1).reduce<any>((node, k) => node[k], copy);
  const key = path.at(-1)!;
  if (m.kind === "missing_field") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.kind === "extra_field") {
    const [k, v] = m.value as [string, unknown];
    const node = parent[key];
    if (node !== null && typeof node === "object" && !Array.isArray(node)) setOwn(node, k, v);
    else setOwn(parent, k, v);
  } else if (m.kind === "oversized") {
    const node = parent[key];
    setOwn(parent, String(key), Array.from({ length: m.value as number }, () => (Array.isArray(node) ? node[0] ?? {} : node)));
  } else {
    setOwn(parent, String(key), m.value);
  }
  return copy;
}

/** A valid body with exactly one node broken. */
export function almostValid(valid: fc.Arbitrary<unknown>, foreign: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  return fc.tuple(valid, fc.nat(), mutations(foreign)).map(([body, i, m]) => {
    const paths = pathsOf(body);
    return applyAt(body, paths[i % paths.length]!, m);
  });
}

/** Text that is not (quite) JSON. */
export const malformedJson = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom("", " ", "{", "}", "[", '{"a":}', "{'a':1}", '{"a":1,}', "\uFEFF{}", "NaN", "undefined", '{"a":1}{"b":2}', "\u0000", "nul", '"open', '{"a":"\\x41"}', '{"a":"\\ud800"}', '{"a":1e999999}', "[".repeat(70) + "]".repeat(70), '{"a":'.repeat(70) + "1" + "}".repeat(70)),
    fc.tuple(valid, fc.nat()).map(([v, n]) => {
      const text = toJsonText(v);
      return text.slice(0, n % Math.max(text.length, 1));
    }),
    fc.string({ unit: "binary", maxLength: 200 }),
  );

/** The bytes of a body that is neither UTF-8 text nor JSON. */
export const binaryBody = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  // JSON in UTF-16 with a byte order mark: valid JSON, in an encoding JSON over HTTP never uses.
  fc.constant(new Uint8Array([0xff, 0xfe, ...[..."{}"].flatMap((ch) => [ch.charCodeAt(0), 0])])),
);
