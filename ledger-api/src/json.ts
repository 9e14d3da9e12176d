/** JSON helpers: bigints travel as decimal strings, and come back through a tagged form in storage. */

/** The JSON form of T as toJsonSafe makes it: every bigint a decimal string, arrays plain. */
export type JsonSafe<T> = T extends bigint
  ? string
  : T extends readonly (infer E)[]
    ? JsonSafe<E>[]
    : T extends object
      ? { -readonly [K in keyof T]: JsonSafe<T[K]> }
      : T;

/** toJsonSafe with the type of what it gives (for an answer whose schema the route declares). */
export function jsonSafe<T>(value: T): JsonSafe<T> {
  return toJsonSafe(value) as JsonSafe<T>;
}

export function toJsonSafe(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}

/** Encodes bigints as {"$n": "…"} so that stored action arguments round-trip exactly. */
export function encodeTagged(value: unknown): unknown {
  if (typeof value === "bigint") return { $n: value.toString() };
  if (Array.isArray(value)) return value.map(encodeTagged);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeTagged(v);
    return out;
  }
  return value;
}

export function decodeTagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeTagged);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.$n === "string" && Object.keys(o).length === 1) return BigInt(o.$n);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = decodeTagged(v);
    return out;
  }
  return value;
}
