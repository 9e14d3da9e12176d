/**
 * Typed data that arrives as JSON (uints as decimal strings) → the shape viem signs (uints as
 * bigint), walking the declared types so nested structs and arrays are converted too.
 */
import type { TypedDataDefinition } from "viem";

type Fields = readonly { name: string; type: string }[];

/** EIP-712 typed data as JSON: what the API sends to sign (its CommitteeTypedData, SupervisorTypedData) or any other. */
export interface TypedDataJson {
  domain: Record<string, unknown>;
  types: Record<string, Fields>;
  primaryType: string;
  message: Record<string, unknown>;
}

function convert(value: unknown, type: string, types: Record<string, Fields>): unknown {
  if (type.endsWith("]")) {
    const inner = type.slice(0, type.lastIndexOf("["));
    return (value as unknown[]).map((v) => convert(v, inner, types));
  }
  const struct = types[type];
  if (struct) return convertStruct(value as Record<string, unknown>, struct, types);
  if (/^u?int\d*$/.test(type)) {
    if (typeof value === "bigint") return value;
    if (typeof value === "number" || typeof value === "string") return BigInt(value);
  }
  return value;
}

function convertStruct(value: Record<string, unknown>, fields: Fields, types: Record<string, Fields>) {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f.name] = convert(value[f.name], f.type, types);
  return out;
}

export function typedDataFromJson(td: TypedDataJson): TypedDataDefinition {
  const types = Object.fromEntries(Object.entries(td.types).filter(([name]) => name !== "EIP712Domain"));
  const primary = types[td.primaryType];
  if (!primary) throw new Error(`typed data has no type ${td.primaryType}`);
  const domain = { ...td.domain } as Record<string, unknown>;
  if (typeof domain.chainId === "string") domain.chainId = Number(domain.chainId);
  return {
    domain,
    types,
    primaryType: td.primaryType,
    message: convertStruct(td.message, primary, types),
  } as unknown as TypedDataDefinition;
}
