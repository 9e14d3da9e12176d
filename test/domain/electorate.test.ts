import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { describe, expect, it } from "vitest";
import {
  ROLL_LEAF_TYPES,
  UnitKind,
  ZERO_ADDRESS,
  buildRoll,
  entriesOfVoter,
  hasLeaf,
  leafHash,
  multiProofFor,
  proofFor,
  rollFromEntries,
  verifyRollProof,
  type Address,
  type Hex,
  type RollBinding,
  type RollInput,
  type RollLeafValue,
  type RollUnit,
} from "../../domain/electorate";
import { DomainError } from "../../domain/errors";

const addr = (n: number): Address => `0x${n.toString(16).padStart(40, "0")}`;
const mixed = (a: Address): Address => `0x${a.slice(2).toUpperCase()}`;
const id = (n: number): Hex => `0x${n.toString(16).padStart(64, "0")}`;

// Person A (identity 1) holds flat 1, shop 5 and stall 8.
// B + C (identities 2, 3) co-own unit 2. Units 3 and 7 are the developer's. Unit 4 has no
// bound owner. D (identity 4) holds parking space 6.
const A = addr(0xa1), B = addr(0xb2), C = addr(0xc3), D = addr(0xd4), DEV = addr(0xde);
const units: RollUnit[] = [
  { unitId: 1, buildingId: 1, areaCm2: 9000n, kind: UnitKind.Residential, developerHeld: false },
  { unitId: 2, buildingId: 1, areaCm2: 10000n, kind: UnitKind.Residential, developerHeld: false },
  { unitId: 3, buildingId: 1, areaCm2: 11000n, kind: UnitKind.Residential, developerHeld: true },
  { unitId: 4, buildingId: 2, areaCm2: 12000n, kind: UnitKind.Residential, developerHeld: false },
  { unitId: 5, buildingId: 2, areaCm2: 13000n, kind: UnitKind.Commercial, developerHeld: false },
  { unitId: 6, buildingId: 2, areaCm2: 1300n, kind: UnitKind.Parking, developerHeld: false },
  { unitId: 7, buildingId: 2, areaCm2: 8000n, kind: UnitKind.Residential, developerHeld: true },
  { unitId: 8, buildingId: 2, areaCm2: 500n, kind: UnitKind.Stall, developerHeld: false },
];
const bindings: RollBinding[] = [
  { unitId: 1, owner: A, identityHash: id(1) },
  { unitId: 5, owner: A, identityHash: id(1) },
  { unitId: 8, owner: A, identityHash: id(1) },
  { unitId: 2, owner: C, identityHash: id(3) },
  { unitId: 2, owner: mixed(B), identityHash: id(2) },
  { unitId: 3, owner: DEV, identityHash: id(0xde) },
  { unitId: 7, owner: DEV, identityHash: id(0xde) },
  { unitId: 6, owner: D, identityHash: id(4) },
];
const whole = (over: Partial<RollInput> = {}): RollInput => ({
  units,
  bindings,
  settings: { excludeParkingArea: false },
  scope: { kind: 0, ids: [] },
  developer: DEV,
  ...over,
});

