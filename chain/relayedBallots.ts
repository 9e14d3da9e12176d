/**
 * The arguments of the contract's ballot functions, built from signed ballots and the roll:
 * `castBallots` (each ballot with its own proof) and `castBallotsWithMultiproof` (a batch
 * proven by one multiproof, ballots in the multiproof's leaf order).
 */
import { parseSignature, type Address, type Hex } from "viem";
import { multiProofFor, proofFor, type ElectorateRoll, type RollLeaf } from "../domain/electorate";
import { packBallot } from "./payloads";

export interface SignedBallotInput {
  entryId: number;
  voter: Address;
  choice: number;
  nonce: number;
  deadline: bigint;
  /** 65-byte signature (r, s, v) over the Ballot typed data. */
  signature: Hex;
}

export interface RelayedBallotArg {
  packed: bigint;
  voter: Address;
  r: Hex;
  vs: Hex;
}

/** A multiproof's flags as the contract takes them: flag i is bit i % 256 of word i / 256. */
export function packProofFlags(flags: readonly boolean[]): bigint[] {
  const words = new Array<bigint>(Math.ceil(flags.length / 256)).fill(0n);
  flags.forEach((f, i) => {
    if (f) words[i >> 8] = words[i >> 8]! | (1n << BigInt(i & 255));
  });
  return words;
}

/** EIP-2098 compact form (r, yParity·2²⁵⁵ | s) of a 65-byte signature. */
export function compactSignature(signature: Hex): { r: Hex; vs: Hex } {
  const { r, s, yParity } = parseSignature(signature);
  return { r, vs: `0x${((BigInt(yParity ?? 0) << 255n) | BigInt(s)).toString(16).padStart(64, "0")}` as Hex };
}

function relayed(b: SignedBallotInput, leaf: RollLeaf): RelayedBallotArg {
  return {
    packed: packBallot({ entryId: b.entryId, choice: b.choice, nonce: b.nonce, deadline: b.deadline, headcount: leaf.headcount, areaCm2: leaf.areaCm2 }),
    voter: b.voter,
    ...compactSignature(b.signature),
  };
}

/** One ballot with its own roll proof (castBallot / castBallots); null when the roll has no such leaf. */
export function signedBallotArg(roll: ElectorateRoll, b: SignedBallotInput): (RelayedBallotArg & { proof: Hex[] }) | null {
  const p = proofFor(roll, b.entryId, b.voter);
  return p ? { ...relayed(b, p.leaf), proof: p.proof } : null;
}

/**
 * The arguments of castBallotsWithMultiproof for ballots of distinct leaves, the ballots in the
 * multiproof's order. Null when a ballot has no leaf or two share one.
 */
export function multiproofBatchArgs(roll: ElectorateRoll, ballots: readonly SignedBallotInput[]) {
  const mp = multiProofFor(roll, ballots);
  if (!mp) return null;
  return {
    ballots: mp.itemIndex.map((i, k) => relayed(ballots[i]!, mp.leaves[k]!)),
    proof: mp.proof,
    proofFlagBits: packProofFlags(mp.proofFlags),
  };
}
