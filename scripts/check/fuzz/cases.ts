/**
 * Requests generated from the app's own OpenAPI document: for every operation, its path and
 * query parameters filled (real ids from the hints, or hostile ones) and, for a route with a
 * body, a body that is valid, mutated, malformed, oversized, of the wrong JSON type or
 * missing, under the right, a wrong or no content type.
 */
import { Rng } from "./rng";
import { SchemaValues, uuid, type Hints, type Json, type JsonSchema } from "./schema";

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body: JsonSchema | null;
  bodyRequired: boolean;
}

export interface FuzzRequest {
  /** What the request tries (a verdict row). */
  kind: string;
  method: string;
  /** Path and query. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The operation it was generated from, "METHOD /path/{template}". */
  operation: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      out.push({
        method: method.toUpperCase(),
        path: p,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
        bodyRequired: op.requestBody?.required === true,
      });
    }
  }
  return out;
}

const HOSTILE_SEGMENTS = [
  "0",
  "-1",
  "1.5",
  "abc",
  "9".repeat(80),
  String(2n ** 63n),
  String(2n ** 64n),
  "%00",
  "%2F..%2F",
  "..",
  "%E4%B8%AD",
  "%ZZ",
  "null",
  "undefined",
  "0x" + "0".repeat(40),
  "1;DROP TABLE x",
  "a".repeat(2000),
];

const MALFORMED_JSON = [
  "{",
  "}",
  "[",
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  "NaN",
  "Infinity",
  "undefined",
  '{"a":1}garbage',
  "\ufeff{}",
  '{"a":"\\x00"}',
  '{"a":"\\ud800"}',
  "\u0000",
  "0x10",
  "01",
  "1e99999",
  '"unterminated',
  "[1,2,",
  "tru",
];

const JSON_NON_OBJECTS = ["null", "[]", "[{}]", '"text"', "0", "-1", "true", "false", "1e308", "{}", `${"[".repeat(5000)}${"]".repeat(5000)}`, `${'{"a":'.repeat(3000)}1${"}".repeat(3000)}`];

const WRONG_CONTENT_TYPES = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/jsonx",
  "json",
  "*/*",
  ";;;",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
];

export class RequestGenerator {
  private readonly rng: Rng;
  private readonly values: SchemaValues;
  private readonly operations: Operation[];

  constructor(
    doc: OpenApiDocument,
    seed: number,
    private readonly hints: Hints = {},
    private readonly maxBodyBytes = 256 * 1024,
  ) {
    this.rng = new Rng(seed);
    this.values = new SchemaValues(doc.components?.schemas ?? {}, this.rng, hints);
    this.operations = operationsOf(doc).filter((o) => o.path.startsWith("/api/") || o.path === "/healthz");
    if (this.operations.length === 0) throw new Error("the OpenAPI document has no operations");
  }

  get operationList(): readonly Operation[] {
    return this.operations;
  }

  next(): FuzzRequest {
    const op = this.rng.pick(this.operations);
    return op.body ? this.withBody(op) : this.withoutBody(op);
  }

  private target(op: Operation, hostileParams: boolean): string {
    let p = op.path;
    for (const param of op.parameters.filter((x) => x.in === "path")) {
      const v = hostileParams && this.rng.chance(0.5) ? this.rng.pick(HOSTILE_SEGMENTS) : this.paramValue(param);
      p = p.replace(`{${param.name}}`, v);
    }
    const query = op.parameters
      .filter((x) => x.in === "query")
      .filter(() => this.rng.chance(0.6))
      .map((q) => `${encodeURIComponent(q.name)}=${hostileParams && this.rng.chance(0.5) ? this.rng.pick(HOSTILE_SEGMENTS) : this.paramValue(q)}`);
    if (hostileParams && this.rng.chance(0.1)) query.push(`${this.rng.pick(["x", "offset", "limit"])}=${this.rng.pick(HOSTILE_SEGMENTS)}`);
    return escapeTarget(query.length > 0 ? `${p}?${query.join("&")}` : p);
  }

