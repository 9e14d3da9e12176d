/**
 * A committee action's payload in the open: the signed arguments of the contract function,
 * decoded, as JSON (every integer a decimal string, named as in the ABI), and back.
 *
 * The API answers with this form; the web client shows it field by field and rebuilds the
 * EIP-712 message from exactly what it shows (payload → ABI values → payload hash → digest), so
 * a member signs what they read, never a hash they must take on trust. One module for both
 * sides, walking the contract's own ABI, so the encoding cannot drift between them.
 */
import { getAbiItem, hashTypedData, type AbiParameter, type Address, type Hex, type TypedDataDefinition } from "viem";
import { committeeActionTarget, committeePayloadHash } from "./payloads";
import { textHashOf } from "./textHash";
import { CommitteeKind, committeeActionTypes, custodianActionTypes, registryDomain, signerOfKind, supervisorActionTypes } from "./typedData";

/** A decoded ABI value as JSON: integers as decimal strings, bytes and addresses as hex. */
export type AbiJson = string | boolean | AbiJson[] | { [name: string]: AbiJson };

/** The payload of one committee action: the contract function and its signed arguments by name. */
export interface ActionPayloadJson {
  fn: string;
  args: { [name: string]: AbiJson };
}

/** The payload does not fit the function it names (a field missing, extra, or of the wrong type). */
export class PayloadShapeError extends Error {
  readonly path: string;
  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = "PayloadShapeError";
    this.path = path;
  }
}

type TupleParameter = AbiParameter & { components?: readonly AbiParameter[] };

/** The ABI parameters whose encoding forms the payload of `kind`, in the function's order. */
export function signedParameters(kind: CommitteeKind): readonly TupleParameter[] {
  const target = committeeActionTarget(kind);
  const item = getAbiItem({ abi: target.abi as readonly unknown[] as typeof target.abi, name: target.fn } as never) as
    | { inputs: readonly TupleParameter[] }
    | undefined;
  if (!item) throw new Error(`ABI has no function ${target.fn}`);
  return target.args.map((n) => {
    const p = item.inputs.find((i) => i.name === n);
    if (!p) throw new Error(`${target.fn} has no input ${n}`);
    return p;
  });
}

/** Every committee action kind, with its contract function name. */
export function committeeKinds(): { kind: CommitteeKind; fn: string }[] {
  return Object.values(CommitteeKind).map((kind) => ({ kind, fn: committeeActionTarget(kind).fn }));
}

const INT = /^u?int(\d*)$/;
const BYTES_N = /^bytes(\d+)$/;

function toJson(value: unknown, p: TupleParameter, path: string): AbiJson {
  const array = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (array) {
    if (!Array.isArray(value)) throw new PayloadShapeError(path, "expected a list");
    const inner = { ...p, type: array[1]! };
    return value.map((v, i) => toJson(v, inner, `${path}[${i}]`));
  }
  if (p.type === "tuple") {
    if (!value || typeof value !== "object") throw new PayloadShapeError(path, "expected a record");
    const o = value as Record<string, unknown>;
    const out: { [name: string]: AbiJson } = {};
    for (const c of p.components ?? []) out[c.name ?? ""] = toJson(o[c.name ?? ""], c, `${path}.${c.name}`);
    return out;
  }
  if (INT.test(p.type)) {
    if (typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value))) return value.toString();
    throw new PayloadShapeError(path, "expected an integer");
  }
  if (p.type === "bool") {
    if (typeof value !== "boolean") throw new PayloadShapeError(path, "expected true or false");
    return value;
  }
  if (typeof value !== "string") throw new PayloadShapeError(path, `expected ${p.type}`);
  return p.type === "address" || p.type.startsWith("bytes") ? value.toLowerCase() : value;
}