describe("buildRoll: entries (司法解释 art. 8, 9)", () => {
  const roll = buildRoll(whole());

  it("groups one buyer's units, co-owners, the developer and unbound units", () => {
    expect(roll.entries.map((e) => ({ entryId: e.entryId, unitIds: e.unitIds, areaCm2: e.areaCm2, voters: e.voters, headcount: e.headcount }))).toEqual([
      { entryId: 0, unitIds: [1, 5, 8], areaCm2: 22500n, voters: [A], headcount: 1 },
      { entryId: 1, unitIds: [2], areaCm2: 10000n, voters: [B, C], headcount: 1 },
      { entryId: 2, unitIds: [3, 7], areaCm2: 19000n, voters: [DEV], headcount: 1 },
      { entryId: 3, unitIds: [4], areaCm2: 12000n, voters: [], headcount: 1 },
      { entryId: 4, unitIds: [6], areaCm2: 1300n, voters: [D], headcount: 1 },
    ]);
    expect(roll.entries.map((e) => e.key)).toEqual([id(1), `${id(2)},${id(3)}`, "developer", "unit:4", id(4)]);
    expect(roll.entries[2]?.developer).toBe(true);
    expect(roll.totalAreaCm2).toBe(64800n);
    expect(roll.totalHeadcount).toBe(5);
    expect(roll.entryCount).toBe(5);
  });

  it("counts all developer-held units as one person, signed for by the developer alone: a buyer's binding counts from delivery", () => {
    const BUYER = addr(0xee);
    // Sold to the buyer; the committee unbinds the developer's old binding of unit 7, if any.
    const sold = [...bindings.filter((b) => !(b.unitId === 7 && b.owner === DEV)), { unitId: 7, owner: BUYER, identityHash: id(0xee) }];
    const r = buildRoll(whole({ bindings: sold }));
    const dev = r.entries.find((e) => e.developer);
    expect(dev?.unitIds).toEqual([3, 7]);
    expect(dev?.voters).toEqual([DEV]);
    expect(entriesOfVoter(r, BUYER)).toEqual([]);
    expect(r.entryCount).toBe(5);
    // Delivered: unit 7 leaves the developer's entry and is the buyer's own.
    const delivered = buildRoll(whole({ bindings: sold, units: units.map((u) => (u.unitId === 7 ? { ...u, developerHeld: false } : u)) }));
    expect(delivered.entries.find((e) => e.developer)?.unitIds).toEqual([3]);
    expect(delivered.entries.find((e) => e.voters.includes(BUYER))).toMatchObject({ unitIds: [7], voters: [BUYER], headcount: 1 });
    expect(delivered.entryCount).toBe(6);
  });

  it("binds nobody to the developer's entry until the community names its developer (the developer's own binding does not count either)", () => {
    const r = buildRoll(whole({ developer: undefined }));
    const dev = r.entries.find((e) => e.developer);
    expect(dev?.voters).toEqual([]);
    expect(r.leaves.filter((l) => l.entryId === dev?.entryId).map((l) => l.voter)).toEqual([ZERO_ADDRESS]);
    expect(buildRoll(whole({ developer: ZERO_ADDRESS })).entries.find((e) => e.developer)?.voters).toEqual([]);
    expect(() => buildRoll(whole({ developer: "0x1234" as Address }))).toThrow(DomainError);
  });

  it("lets each co-owner of a co-owned unit sign for its entry", () => {
    const coOwned = buildRoll(whole()).entries.find((e) => e.unitIds.includes(2));
    expect(coOwned?.voters).toEqual([B, C]);
  });

  it("excludes parking spaces and stalls entirely when the community says so", () => {
    const r = buildRoll(whole({ settings: { excludeParkingArea: true } }));
    expect(r.entries.map((e) => e.unitIds)).toEqual([[1, 5], [2], [3, 7], [4]]);
    expect(r.totalAreaCm2).toBe(64800n - 1300n - 500n);
    expect(r.totalHeadcount).toBe(4);
    expect(entriesOfVoter(r, D)).toEqual([]);
  });

  it("limits the roll to a set of buildings or of units", () => {
    const b2 = buildRoll(whole({ scope: { kind: 1, ids: [2] } }));
    expect(b2.entries.map((e) => e.unitIds)).toEqual([[4], [5, 8], [6], [7]]);
    expect(b2.entries.map((e) => e.entryId)).toEqual([0, 1, 2, 3]);
    expect(b2.totalAreaCm2).toBe(12000n + 13000n + 500n + 1300n + 8000n);
    const some = buildRoll(whole({ scope: { kind: 2, ids: [8, 1, 2] } }));
    expect(some.entries.map((e) => e.unitIds)).toEqual([[1, 8], [2]]);
  });

  it("keeps a buyer's units with different co-owner sets in different entries", () => {
    const r = buildRoll(whole({ bindings: [...bindings, { unitId: 5, owner: B, identityHash: id(2) }] }));
    expect(r.entries.map((e) => e.unitIds)).toEqual([[1, 8], [2], [3, 7], [4], [5], [6]]);
    expect(entriesOfVoter(r, A).map((e) => e.unitIds)).toEqual([[1, 8], [5]]);
  });

  it("ignores duplicate bindings, letter case and input order", () => {
    const shuffled = buildRoll(
      whole({
        units: [...units].reverse(),
        bindings: [...bindings, { unitId: 1, owner: mixed(A), identityHash: id(1).toUpperCase().replace("0X", "0x") as Hex }].reverse(),
      }),
    );
    expect(shuffled.root).toBe(roll.root);
    expect(shuffled.entries).toEqual(roll.entries);
  });

  it("finds a voter's entries in any letter case", () => {
    expect(entriesOfVoter(roll, mixed(B)).map((e) => e.entryId)).toEqual([1]);
    expect(entriesOfVoter(roll, C).map((e) => e.entryId)).toEqual([1]);
    expect(entriesOfVoter(roll, addr(0x99))).toEqual([]);
  });
});