  private paramValue(param: OpenApiParameter): string {
    const schema = param.schema ?? {};
    if (schema.format === "uuid") return this.rng.chance(0.3) && this.hints.actionId?.length ? String(this.rng.pick(this.hints.actionId)) : uuid(this.rng);
    const hinted = this.hints[param.name];
    if (hinted && hinted.length > 0 && this.rng.chance(0.7)) return encodeURIComponent(String(this.rng.pick(hinted)));
    return encodeURIComponent(String(this.values.valid(schema, param.name)));
  }

  private withoutBody(op: Operation): FuzzRequest {
    const hostile = this.rng.chance(0.6);
    const req: FuzzRequest = {
      kind: hostile ? "hostile parameters" : "valid parameters",
      method: op.method,
      target: this.target(op, hostile),
      headers: {},
      operation: `${op.method} ${op.path}`,
    };
    if (op.method !== "GET" && this.rng.chance(0.3)) {
      // A body where none is expected.
      req.kind = "unexpected body";
      req.headers["content-type"] = this.rng.pick(["application/json", "text/plain"]);
      req.body = Buffer.from(this.rng.pick(['{"a":1}', "{", "x".repeat(1000)]));
    }
    return req;
  }

  private withBody(op: Operation): FuzzRequest {
    const schema = op.body!;
    const operation = `${op.method} ${op.path}`;
    const json = { "content-type": "application/json" };
    const target = this.target(op, this.rng.chance(0.15));
    const valid = () => this.values.valid(schema);
    const r = this.rng.next();
    const make = (kind: string, body: string | Buffer | undefined, headers: Record<string, string> = json): FuzzRequest => ({
      kind,
      method: op.method,
      target,
      headers,
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body),
      operation,
    });
    if (r < 0.2) return make("valid-looking body", JSON.stringify(valid()));
    if (r < 0.45) {
      const m = this.values.mutate(schema, valid());
      return make(m.kind, JSON.stringify(m.value));
    }
    if (r < 0.55) {
      const text = JSON.stringify(valid());
      return make("malformed JSON", this.rng.chance(0.5) ? this.rng.pick(MALFORMED_JSON) : text.slice(0, this.rng.int(0, Math.max(0, text.length - 1))));
    }
    if (r < 0.63) return make("JSON of another type", this.rng.pick(JSON_NON_OBJECTS));
    if (r < 0.7) {
      const headers = this.rng.pick<Record<string, string>>([{}, json, { "content-type": "" }]);
      return make("no body", undefined, headers);
    }
    if (r < 0.8) {
      const body = this.rng.chance(0.5) ? JSON.stringify(valid()) : "a=1&b=2";
      const headers: Record<string, string> = this.rng.chance(0.25) ? {} : { "content-type": this.rng.pick(WRONG_CONTENT_TYPES) };
      return make("odd, wrong or no content type", body, headers);
    }
    if (r < 0.85) {
      const pad = this.rng.pick([this.maxBodyBytes + 1, this.maxBodyBytes * 2, this.maxBodyBytes - 20]);
      return make("oversized body", JSON.stringify({ ...(valid() as object), pad: "x".repeat(pad) }));
    }
    if (r < 0.92) return make("random bytes", Buffer.from(Array.from({ length: this.rng.int(1, 2000) }, () => this.rng.int(0, 255))));
    const v = valid();
    return make("deep or wide value", JSON.stringify(this.rng.chance(0.5) ? { ...(v as object), deep: nest(this.rng.int(100, 3000)) } : wide(v, this.rng.int(100, 5000))));
  }
}

/** Percent-encodes what may not appear raw in a request target (spaces, non-ASCII), keeping "%". */
function escapeTarget(t: string): string {
  return t.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

function nest(depth: number): Json {
  let v: Json = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

function wide(v: Json, n: number): Json {
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const out: Record<string, Json> = { ...v };
    for (let i = 0; i < n; i++) out[`k${i}`] = i;
    return out;
  }
  return Array.from({ length: n }, () => v);
}
