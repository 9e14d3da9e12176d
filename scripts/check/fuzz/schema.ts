/**
 * Values from the JSON Schemas of an OpenAPI 3.1 document (the subset zod-openapi writes):
 * one that should validate, and hostile variants of it (a field missing, one more field, a
 * value of the wrong type, numbers and strings on and past their bounds).
 */
import type { Rng } from "./rng";

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  example?: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Candidate values by field name (real ids and addresses), so some requests reach deep checks. */
export type Hints = Record<string, readonly Json[]>;

export class SchemaValues {
  constructor(
    private readonly components: Record<string, JsonSchema>,
    private readonly rng: Rng,
    private readonly hints: Hints = {},
  ) {}

  resolve(s: JsonSchema): JsonSchema {
    let cur = s;
    for (let i = 0; cur.$ref && i < 10; i++) {
      const name = cur.$ref.replace("#/components/schemas/", "");
      const next = this.components[name];
      if (!next) throw new Error(`unknown schema ${cur.$ref}`);
      cur = next;
    }
    return cur;
  }

  /** A value the schema should accept (as far as patterns allow), preferring hinted values. */
  valid(schema: JsonSchema, name = "", depth = 0): Json {
    const s = this.resolve(schema);
    const hint = this.hints[name];
    if (hint && hint.length > 0 && this.rng.chance(0.7)) return this.rng.pick(hint);
    if (s.allOf) {
      const parts = s.allOf.map((p) => this.valid(p, name, depth));
      return Object.assign({}, ...parts.filter((p) => p && typeof p === "object" && !Array.isArray(p))) as Json;
    }
    if (s.oneOf || s.anyOf) return this.valid(this.rng.pick((s.oneOf ?? s.anyOf)!), name, depth);
    if (s.enum) return this.rng.pick(s.enum) as Json;
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") ?? "null" : s.type;
    switch (type) {
      case "object": {
        const out: Record<string, Json> = {};
        for (const [k, v] of Object.entries(s.properties ?? {})) {
          if ((s.required ?? []).includes(k) || this.rng.chance(0.5)) out[k] = this.valid(v, k, depth + 1);
        }
        return out;
      }
      case "array": {
        const min = s.minItems ?? 0;
        const max = Math.min(s.maxItems ?? 4, min + 3);
        return Array.from({ length: this.rng.int(min, Math.max(min, max)) }, () => this.valid(s.items ?? {}, `${name}[]`, depth + 1));
      }
      case "integer":
      case "number": {
        const min = s.minimum ?? 0;
        const max = Math.min(s.maximum ?? 1000, min + 1000);
        return this.rng.int(min, max);
      }
      case "boolean":
        return this.rng.chance(0.5);
      case "string":
        return this.validString(s);
      case "null":
        return null;
      default:
        return this.rng.chance(0.5) ? "x" : 1;
    }
  }

  private validString(s: JsonSchema): string {
    if (s.format === "uuid") return uuid(this.rng);
    const p = s.pattern ?? "";
    const fixedHex = /0x\[0-9a-fA-F\]\{(\d+)\}/.exec(p);
    if (fixedHex) return `0x${this.rng.hex(Number(fixedHex[1]))}`;
    if (p.includes("0x(?:[0-9a-fA-F]{2})+")) return `0x${this.rng.hex(128)}${this.rng.pick(["1b", "1c", "00", "01"])}`;
    if (p.includes("[1-9][0-9]")) return String(this.rng.pick([0, 1, 2, 3, 7, 99, 1_700_000_000, 4_102_444_800]));
    const min = s.minLength ?? 1;
    const max = Math.min(s.maxLength ?? 12, min + 12);
    return "文字ab".repeat(max).slice(0, this.rng.int(min, Math.max(min, max)));
  }