describe("buildRoll: Merkle leaves", () => {
  const roll = buildRoll(whole());

  it("has one leaf per (entry, voter) and a zero-address leaf for an entry nobody is bound to", () => {
    expect(roll.leaves.map((l) => [l.entryId, l.voter])).toEqual([
      [0, A],
      [1, B],
      [1, C],
      [2, DEV],
      [3, ZERO_ADDRESS],
      [4, D],
    ]);
    expect(roll.tree.length).toBe(6);
  });

  it("proves several leaves with one multiproof, saying which item each proven leaf is", () => {
    const items = [
      { entryId: 4, voter: D },
      { entryId: 1, voter: C.toUpperCase().replace("0X", "0x") as Address },
      { entryId: 3, voter: ZERO_ADDRESS },
    ];
    const mp = multiProofFor(roll, items)!;
    expect(mp.itemIndex.slice().sort()).toEqual([0, 1, 2]);
    mp.leaves.forEach((leaf, k) => expect([leaf.entryId, leaf.voter]).toEqual([items[mp.itemIndex[k]!]!.entryId, items[mp.itemIndex[k]!]!.voter.toLowerCase()]));
    const values = mp.leaves.map((l): RollLeafValue => [l.entryId, l.voter, l.areaCm2.toString(), l.headcount]);
    expect(StandardMerkleTree.verifyMultiProof(roll.root, [...ROLL_LEAF_TYPES], { leaves: values, proof: mp.proof, proofFlags: mp.proofFlags })).toBe(true);
    expect(multiProofFor(roll, [items[0]!, items[0]!])).toBeNull();
    expect(multiProofFor(roll, [{ entryId: 0, voter: B }])).toBeNull();
    expect([hasLeaf(roll, 1, C), hasLeaf(roll, 1, A), hasLeaf(roll, 3, ZERO_ADDRESS)]).toEqual([true, false, true]);
  });

  it("builds exactly the tree StandardMerkleTree.of builds", () => {
    const values = roll.leaves.map((l): RollLeafValue => [l.entryId, l.voter, l.areaCm2.toString(), l.headcount]);
    const reference = StandardMerkleTree.of(values, [...ROLL_LEAF_TYPES]);
    expect(roll.root).toBe(reference.root);
    expect(roll.tree.dump()).toEqual(reference.dump());
    expect(() => roll.tree.validate()).not.toThrow();
    // The dump is JSON and loads back.
    const loaded = StandardMerkleTree.load<RollLeafValue>(JSON.parse(JSON.stringify(roll.tree.dump())));
    expect(loaded.root).toBe(roll.root);
  });

  it("computes leafHash with viem exactly as the tree does (and as the contract does)", () => {
    for (const [i, value] of roll.tree.entries()) {
      const leaf = roll.leaves[i];
      expect(leaf).toBeDefined();
      if (leaf === undefined) continue;
      expect(leafHash(leaf.entryId, leaf.voter, leaf.areaCm2, leaf.headcount)).toBe(roll.tree.leafHash(value));
    }
    // Spot value, to pin the encoding.
    expect(leafHash(0, ZERO_ADDRESS, 0n, 0)).toBe(
      StandardMerkleTree.of<RollLeafValue>([[0, ZERO_ADDRESS, "0", 0]], [...ROLL_LEAF_TYPES]).root,
    );
  });

  it("gives proofs that verify, for co-owners, the developer and an unbound entry", () => {
    for (const [entryId, voter] of [[0, A], [1, B], [1, mixed(C)], [2, DEV], [3, ZERO_ADDRESS]] as const) {
      const p = proofFor(roll, entryId, voter);
      expect(p).not.toBeNull();
      if (p === null) continue;
      expect(p.leaf.entryId).toBe(entryId);
      expect(p.leaf.voter).toBe(voter.toLowerCase());
      expect(verifyRollProof(roll.root, p.leaf, p.proof)).toBe(true);
      expect(
        StandardMerkleTree.verify(roll.root, [...ROLL_LEAF_TYPES], [p.leaf.entryId, p.leaf.voter, p.leaf.areaCm2, p.leaf.headcount], p.proof),
      ).toBe(true);
      // A forged area does not verify.
      expect(verifyRollProof(roll.root, { ...p.leaf, areaCm2: p.leaf.areaCm2 + 1n }, p.proof)).toBe(false);
    }
  });

  it("gives no proof for a voter of another entry or an unknown entry", () => {
    expect(proofFor(roll, 0, B)).toBeNull();
    expect(proofFor(roll, 9, A)).toBeNull();
    expect(proofFor(roll, 0, ZERO_ADDRESS)).toBeNull();
  });

  it("rebuilds the same root from the stored entries", () => {
    const again = rollFromEntries(
      [...roll.entries].reverse().map((e) => ({ entryId: e.entryId, areaCm2: e.areaCm2, headcount: e.headcount, voters: e.voters.map(mixed) })),
    );
    expect(again.root).toBe(roll.root);
    expect(again.totalAreaCm2).toBe(roll.totalAreaCm2);
    expect(again.totalHeadcount).toBe(roll.totalHeadcount);
    expect(proofFor(again, 1, C)?.proof).toEqual(proofFor(roll, 1, C)?.proof);
    expect(() => rollFromEntries([{ entryId: 1, areaCm2: 1n, headcount: 1, voters: [] }])).toThrow(DomainError);
  });
});

