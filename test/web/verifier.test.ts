import { describe, expect, it } from "vitest";
import { buildRoll } from "../../domain/electorate";
import { computeResult, OUTCOME_CODE } from "../../domain/tally";
import type { Address, Hex, ProposalInput, RegistryEvent, Settings, VotingEvent } from "../../verifier/events";
import { rebuildRegistry, rollInputOf } from "../../verifier/rebuildRegistry";
import { compareTallies, recount } from "../../verifier/recount";
import {
  addressEntries,
  evaluateProposal,
  rollAtPublish,
  type OnChainProposal,
  type OnChainState,
} from "../../verifier/verifyProposal";

// ── synthetic chain ─────────────────────────────────────────────────────────────────────────

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as Address;
const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}` as Hex;
const TX = hash(0xabc);

const SETTINGS: Settings = {
  noticeDays: 15,
  adHocNoticeDays: 7,
  objectionDays: 7,
  allowBallotChange: true,
  finalWithOpenObjections: false,
  excludeParkingArea: false,
};

class Chain {
  block = 1n;
  logIndex = 0;
  registry: RegistryEvent[] = [];
  voting: VotingEvent[] = [];

  mine() {
    this.block++;
    this.logIndex = 0;
  }
  private meta() {
    return { blockNumber: this.block, logIndex: this.logIndex++, transactionHash: TX };
  }
  reg<E extends RegistryEvent>(eventName: E["eventName"], args: E["args"]) {
    this.registry.push({ ...this.meta(), eventName, args } as RegistryEvent);
  }
  vote<E extends VotingEvent>(eventName: E["eventName"], args: E["args"]) {
    const ev = { ...this.meta(), eventName, args } as VotingEvent;
    this.voting.push(ev);
    return ev;
  }
}

const C = 1n; // community id

/**
 * Entries (by smallest unit id): 0 A, 1 B&C, 2 developer, 3 D, 4 nobody, 5 E.
 * Community 1: building 1 with flats 101 (owner A, 100 m²), 102 (owner A again: same person,
 * 80 m²), 103 (owners B and C, co-owners, 120 m²), 104 (developer, 90 m²), 105 (parking
 * space of D, 12 m²), 106 (nobody bound, 70 m²); building 2 with flat 201 (owner E, 95 m²).
 */
function seed(chain = new Chain()) {
  chain.reg("CommunityCreated", { communityId: C, supervisor: addr(0x5), name: "和平小区", settings: SETTINGS });
  chain.reg("CommitteeInstalled", { communityId: C, epoch: 1, members: [addr(0xc1), addr(0xc2)], threshold: 2 });
  chain.reg("BuildingRegistered", { communityId: C, buildingId: 1, compound: 1, label: "1栋" });
  chain.reg("BuildingRegistered", { communityId: C, buildingId: 2, compound: 1, label: "2栋" });
  const unit = (unitId: number, buildingId: number, areaCm2: bigint, kind = 1, developerHeld = false) =>
    chain.reg("UnitRegistered", {
      communityId: C,
      unitId,
      buildingId,
      areaCm2,
      areaSource: 1,
      kind,
      developerHeld,
      label: `${buildingId}-${unitId}`,
    });
  unit(101, 1, 10_000n);
  unit(102, 1, 8_000n);
  unit(103, 1, 12_000n);
  unit(104, 1, 9_000n, 1, true);
  unit(105, 1, 1_200n, 3);
  unit(106, 1, 7_000n);
  unit(201, 2, 9_500n);
  chain.mine();
  const bind = (unitId: number, owner: Address, identity: number) =>
    chain.reg("OwnerBound", { communityId: C, unitId, owner, identityHash: hash(identity), evidenceHash: hash(0xe) });
  bind(101, A, 1);
  bind(102, A, 1);
  bind(103, B, 2);
  bind(103, Cc, 3);
  bind(105, D, 4);
  bind(201, E, 5);
  chain.mine();
  return chain;
}

const A = addr(0xa1);
const B = addr(0xb1);
const Cc = addr(0xc3);
const D = addr(0xd1);
const E = addr(0xe1);
const P = addr(0xf1); // a proxy

function publish(chain: Chain, proposalId: bigint, over: Partial<ProposalInput> = {}) {
  const snapshot = rebuildRegistry({ events: chain.registry });
  const state = snapshot.communities.get(C)!;
  const scope = { kind: (over.scopeKind ?? 0) as 0 | 1 | 2, ids: over.scopeIds ?? [] };
  const roll = buildRoll(rollInputOf(state, scope));
  const input: ProposalInput = {
    communityId: C,
    matter: 5,
    scopeKind: scope.kind,
    scopeIds: scope.ids,
    adHoc: false,
    votingStart: 1_000n,
    votingEnd: 2_000n,
    title: "更换1栋电梯",
    textHash: hash(0x7e),
    options: ["同意", "反对", "弃权"],
    namedChoice: false,
    rollRoot: roll.root,
    totalAreaCm2: roll.totalAreaCm2,
    totalHeadcount: roll.totalHeadcount,
    entryCount: roll.entryCount,
    ...over,
  };
  chain.vote("ProposalPublished", { proposalId, communityId: C, input, publishedAt: 100n });
  chain.mine();
  return { input, roll };
}

function cast(chain: Chain, proposalId: bigint, roll: ReturnType<typeof buildRoll>, entryId: number, choice: number, signer: Address, kind = 1, nonce = 1) {
  const e = roll.entries[entryId]!;
  chain.vote("BallotCast", {
    proposalId,
    entryId,
    signer,
    choice,
    nonce,
    kind,
    areaCm2: e.areaCm2,
    headcount: e.headcount,
  });
}

/** What the contract would report, derived from the same events (an honest chain). */
function honestState(chain: Chain, proposalId: bigint, input: ProposalInput, entryIds: number[] = []): OnChainState {
  const rc = recount({ proposalId, optionCount: input.options.length, events: chain.voting as never });
  const tallied = chain.voting.find((e) => e.eventName === "ProposalTallied" && e.args.proposalId === proposalId);
  const proposal: OnChainProposal = {
    communityId: C,
    matter: input.matter,
    status: tallied ? 3 : 2,
    outcome: tallied && tallied.eventName === "ProposalTallied" ? tallied.args.outcome : 0,
    optionCount: input.options.length,
    extended: false,
    publishedAt: 100n,
    votingStart: input.votingStart,
    votingEnd: input.votingEnd,
    objectionEnd: 0n,
    rollRoot: input.rollRoot,
    totalAreaCm2: input.totalAreaCm2,
    totalHeadcount: input.totalHeadcount,
    entryCount: input.entryCount,
    winningOption: tallied && tallied.eventName === "ProposalTallied" ? tallied.args.winningOption : 0,
  };
  const ballots = new Map<number, { choice: number; kind: number; nonce: number }>();
  for (const id of entryIds) {
    const b = rc.counted.get(id);
    ballots.set(id, b ? { choice: b.choice, kind: b.kind, nonce: b.nonce } : { choice: 0, kind: 0, nonce: 0 });
  }
  return { proposal, tallies: rc.tallies, ballots };
}

function tally(chain: Chain, proposalId: bigint, input: ProposalInput) {
  const rc = recount({ proposalId, optionCount: input.options.length, events: chain.voting as never });
  const r = computeResult({
    matter: input.matter as 5,
    totalAreaCm2: input.totalAreaCm2,
    totalHeadcount: input.totalHeadcount,
    options: rc.tallies,
    namedChoice: input.namedChoice,
  });
  chain.vote("ProposalTallied", {
    proposalId,
    participatingAreaCm2: r.participation.areaCm2,
    participatingHeadcount: r.participation.headcount,
    quorumMet: r.quorumMet,
    outcome: OUTCOME_CODE[r.outcome],
    winningOption: r.winningOption ?? 0,
    objectionEnd: 3_000n,
  });
  chain.mine();
  return r;
}

function evaluate(chain: Chain, proposalId: bigint, onChain: OnChainState | null, extra: { address?: Address; expectedChoices?: Map<number, number> } = {}) {
  const at = rollAtPublish({ proposalId, registryEvents: chain.registry, votingEvents: chain.voting });
  return evaluateProposal({ proposalId, at, votingEvents: chain.voting, onChain, ...extra });
}

// ── rebuildRegistry ────────────────────────────────────────────────────────────────────────

describe("rebuildRegistry", () => {
  it("follows DeveloperSet: the developer alone signs for the developer's units, not a buyer bound to one before delivery", () => {
    const chain = seed();
    const DEV = addr(0xde);
    chain.reg("OwnerBound", { communityId: C, unitId: 104, owner: addr(0xb0), identityHash: hash(0xb0), evidenceHash: hash(0xe) });
    const before = rebuildRegistry({ events: chain.registry }).communities.get(C)!;
    expect(before.developer).toBeNull();
    expect(buildRoll(rollInputOf(before, { kind: 0, ids: [] })).entries.find((e) => e.developer)?.voters).toEqual([]);
    chain.reg("DeveloperSet", { communityId: C, oldDeveloper: addr(0), newDeveloper: DEV });
    const after = rebuildRegistry({ events: chain.registry }).communities.get(C)!;
    expect(after.developer).toBe(DEV);
    expect(buildRoll(rollInputOf(after, { kind: 0, ids: [] })).entries.find((e) => e.developer)?.voters).toEqual([DEV]);
  });

  it("folds units, areas, deliveries, bindings and settings in chain order", () => {
    const chain = seed();
    chain.reg("UnitAreaChanged", { communityId: C, unitId: 101, oldAreaCm2: 10_000n, oldSource: 1, newAreaCm2: 10_050n, newSource: 3 });
    chain.reg("UnitDelivered", { communityId: C, unitId: 104 });
    chain.reg("OwnerUnbound", { communityId: C, unitId: 103, owner: Cc, evidenceHash: hash(0xe) });
    chain.reg("SettingsChanged", { communityId: C, oldSettings: SETTINGS, newSettings: { ...SETTINGS, excludeParkingArea: true } });

    const s = rebuildRegistry({ events: [...chain.registry].reverse() }).communities.get(C)!;
    expect(s.name).toBe("和平小区");
    expect(s.committee).toEqual({ epoch: 1, members: [addr(0xc1), addr(0xc2)], threshold: 2 });
    expect(s.units.get(101)).toMatchObject({ areaCm2: 10_050n, areaSource: 3 });
    expect(s.units.get(104)?.developerHeld).toBe(false);
    expect([...s.bindings.values()].filter((b) => b.unitId === 103).map((b) => b.owner)).toEqual([B]);
    expect(s.settings.excludeParkingArea).toBe(true);
    expect(s.buildings.get(2)).toEqual({ compound: 1, label: "2栋" });
  });

  it("applies only events strictly before the given log", () => {
    const chain = seed();
    const cut = { blockNumber: chain.block, logIndex: chain.logIndex };
    chain.reg("UnitAreaChanged", { communityId: C, unitId: 101, oldAreaCm2: 10_000n, oldSource: 1, newAreaCm2: 1n, newSource: 3 });
    const s = rebuildRegistry({ events: chain.registry, before: cut }).communities.get(C)!;
    expect(s.units.get(101)?.areaCm2).toBe(10_000n);
  });

  it("keeps communities apart and records anomalies instead of throwing", () => {
    const chain = seed();
    chain.reg("CommunityCreated", { communityId: 2n, supervisor: addr(0x6), name: "幸福里", settings: SETTINGS });
    chain.reg("UnitRegistered", { communityId: 2n, unitId: 101, buildingId: 9, areaCm2: 5n, areaSource: 1, kind: 1, developerHeld: false, label: "x" });
    chain.reg("UnitDelivered", { communityId: 3n, unitId: 1 });
    chain.reg("OwnerUnbound", { communityId: C, unitId: 106, owner: A, evidenceHash: hash(1) });
    const snap = rebuildRegistry({ events: chain.registry });
    expect(snap.communities.get(C)?.units.get(101)?.areaCm2).toBe(10_000n);
    expect(snap.communities.get(2n)?.units.get(101)?.areaCm2).toBe(5n);
    expect(snap.anomalies.map((a) => a.code)).toEqual(["UNKNOWN_COMMUNITY", "UNKNOWN_BINDING"]);
    expect(rebuildRegistry({ events: chain.registry, communityId: 2n }).communities.has(C)).toBe(false);
  });

  it("produces the roll the domain expects: one buyer one person, developer one person", () => {
    const s = rebuildRegistry({ events: seed().registry }).communities.get(C)!;
    const roll = buildRoll(rollInputOf(s, { kind: 0, ids: [] }));
    // A (101+102), B&C (103), developer (104), D (105), nobody (106), E (201)
    expect(roll.entryCount).toBe(6);
    expect(roll.totalAreaCm2).toBe(10_000n + 8_000n + 12_000n + 9_000n + 1_200n + 7_000n + 9_500n);
    expect(roll.entries[0]).toMatchObject({ unitIds: [101, 102], areaCm2: 18_000n, voters: [A] });
  });
});

// ── recount ────────────────────────────────────────────────────────────────────────────────

describe("recount", () => {
  it("counts the last BallotCast per entry, in chain order, whatever the input order", () => {
    const chain = seed();
    const { roll } = publish(chain, 1n);
    cast(chain, 1n, roll, 0, 1, A); // A: against …
    cast(chain, 1n, roll, 1, 0, B);
    chain.mine();
    cast(chain, 1n, roll, 0, 0, A, 1, 2); // … then changes to for
    cast(chain, 1n, roll, 5, 2, E); // E abstains
    cast(chain, 2n, roll, 1, 1, B); // another proposal: ignored
    const rc = recount({ proposalId: 1n, optionCount: 3, events: [...chain.voting].reverse() as never });
    expect(rc.eventCount).toBe(4);
    expect(rc.counted.size).toBe(3);
    expect(rc.counted.get(0)).toMatchObject({ choice: 0, nonce: 2, castCount: 2 });
    expect(rc.tallies).toEqual([
      { areaCm2: 18_000n + 12_000n, headcount: 2 },
      { areaCm2: 0n, headcount: 0 },
      { areaCm2: 9_500n, headcount: 1 },
    ]);
    expect(rc.badChoices).toEqual([]);
  });

  it("orders by logIndex within a block", () => {
    const mk = (logIndex: number, choice: number) => ({
      eventName: "BallotCast" as const,
      blockNumber: 5n,
      logIndex,
      transactionHash: TX,
      args: { proposalId: 1n, entryId: 0, signer: A, choice, nonce: 1, kind: 1, areaCm2: 10n, headcount: 1 },
    });
    const rc = recount({ proposalId: 1n, optionCount: 2, events: [mk(7, 1), mk(3, 0)] });
    expect(rc.counted.get(0)?.choice).toBe(1);
  });

  it("reports a choice that is not an option", () => {
    const chain = seed();
    const { roll } = publish(chain, 1n);
    cast(chain, 1n, roll, 0, 5, A);
    const rc = recount({ proposalId: 1n, optionCount: 3, events: chain.voting as never });
    expect(rc.badChoices.map((b) => b.entryId)).toEqual([0]);
    expect(rc.tallies.every((t) => t.areaCm2 === 0n)).toBe(true);
  });

  it("compareTallies lists each differing option", () => {
    const a = [{ areaCm2: 1n, headcount: 1 }, { areaCm2: 2n, headcount: 1 }];
    expect(compareTallies(a, a)).toEqual([]);
    expect(compareTallies(a, [{ areaCm2: 1n, headcount: 1 }, { areaCm2: 2n, headcount: 2 }]).map((m) => m.option)).toEqual([1]);
    expect(compareTallies(a, a.slice(0, 1)).map((m) => m.option)).toEqual([1]);
  });
});

// ── evaluateProposal ───────────────────────────────────────────────────────────────────────

describe("evaluateProposal", () => {
  function votedAndTallied() {
    const chain = seed();
    const { input, roll } = publish(chain, 1n);
    chain.vote("ProposalPublished", { proposalId: 2n, communityId: C, input: { ...input, title: "other" }, publishedAt: 100n });
    for (const [entryId, choice, who] of [
      [0, 0, A],
      [1, 0, B],
      [2, 0, addr(0)],
      [3, 1, D],
      [5, 0, E],
    ] as const) {
      cast(chain, 1n, roll, entryId, choice, who, entryId === 2 ? 2 : 1);
    }
    chain.mine();
    const result = tally(chain, 1n, input);
    return { chain, input, roll, result };
  }

  it("passes every check on an honest chain", () => {
    const { chain, input, result } = votedAndTallied();
    expect(result.outcome).toBe("Passed");
    const report = evaluate(chain, 1n, honestState(chain, 1n, input, [0]), { address: A });
    expect(report.roll.problems).toEqual([]);
    expect(report.recount.problems).toEqual([]);
    expect(report.result.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.result.details).toMatchObject({ tallied: true, computed: { outcome: "Passed", winningOption: 0 } });
    expect(report.myBallot?.ok).toBe(true);
    expect(report.myBallot?.details.entries).toMatchObject([
      { entryId: 0, role: "owner", areaCm2: 18_000n, unitLabels: ["1-101", "1-102"], counted: { choice: 0 } },
    ]);
  });

  it("rebuilds the roll as of the publish block: later registry changes do not matter, earlier ones do", () => {
    const { chain, input } = votedAndTallied();
    chain.reg("UnitAreaChanged", { communityId: C, unitId: 101, oldAreaCm2: 10_000n, oldSource: 1, newAreaCm2: 99n, newSource: 3 });
    expect(evaluate(chain, 1n, honestState(chain, 1n, input)).roll.ok).toBe(true);

    // The same change placed before the publication: the published root no longer matches.
    const early = seed();
    early.reg("UnitAreaChanged", { communityId: C, unitId: 101, oldAreaCm2: 10_000n, oldSource: 1, newAreaCm2: 99n, newSource: 3 });
    early.mine();
    const honest = publish(seed(), 1n).input; // roll computed without the change
    early.vote("ProposalPublished", { proposalId: 1n, communityId: C, input: honest, publishedAt: 100n });
    const report = evaluate(early, 1n, honestState(early, 1n, honest));
    expect(report.roll.ok).toBe(false);
    expect(report.roll.problems.map((p) => p.code)).toEqual(["ROOT_DIFFERS", "AREA_DIFFERS"]);
    expect(report.ok).toBe(false);
  });

  it("uses the excludeParkingArea setting in force at publish time", () => {
    const chain = seed();
    chain.reg("SettingsChanged", { communityId: C, oldSettings: SETTINGS, newSettings: { ...SETTINGS, excludeParkingArea: true } });
    chain.mine();
    const { input, roll } = publish(chain, 1n);
    expect(roll.entryCount).toBe(5); // D's parking space is out
    chain.reg("SettingsChanged", { communityId: C, oldSettings: SETTINGS, newSettings: SETTINGS });
    expect(evaluate(chain, 1n, honestState(chain, 1n, input)).roll.ok).toBe(true);
  });

  it("rebuilds a building-scoped roll", () => {
    const chain = seed();
    const { input } = publish(chain, 1n, { scopeKind: 1, scopeIds: [2] });
    expect(input.entryCount).toBe(1);
    const report = evaluate(chain, 1n, honestState(chain, 1n, input));
    expect(report.roll.ok).toBe(true);
    expect(report.roll.details.rebuilt?.totalAreaCm2).toBe(9_500n);
  });

  it("fails the recount when tallyOf disagrees with the BallotCast events", () => {
    const { chain, input } = votedAndTallied();
    const state = honestState(chain, 1n, input);
    const tampered = { ...state, tallies: state.tallies.map((t, i) => (i === 1 ? { ...t, headcount: t.headcount + 1 } : t)) };
    const report = evaluate(chain, 1n, tampered);
    expect(report.recount.ok).toBe(false);
    expect(report.recount.problems).toMatchObject([{ code: "TALLY_DIFFERS", params: { option: 1 } }]);
    expect(report.ok).toBe(false);
  });

  it("fails the recount when a ballot weighs more than its roll entry", () => {
    const chain = seed();
    const { input } = publish(chain, 1n);
    chain.vote("BallotCast", { proposalId: 1n, entryId: 0, signer: A, choice: 0, nonce: 1, kind: 1, areaCm2: 50_000n, headcount: 1 });
    const report = evaluate(chain, 1n, honestState(chain, 1n, input));
    expect(report.recount.problems.map((p) => p.code)).toEqual(["BALLOT_WEIGHT_DIFFERS"]);
  });

  it("fails the result when ProposalTallied disagrees with computeResult of the recount", () => {
    const chain = seed();
    const { input, roll } = publish(chain, 1n);
    cast(chain, 1n, roll, 0, 1, A); // not enough for a quorum
    chain.vote("ProposalTallied", {
      proposalId: 1n,
      participatingAreaCm2: 18_000n,
      participatingHeadcount: 1,
      quorumMet: true,
      outcome: 1,
      winningOption: 0,
      objectionEnd: 3_000n,
    });
    const report = evaluate(chain, 1n, honestState(chain, 1n, input));
    expect(report.result.ok).toBe(false);
    expect(report.result.problems.map((p) => p.code)).toEqual(["OUTCOME_DIFFERS", "WINNER_DIFFERS", "QUORUM_DIFFERS"]);
    expect(report.result.details.computed?.outcome).toBe("NoQuorum");
  });

  it("a for/against vote passes only on 'for'; a named-choice vote may pass on any option", () => {
    for (const namedChoice of [false, true]) {
      const chain = seed();
      const { input, roll } = publish(chain, 1n, { namedChoice });
      for (const id of [0, 1, 2, 3, 5]) cast(chain, 1n, roll, id, id === 5 ? 0 : 1, addr(0));
      chain.mine();
      const r = tally(chain, 1n, input);
      const report = evaluate(chain, 1n, honestState(chain, 1n, input));
      expect(report.result.ok).toBe(true);
      expect(report.result.details.computed).toMatchObject(
        namedChoice ? { outcome: "Passed", winningOption: 1 } : { outcome: "Rejected", winningOption: null },
      );
      expect(r.outcome).toBe(namedChoice ? "Passed" : "Rejected");
    }
  });

  it("fails the result check when the contract ignored the for/against rule", () => {
    const chain = seed();
    const { input, roll } = publish(chain, 1n);
    for (const id of [0, 1, 2, 3, 5]) cast(chain, 1n, roll, id, 1, addr(0));
    chain.mine();
    const tallied = tally(chain, 1n, { ...input, namedChoice: true }); // a buggy contract: "against" wins
    expect(tallied.outcome).toBe("Passed");
    const report = evaluate(chain, 1n, honestState(chain, 1n, input));
    expect(report.result.problems.map((p) => p.code)).toEqual(["OUTCOME_DIFFERS", "WINNER_DIFFERS"]);
  });

  it("before the tally the result check passes and shows the standing", () => {
    const chain = seed();
    const { input, roll } = publish(chain, 1n);
    cast(chain, 1n, roll, 0, 0, A);
    const report = evaluate(chain, 1n, honestState(chain, 1n, input));
    expect(report.result).toMatchObject({ ok: true, details: { tallied: false, onChain: null, computed: { outcome: "NoQuorum" } } });
  });

  it("ignores a NoQuorum tally that an extension superseded", () => {
    const chain = seed();
    const { input, roll } = publish(chain, 1n);
    cast(chain, 1n, roll, 0, 0, A);
    chain.mine();
    tally(chain, 1n, input);
    chain.vote("VotingExtended", { proposalId: 1n, oldVotingEnd: 2_000n, newVotingEnd: 2_500n });
    chain.mine();
    for (const id of [1, 2, 3, 5]) cast(chain, 1n, roll, id, 0, addr(0));
    const state = honestState(chain, 1n, input);
    let report = evaluate(chain, 1n, { ...state, proposal: { ...state.proposal, outcome: 0 } });
    expect(report.result).toMatchObject({ ok: true, details: { tallied: false, computed: { outcome: "Passed" } } });
    chain.mine();
    tally(chain, 1n, input);
    report = evaluate(chain, 1n, { ...state, proposal: { ...state.proposal, outcome: 1, winningOption: 0 } });
    expect(report.result).toMatchObject({ ok: true, details: { tallied: true, onChain: { outcome: "Passed" } } });
  });

  it("reports a missing proposal on every check", () => {
    const report = evaluate(seed(), 9n, null);
    expect(report.proposal).toBeNull();
    expect([report.roll.ok, report.recount.ok, report.result.ok, report.ok]).toEqual([false, false, false, false]);
    expect(report.roll.problems[0]?.code).toBe("PROPOSAL_NOT_PUBLISHED");
  });

  describe("my ballot", () => {
    it("finds an owner's entry and flags a counted choice that differs from the one signed", () => {
      const { chain, input } = votedAndTallied();
      const report = evaluate(chain, 1n, honestState(chain, 1n, input, [0]), { address: A, expectedChoices: new Map([[0, 1]]) });
      expect(report.myBallot?.ok).toBe(false);
      expect(report.myBallot?.details.mismatch).toBe(true);
      expect(report.myBallot?.problems[0]).toMatchObject({ code: "CHOICE_DIFFERS", params: { expected: 1, counted: 0 } });
      expect(report.ok).toBe(false);
    });

    it("flags ballotOf disagreeing with the events", () => {
      const { chain, input } = votedAndTallied();
      const state = honestState(chain, 1n, input, [0]);
      const report = evaluate(chain, 1n, { ...state, ballots: new Map([[0, { choice: 1, kind: 1, nonce: 1 }]]) }, { address: A });
      expect(report.myBallot?.problems.map((p) => p.code)).toEqual(["CHAIN_STATE_DISAGREES"]);
    });

    it("says 'no ballot' without calling it a contradiction, and 'not in roll' for strangers", () => {
      const { chain, input } = votedAndTallied();
      let report = evaluate(chain, 1n, honestState(chain, 1n, input, [4]), { address: addr(0x999) });
      expect(report.myBallot?.problems.map((p) => p.code)).toEqual(["NOT_IN_ROLL"]);
      expect(report.ok).toBe(true);
      report = evaluate(chain, 1n, honestState(chain, 1n, input), { address: Cc });
      expect(report.myBallot?.details.entries.map((e) => e.entryId)).toEqual([1]);
      expect(report.myBallot?.ok).toBe(true); // co-owner B voted for the shared entry
    });

    it("includes entries held by proxy (the latest mandate wins)", () => {
      const chain = seed();
      const { roll } = publish(chain, 1n);
      chain.vote("MandateRegistered", { proposalId: 1n, entryId: 5, proxy: P, mandateHash: hash(1) });
      chain.vote("MandateRegistered", { proposalId: 1n, entryId: 4, proxy: P, mandateHash: hash(2) });
      chain.vote("MandateRegistered", { proposalId: 1n, entryId: 4, proxy: addr(0x77), mandateHash: hash(3) });
      const at = rollAtPublish({ proposalId: 1n, registryEvents: chain.registry, votingEvents: chain.voting });
      expect(addressEntries(at, chain.voting, 1n, P)).toEqual([{ entryId: 5, role: "proxy" }]);
      expect(addressEntries(at, chain.voting, 1n, E)).toEqual([{ entryId: 5, role: "owner" }]);
      expect(roll.entries[5]?.voters).toEqual([E]);
    });
  });
});