  /** Hostile variants of a valid value, for one field chosen at random somewhere in it. */
  mutate(schema: JsonSchema, value: Json): { kind: string; value: Json } {
    const s = this.resolve(schema);
    const paths = objectPaths(value);
    const kind = this.rng.pick(["missing-field", "extra-field", "wrong-type", "boundary", "boundary", "wrong-type"] as const);
    if (paths.length === 0) return { kind: "wrong-type", value: this.wrongType(value) };
    const path = this.rng.pick(paths);
    const copy = structuredClone(value);
    const { parent, key } = locate(copy, path);
    const fieldSchema = this.schemaAt(s, path);
    switch (kind) {
      case "missing-field":
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        return { kind, value: copy };
      case "extra-field":
        if (!Array.isArray(parent)) parent[this.rng.pick(["extra", "__proto__", "constructor", "toString", "$where"])] = this.rng.pick([1, "x", null, {}, []]);
        else parent.push(this.rng.pick([1, "x", null, {}]));
        return { kind, value: copy };
      case "wrong-type":
        setAt(parent, key, this.wrongType(getAt(parent, key)));
        return { kind, value: copy };
      case "boundary":
        setAt(parent, key, this.boundary(fieldSchema, getAt(parent, key)));
        return { kind, value: copy };
    }
  }

  private wrongType(v: Json | undefined): Json {
    const options: Json[] = [null, true, 0, -1, 1.5, "", "0", "null", [], {}, [1, 2], { a: 1 }, "x".repeat(1000)];
    const others = options.filter((o) => typeof o !== typeof v || Array.isArray(o) !== Array.isArray(v));
    return this.rng.pick(others.length > 0 ? others : options);
  }

  private boundary(s: JsonSchema | undefined, v: Json | undefined): Json {
    const numbers = [-1, -0, 0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, 0.5, 1e-7];
    const strings = [
      "",
      " ",
      "0",
      "-1",
      "00",
      "1e3",
      "0x",
      `0x${"f".repeat(64)}`,
      "9".repeat(78),
      "9".repeat(79),
      String(2n ** 64n),
      String(2n ** 63n),
      String(2n ** 256n),
      "\u0000",
      "\ud800",
      "<script>alert(1)</script>",
      "' OR 1=1 --",
      "文".repeat(20_001),
      "x".repeat(100_001),
    ];
    if (typeof v === "number" || (s && (s.type === "integer" || s.type === "number"))) {
      const bounds: number[] = [];
      if (s?.minimum !== undefined) bounds.push(s.minimum, s.minimum - 1);
      if (s?.maximum !== undefined) bounds.push(s.maximum, s.maximum + 1);
      return this.rng.pick([...bounds, ...bounds, ...numbers]);
    }
    if (typeof v === "string") {
      const lengths: string[] = [];
      if (s?.maxLength !== undefined) lengths.push("a".repeat(s.maxLength), "a".repeat(s.maxLength + 1));
      if (s?.minLength !== undefined && s.minLength > 0) lengths.push("a".repeat(s.minLength - 1));
      return this.rng.pick([...lengths, ...lengths, ...strings]);
    }
    if (Array.isArray(v)) {
      const item = v[0] ?? 1;
      const n = this.rng.pick([0, (s?.maxItems ?? 16) + 1, s?.minItems !== undefined ? Math.max(0, s.minItems - 1) : 0, 5001]);
      return Array.from({ length: n }, () => item);
    }
    return this.rng.pick(numbers);
  }

  private schemaAt(s: JsonSchema, path: readonly (string | number)[]): JsonSchema | undefined {
    let cur: JsonSchema | undefined = s;
    for (const p of path) {
      if (!cur) return undefined;
      cur = this.resolve(cur);
      if (cur.allOf || cur.oneOf || cur.anyOf) {
        const options: JsonSchema[] = (cur.allOf ?? cur.oneOf ?? cur.anyOf)!.map((x) => this.resolve(x));
        cur = options.find((o) => typeof p === "string" && o.properties?.[p]) ?? options[0];
        if (!cur) return undefined;
      }
      cur = typeof p === "number" ? cur.items : cur.properties?.[p];
    }
    return cur ? this.resolve(cur) : undefined;
  }
}

export function uuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Container = Json[] | { [k: string]: Json };

function objectPaths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => (out.push([...prefix, i]), objectPaths(x, [...prefix, i], out)));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push([...prefix, k]), objectPaths(x, [...prefix, k], out);
  return out;
}

function locate(root: Json, path: readonly (string | number)[]): { parent: Container & Record<string, Json>; key: string } {
  let cur = root as Container;
  for (const p of path.slice(0, -1)) cur = (cur as Record<string, Json>)[p] as Container;
  return { parent: cur as Container & Record<string, Json>, key: String(path[path.length - 1]) };
}

function getAt(parent: Record<string, Json>, key: string): Json | undefined {
  return parent[key];
}

function setAt(parent: Record<string, Json>, key: string, value: Json): void {
  parent[key] = value;
}