describe("buildRoll: bad input", () => {
  const codeOf = (input: RollInput): string | undefined => {
    try {
      buildRoll(input);
    } catch (e) {
      return e instanceof DomainError ? e.code : "not a DomainError";
    }
    return undefined;
  };

  it("says what is wrong with a stable code and zh-CN / English words", () => {
    const first = units[0] as RollUnit;
    expect(codeOf(whole({ units: [...units, first] }))).toBe("ROLL_DUPLICATE_UNIT");
    expect(codeOf(whole({ scope: { kind: 0, ids: [1] } }))).toBe("ROLL_BAD_SCOPE");
    expect(codeOf(whole({ scope: { kind: 1, ids: [] } }))).toBe("ROLL_BAD_SCOPE");
    expect(codeOf(whole({ scope: { kind: 3 as 0, ids: [] } }))).toBe("ROLL_BAD_SCOPE");
    expect(codeOf(whole({ scope: { kind: 1, ids: [99] } }))).toBe("ROLL_EMPTY");
    expect(codeOf(whole({ units: [{ ...first, areaCm2: -1n }] }))).toBe("ROLL_BAD_AREA");
    expect(codeOf(whole({ units: [{ ...first, kind: 0 as UnitKind }] }))).toBe("ROLL_BAD_UNIT_KIND");
    expect(codeOf(whole({ bindings: [{ unitId: 1, owner: "0x1234" as Address, identityHash: id(1) }] }))).toBe("ROLL_BAD_OWNER");
    expect(codeOf(whole({ bindings: [{ unitId: 1, owner: ZERO_ADDRESS, identityHash: id(1) }] }))).toBe("ROLL_BAD_OWNER");
    expect(codeOf(whole({ bindings: [{ unitId: 1, owner: A, identityHash: "0x12" }] }))).toBe("ROLL_BAD_IDENTITY");
    let error: unknown = null;
    try {
      buildRoll(whole({ scope: { kind: 2, ids: [] } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).zh).toMatch(/[\u4e00-\u9fff]/);
    expect((error as DomainError).en.length).toBeGreaterThan(0);
  });

  it("ignores bindings of units outside the scope or unknown", () => {
    const r = buildRoll(whole({ scope: { kind: 2, ids: [4] }, bindings: [...bindings, { unitId: 42, owner: A, identityHash: id(1) }] }));
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.voters).toEqual([]);
  });
});
