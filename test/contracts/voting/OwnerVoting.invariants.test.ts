/**
 * Invariant (DESIGN.md): one counted ballot per entry per proposal; replayed, expired and
 * forged ballots are rejected; the tally always equals a recount of the ballots.
 *
 * A seeded random sequence of ~150 actions on a roll of 30 entries (single owners, co-owners,
 * paper-only entries, the developer, proxies): electronic ballots, changes, replays, bad ballots,
 * paper ballots, mixed batches, mandates and the passing of time. A model keeps "the counted
 * ballot of each entry"; after every step the tally of every option must equal a recount from
 * the model, and the counted headcount can never exceed the number of entries.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  type Actor,
  BallotKind,
  DAY,
  HOUR,
  Outcome,
  Reason,
  type RollEntry,
  type SignedBallot,
  buildRoll,
  communityFixture,
  prng,
  wallet,
} from "../fixtures";

const SEED = 20261128;
const STEPS = 150;
const OPTIONS = 3;

type Lane = { choice: number; kind: "E" | "P"; nonce: number };

describe("OwnerVoting invariants under a random sequence of actions", () => {
  it(`after each of ${STEPS} random actions the tally equals a recount; at most one counted ballot per entry`, async () => {
    const { l, communityId } = await loadFixture(communityFixture);
    const rnd = prng(SEED);

    // ── the roll: 30 entries
    const entries: RollEntry[] = [];
    for (let i = 0; i < 22; i++) entries.push({ entryId: i, voters: [wallet(1000 + i)], areaCm2: BigInt(4000 + rnd.int(11000)), headcount: 1 });
    for (let k = 0; k < 4; k++) {
      entries.push({ entryId: 22 + k, voters: [wallet(1100 + 2 * k), wallet(1101 + 2 * k)], areaCm2: BigInt(6000 + rnd.int(9000)), headcount: 1 });
    }
    entries.push({ entryId: 26, voters: [], areaCm2: 8800n, headcount: 1 }); // paper only, gets a proxy
    entries.push({ entryId: 27, voters: [], areaCm2: 9100n, headcount: 1 }); // paper only
    entries.push({ entryId: 28, voters: [wallet(1200)], areaCm2: 60000n, headcount: 1 }); // the developer's units
    entries.push({ entryId: 29, voters: [wallet(1201)], areaCm2: 7700n, headcount: 1 });
    const roll = buildRoll(entries);
    const n = roll.entryCount;
    expect(n).to.equal(30);

    const { proposalId, votingEnd } = await l.open(communityId, roll);
    const goodDeadline = votingEnd + DAY;

    // ── the model
    const lanes: (Lane | undefined)[] = Array.from({ length: n }, () => undefined);
    const proxies = new Map<number, Actor>();
    /** Every ballot that was counted once (for replays), with who signed it. */
    const accepted: { ballot: SignedBallot; signer: string; entryId: number }[] = [];
    let proxySeq = 0;

    const registerProxy = async (entryId: number) => {
      const proxy = wallet(1300 + proxySeq++);
      await (await l.registerMandates(communityId, proposalId, [l.mandate(roll, entryId, proxy.address)])).wait();
      proxies.set(entryId, proxy);
    };
    await registerProxy(26);
    await registerProxy(29);

    const signersOf = (entryId: number): Actor[] => {
      const own = roll.entry(entryId).voters.filter((v): v is Actor => typeof v !== "string");
      const proxy = proxies.get(entryId);
      return proxy ? [...own, proxy] : own;
    };
    const canSign = (entryId: number) => signersOf(entryId).length > 0;

    /** A valid ballot for the entry given a (working) model: next nonce, an allowed signer. */
    const goodBallot = async (model: (Lane | undefined)[], entryId: number) => {
      const lane = model[entryId];
      const nonce = (lane?.kind === "E" ? lane.nonce : 0) + 1 + rnd.int(3);
      const signer = rnd.pick(signersOf(entryId));
      const choice = rnd.int(OPTIONS);
      const ballot = await l.signBallot(roll, { proposalId, entryId, choice, nonce, signer, deadline: goodDeadline });
      return { ballot, expect: Reason.None, entryId, choice, nonce, signer: signer.address };
    };

    /** A ballot that must be rejected, with the reason it must be rejected for. */
    const badBallot = async (model: (Lane | undefined)[]) => {
      const electronic = model.map((lane, i) => (lane?.kind === "E" ? i : -1)).filter((i) => i >= 0);
      const kinds = ["area", "stranger", "expired", "choice", "nonceZero", ...(accepted.length > 0 ? ["replay"] : []), ...(electronic.length > 0 ? ["stale"] : [])];
      const kind = rnd.pick(kinds);
      const entryId = rnd.pick(roll.entries.filter((e) => canSign(e.entryId))).entryId;
      const signer = rnd.pick(signersOf(entryId));
      const base = { proposalId, entryId, choice: rnd.int(OPTIONS), signer, deadline: goodDeadline, nonce: 60_000 + rnd.int(1000) };
      switch (kind) {
        case "area": {
          const b = await l.signBallot(roll, base);
          return { ballot: { ...b, packed: b.packed + (BigInt(1 + rnd.int(50)) << 152n) }, expect: Reason.NotInRoll, entryId };
        }
        case "stranger":
          return { ballot: await l.signBallot(roll, { ...base, signer: wallet(5000 + rnd.int(100)) }), expect: Reason.WrongSigner, entryId };
        case "expired":
          return { ballot: await l.signBallot(roll, { ...base, deadline: (await l.now()) - 1n }), expect: Reason.Expired, entryId };
        case "choice":
          return { ballot: await l.signBallot(roll, { ...base, choice: OPTIONS + rnd.int(10) }), expect: Reason.BadChoice, entryId };
        case "nonceZero":
          return { ballot: await l.signBallot(roll, { ...base, nonce: 0 }), expect: Reason.NonceUsed, entryId };
        case "replay": {
          // the counted nonce is at least the replayed one; a proxy replaced since then no longer signs
          const a = rnd.pick(accepted);
          const stillAllowed = a.signer === a.ballot.voter || proxies.get(a.entryId)?.address === a.signer;
          return { ballot: a.ballot, expect: stillAllowed ? Reason.NonceUsed : Reason.WrongSigner, entryId: a.entryId };
        }
        default: {
          // "stale": a properly signed ballot whose nonce is not above the counted one
          const e = rnd.pick(electronic);
          const lane = model[e]!;
          const b = await l.signBallot(roll, { proposalId, entryId: e, choice: rnd.int(OPTIONS), signer: rnd.pick(signersOf(e)), deadline: goodDeadline, nonce: 1 + rnd.int(lane.nonce) });
          return { ballot: b, expect: Reason.NonceUsed, entryId: e };
        }
      }
    };

    const recount = () => {
      const t: [bigint, bigint][] = Array.from({ length: OPTIONS }, () => [0n, 0n]);
      lanes.forEach((lane, i) => {
        if (!lane) return;
        t[lane.choice]![0] += roll.entry(i).areaCm2;
        t[lane.choice]![1] += BigInt(roll.entry(i).headcount);
      });
      return t;
    };

    const checkTally = async () => {
      const onChain = await l.tallies(proposalId, OPTIONS);
      expect(onChain).to.deep.equal(recount());
      const heads = onChain.reduce((s, [, h]) => s + h, 0n);
      expect(heads <= BigInt(n)).to.equal(true, `counted headcount ${heads} exceeds ${n} entries`);
      expect(heads).to.equal(BigInt(lanes.filter(Boolean).length));
    };

    const checkLanes = async () => {
      for (let i = 0; i < n; i++) {
        const lane = lanes[i];
        const [choice, kind, nonce] = await l.voting.ballotOf(proposalId, i);
        if (!lane) expect([choice, kind, nonce]).to.deep.equal([0n, 0n, 0n]);
        else
          expect([choice, kind, nonce]).to.deep.equal([
            BigInt(lane.choice),
            BigInt(lane.kind === "E" ? BallotKind.Electronic : BallotKind.Paper),
            BigInt(lane.nonce),
          ]);
      }
    };

    const parse = (logs: readonly { topics: readonly string[]; data: string }[]) =>
      logs.map((x) => l.voting.interface.parseLog(x)).filter((e): e is NonNullable<typeof e> => e !== null);

    const stats = { single: 0, singleRejected: 0, batch: 0, batchBallots: 0, batchRejected: 0, paper: 0, paperIgnored: 0, mandates: 0, waits: 0 };

    for (let step = 0; step < STEPS; step++) {
      const roll100 = rnd.int(100);
      if (roll100 < 30) {
        // ── one good electronic ballot (first ballot, change, or replacing paper)
        const entryId = rnd.pick(roll.entries.filter((e) => canSign(e.entryId))).entryId;
        const g = await goodBallot(lanes, entryId);
        await expect(l.voting.castBallot(proposalId, g.ballot)).to.emit(l.voting, "BallotCast");
        lanes[entryId] = { choice: g.choice, kind: "E", nonce: g.nonce };
        accepted.push({ ballot: g.ballot, signer: g.signer, entryId });
        stats.single++;
      } else if (roll100 < 45) {
        // ── one bad ballot: rejected with its reason, nothing changes
        const b = await badBallot(lanes);
        await expect(l.voting.castBallot(proposalId, b.ballot))
          .to.be.revertedWithCustomError(l.voting, "VotingBallotRejected")
          .withArgs(proposalId, b.entryId, b.expect);
        stats.singleRejected++;
      } else if (roll100 < 62) {
        // ── paper ballots entered by the committee
        const count = 1 + rnd.int(3);
        const papers = [];
        for (let k = 0; k < count; k++) papers.push(l.paperBallot(roll, rnd.int(n), rnd.int(OPTIONS)));
        const receipt = (await (await l.enterPaperBallots(communityId, proposalId, papers)).wait())!;
        const entered = parse(receipt.logs).filter((e) => e.name === "PaperBallotEntered");
        expect(entered.length).to.equal(papers.length);
        papers.forEach((p, k) => {
          const counted = lanes[p.entryId]?.kind !== "E";
          expect(entered[k]!.args[4]).to.equal(counted, `paper ballot for entry ${p.entryId}`);
          if (counted) lanes[p.entryId] = { choice: p.choice, kind: "P", nonce: 0 };
          else stats.paperIgnored++;
        });
        stats.paper += papers.length;
      } else if (roll100 < 88) {
        // ── a mixed batch: good ballots (possibly the same entry twice), replays, bad ones
        const size = 2 + rnd.int(7);
        const work = lanes.map((x) => (x ? { ...x } : undefined));
        const plan: { ballot: SignedBallot; expect: number; entryId: number; choice?: number; nonce?: number; signer?: string }[] = [];
        for (let k = 0; k < size; k++) {
          if (rnd.chance(0.6)) {
            const entryId = rnd.pick(roll.entries.filter((e) => canSign(e.entryId))).entryId;
            const g = await goodBallot(work, entryId);
            work[entryId] = { choice: g.choice, kind: "E", nonce: g.nonce };
            plan.push(g);
          } else {
            plan.push(await badBallot(work));
          }
        }
        const receipt = (await (await l.voting.castBallots(proposalId, plan.map((p) => p.ballot))).wait())!;
        const outcome = parse(receipt.logs)
          .filter((e) => e.name === "BallotCast" || e.name === "BallotRejected")
          .map((e) => (e.name === "BallotCast" ? [Number(e.args[1]), Reason.None] : [Number(e.args[1]), Number(e.args[3])]));
        expect(outcome).to.deep.equal(plan.map((p) => [p.entryId, p.expect]));
        for (const p of plan) {
          if (p.expect !== Reason.None) {
            stats.batchRejected++;
            continue;
          }
          lanes[p.entryId] = { choice: p.choice!, kind: "E", nonce: p.nonce! };
          accepted.push({ ballot: p.ballot, signer: p.signer!, entryId: p.entryId });
        }
        stats.batch++;
        stats.batchBallots += plan.length;
      } else if (roll100 < 93) {
        // ── a (new) proxy mandate: the old proxy, if any, loses its power
        const entryId = rnd.int(n);
        await registerProxy(entryId);
        stats.mandates++;
      } else {
        // ── time passes (voting stays open)
        const now = await l.now();
        const step = BigInt(1 + rnd.int(6)) * HOUR;
        if (now + step < votingEnd - DAY) await time.increase(step);
        stats.waits++;
      }
      await checkTally();
      if (step % 10 === 9) await checkLanes();
    }
    await checkLanes();

    // ── finally the tally follows the law on the recount
    const t = recount();
    const partArea = t.reduce((s, [a]) => s + a, 0n);
    const partHead = t.reduce((s, [, h]) => s + h, 0n);
    const quorum = 3n * partArea >= 2n * roll.totalAreaCm2 && 3n * partHead >= 2n * BigInt(roll.totalHeadcount);
    const passes = quorum && 2n * t[0]![0] > partArea && 2n * t[0]![1] > partHead;
    const { tallied } = await l.closeAndFinalize(proposalId);
    expect(tallied).to.deep.include({
      participatingAreaCm2: partArea,
      participatingHeadcount: partHead,
      quorumMet: quorum,
      outcome: quorum ? (passes ? Outcome.Passed : Outcome.Rejected) : Outcome.NoQuorum,
    });
    console.log(
      `      invariant run (seed ${SEED}): ${stats.single} single ballots, ${stats.singleRejected} single rejections, ` +
        `${stats.batch} batches (${stats.batchBallots} ballots, ${stats.batchRejected} rejected), ${stats.paper} paper ballots ` +
        `(${stats.paperIgnored} not counted), ${stats.mandates} mandates, ${stats.waits} waits; final ${lanes.filter(Boolean).length}/${n} entries counted`,
    );
    expect(ethers.isHexString(roll.root)).to.equal(true);
  });
});