function fromJson(value: AbiJson | undefined, p: TupleParameter, path: string): unknown {
  const array = /^(.*)\[(\d*)\]$/.exec(p.type);
  if (array) {
    if (!Array.isArray(value)) throw new PayloadShapeError(path, "expected a list");
    if (array[2] !== "" && value.length !== Number(array[2])) throw new PayloadShapeError(path, `expected ${array[2]} items`);
    const inner = { ...p, type: array[1]! };
    return value.map((v, i) => fromJson(v, inner, `${path}[${i}]`));
  }
  if (p.type === "tuple") {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new PayloadShapeError(path, "expected a record");
    const components = p.components ?? [];
    const extra = Object.keys(value).filter((k) => !components.some((c) => c.name === k));
    if (extra.length > 0) throw new PayloadShapeError(path, `unexpected field ${extra[0]}`);
    const out: Record<string, unknown> = {};
    for (const c of components) out[c.name ?? ""] = fromJson(value[c.name ?? ""], c, `${path}.${c.name}`);
    return out;
  }
  const int = INT.exec(p.type);
  if (int) {
    if (typeof value !== "string" || !/^(0|-?[1-9][0-9]*)$/.test(value)) throw new PayloadShapeError(path, "expected an integer as a decimal string");
    const bits = Number(int[1] || "256");
    const n = BigInt(value);
    const signed = p.type.startsWith("int");
    const [min, max] = signed ? [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n] : [0n, (1n << BigInt(bits)) - 1n];
    if (n < min || n > max) throw new PayloadShapeError(path, `out of range for ${p.type}`);
    // viem's types: integers of up to 48 bits are numbers, wider ones bigints
    return bits <= 48 ? Number(n) : n;
  }
  if (p.type === "bool") {
    if (typeof value !== "boolean") throw new PayloadShapeError(path, "expected true or false");
    return value;
  }
  if (typeof value !== "string") throw new PayloadShapeError(path, `expected ${p.type}`);
  if (p.type === "address" && !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new PayloadShapeError(path, "expected an address");
  const bytesN = BYTES_N.exec(p.type);
  if (bytesN && !new RegExp(`^0x[0-9a-fA-F]{${Number(bytesN[1]) * 2}}$`).test(value)) throw new PayloadShapeError(path, `expected ${p.type}`);
  if (p.type === "bytes" && !/^0x(?:[0-9a-fA-F]{2})*$/.test(value)) throw new PayloadShapeError(path, "expected hex bytes");
  return value;
}

/** The payload as JSON, from the signed argument values (in the function's order). */
export function payloadToJson(kind: CommitteeKind, signedValues: readonly unknown[]): ActionPayloadJson {
  const params = signedParameters(kind);
  if (signedValues.length !== params.length) throw new PayloadShapeError(committeeActionTarget(kind).fn, `expected ${params.length} arguments`);
  const args: { [name: string]: AbiJson } = {};
  params.forEach((p, i) => (args[p.name ?? ""] = toJson(signedValues[i], p, p.name ?? "")));
  return { fn: committeeActionTarget(kind).fn, args };
}

/** The signed argument values (in the function's order) from the payload as JSON; throws PayloadShapeError. */
export function payloadFromJson(kind: CommitteeKind, payload: ActionPayloadJson): unknown[] {
  const target = committeeActionTarget(kind);
  if (payload.fn !== target.fn) throw new PayloadShapeError("fn", `expected ${target.fn} for kind ${kind}`);
  const params = signedParameters(kind);
  const extra = Object.keys(payload.args).filter((k) => !params.some((p) => p.name === k));
  if (extra.length > 0) throw new PayloadShapeError("args", `unexpected argument ${extra[0]}`);
  return params.map((p) => fromJson(payload.args[p.name ?? ""], p, p.name ?? ""));
}


/**
 * The hash in a payload that stands for a text kept off chain, which the member must read before
 * signing: a proposal's full text (`input.textHash`), the committee's answer to an objection
 * (`answerHash`); undefined for an action that signs no such text. Both are keccak256 of UTF-8.
 */
export function signedTextHash(kind: number, payload: ActionPayloadJson): string | undefined {
  if (kind === CommitteeKind.PublishProposal) {
    const input = payload.args.input;
    const hash = input && typeof input === "object" && !Array.isArray(input) ? input.textHash : undefined;
    return typeof hash === "string" ? hash : "";
  }
  if (kind === CommitteeKind.AnswerObjection) {
    const hash = payload.args.answerHash;
    return typeof hash === "string" ? hash : "";
  }
  return undefined;
}

/** What a member is asked to sign, as the API sends it beside the decoded payload. */
export interface ActionToSign {
  chainId: number;
  registry: Address;
  communityId: bigint;
  kind: number;
  salt: Hex;
  deadline: bigint;
  /** null: the server could not decode its stored payload */
  payload: ActionPayloadJson | null;
  /** The text the payload's hash stands for (see signedTextHash): a proposal's, an answer's. */
  signedText: string | null;
}

export type ActionCheck =
  | { ok: true; values: unknown[]; typedData: SignedTypedData; digest: Hex }
  | { ok: false; problem: "unknown-kind" | "bad-payload" | "text-mismatch" | "digest-mismatch"; detail: string };

/**
 * The EIP-712 typed data an action's signers sign: the committee's CommitteeAction, or for the
 * movements of real money the custodian confirms, the custodian's CustodianAction (same fields).
 */
export function actionTypedDataOf(a: Omit<ActionToSign, "payload" | "signedText">, payloadHash: Hex): SignedTypedData {
  const message = { communityId: a.communityId, kind: a.kind, payloadHash, salt: a.salt, deadline: a.deadline };
  const domain = registryDomain(a.chainId, a.registry);
  return signerOfKind(a.kind) === "custodian"
    ? { domain, types: custodianActionTypes, primaryType: "CustodianAction", message }
    : { domain, types: committeeActionTypes, primaryType: "CommitteeAction", message };
}

/** EIP-712 typed data of any of the ledger's actions, as viem signs, hashes and recovers it. */
export type SignedTypedData = TypedDataDefinition;

/** What the supervisor signs beside the committee for an action that needs both (an emergency plan). */
export function supervisorTypedData(a: Omit<ActionToSign, "payload" | "signedText">, payloadHash: Hex): SignedTypedData {
  return {
    domain: registryDomain(a.chainId, a.registry),
    types: supervisorActionTypes,
    primaryType: "SupervisorAction",
    message: { kind: a.kind, payloadHash, salt: a.salt, deadline: a.deadline },
  };
}

const isKind = (k: number): k is CommitteeKind => (Object.values(CommitteeKind) as number[]).includes(k);

/**
 * Rebuilds the EIP-712 typed data of an action from its decoded payload, and checks it against
 * the digest the server says is to be signed: equal only if what is shown is what is signed.
 * A text the payload stands for (a proposal's, an answer's) must hash to the payload's hash.
 */
export function checkActionToSign(a: ActionToSign, serverDigest: Hex, as: "signer" | "supervisor" = "signer"): ActionCheck {
  if (!isKind(a.kind)) return { ok: false, problem: "unknown-kind", detail: String(a.kind) };
  if (a.payload === null) return { ok: false, problem: "bad-payload", detail: "the server could not decode the stored payload" };
  let values: unknown[];
  try {
    values = payloadFromJson(a.kind, a.payload);
  } catch (err) {
    return { ok: false, problem: "bad-payload", detail: err instanceof Error ? err.message : String(err) };
  }
  const textHash = signedTextHash(a.kind, a.payload);
  if (textHash !== undefined && (a.signedText === null || textHash.toLowerCase() !== textHashOf(a.signedText))) {
    return { ok: false, problem: "text-mismatch", detail: "the text shown does not hash to the payload's hash" };
  }
  const payloadHash = committeePayloadHash(a.kind, values);
  const typedData = as === "supervisor" ? supervisorTypedData(a, payloadHash) : actionTypedDataOf(a, payloadHash);
  const digest = hashTypedData(typedData);
  if (digest.toLowerCase() !== serverDigest.toLowerCase()) {
    return { ok: false, problem: "digest-mismatch", detail: `${digest} ≠ ${serverDigest}` };
  }
  return { ok: true, values, typedData, digest };
}
