/**
 * The shared behaviour of "a committee action of this module": every module runs it over its
 * own actions with one line,
 *
 *   behavesLikeCommitteeActions("OwnerVoting", votingFixture, VOTING_ACTIONS);
 *
 * and each action is checked to run with a threshold of members' signatures sent by a relayer
 * with no role, and to be refused below the threshold, with a non-member, with unsorted or
 * duplicated signers, past its deadline, replayed, signed for another payload, another kind of
 * its module, another module's kind, another community, chain or contract, by another
 * community's committee, and by a committee that has since been replaced.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { moduleCommitteeKinds } from "../../../chain/contractEnums";
import { type Actor, type CommitteeAuth, type Ledger, SupervisorKind, payload, sortAddresses } from "../fixtures";

/** What every module's fixture provides: the ledger, a community c1 with its committee (the
 * ledger's), c2 with the same committee, and a second committee governing another community. */
export interface CommitteeActionContext {
  l: Ledger;
  c1: bigint;
  c2: bigint;
  committee2: Actor[];
}

export interface CommitteeActionCase<X extends CommitteeActionContext> {
  name: string;
  kind: number;
  /** The action's payload hash for community `c` (the same payload `send` sends). */
  payloadHash: (x: X, c: bigint) => string;
  send: (x: X, c: bigint, auth: CommitteeAuth) => Promise<unknown>;
  /** The contract that emits `event`. */
  emitter: (x: X) => { target: unknown };
  event: string;
  eventArgs: (x: X, c: bigint) => unknown[];
  /** Whether `send` names the community itself (so an unknown one can be tried). */
  takesCommunityId: boolean;
  /** When the module's own state refuses a replay before the registry sees it: that contract and error. */
  replayRefusedBy?: (x: X) => [contract: { interface: unknown }, error: string];
}

async function digestOf(l: Ledger, communityId: bigint, kind: number, payloadHash: string, auth: CommitteeAuth) {
  return l.registry.committeeActionDigest(communityId, kind, payloadHash, auth.salt, auth.deadline);
}

/** The address the registry recovers from the first signature of `auth` for this (other) action. */
async function firstRecovered(l: Ledger, communityId: bigint, kind: number, payloadHash: string, auth: CommitteeAuth) {
  return ethers.recoverAddress(await digestOf(l, communityId, kind, payloadHash, auth), auth.signatures[0]!);
}

export function behavesLikeCommitteeActions<X extends CommitteeActionContext>(
  module: keyof typeof moduleCommitteeKinds,
  fixture: () => Promise<X>,
  cases: CommitteeActionCase<X>[],
): void {
  const ownKinds = Object.values(moduleCommitteeKinds[module]) as number[];
  const foreignKind = Object.entries(moduleCommitteeKinds)
    .filter(([m]) => m !== module)
    .flatMap(([, kinds]) => Object.values(kinds) as number[])[0]!;

  describe(`${module}: committee actions (shared behaviour, every action)`, () => {
    it("covers every kind the module declares", () => {
      expect(cases.map((a) => a.kind).sort((p, q) => p - q)).to.deep.equal([...ownKinds].sort((p, q) => p - q));
    });

    for (const a of cases) {
      describe(a.name, () => {
        const sign = (x: X, c: bigint, signers: Actor[], opts?: Parameters<Ledger["signCommittee"]>[4]) =>
          x.l.signCommittee(c, a.kind, a.payloadHash(x, x.c1), signers, opts);

        it("runs with a threshold of members' signatures, sent by a relayer with no role; emits its event and CommitteeActionExecuted", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const auth = await sign(x, c1, l.quorum);
          const digest = await digestOf(l, c1, a.kind, a.payloadHash(x, c1), auth);
          const tx = a.send(x, c1, auth);
          await expect(tx).to.emit(a.emitter(x), a.event).withArgs(...a.eventArgs(x, c1));
          await expect(tx)
            .to.emit(l.registry, "CommitteeActionExecuted")
            .withArgs(c1, a.kind, digest, sortAddresses(l.quorum.map((m) => m.address)));
          expect(await l.registry.actionUsed(digest)).to.equal(true);
        });

        it("below the threshold → RegistryBelowThreshold", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const two = await sign(x, c1, l.committee.slice(0, 2));
          await expect(a.send(x, c1, two)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold").withArgs(2, 3);
          const none = { ...two, signatures: [] };
          await expect(a.send(x, c1, none)).to.be.revertedWithCustomError(l.registry, "RegistryBelowThreshold").withArgs(0, 3);
        });

        it("a non-member among the signers → RegistryNotCommitteeMember", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const auth = await sign(x, c1, [l.committee[0]!, l.committee[1]!, l.outsider]);
          await expect(a.send(x, c1, auth)).to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember").withArgs(l.outsider.address);
        });

        it("unsorted or duplicated signers → RegistrySignersNotAscending", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const desc = [...l.quorum].sort((p, q) => (BigInt(p.address) > BigInt(q.address) ? -1 : 1));
          const unsorted = await sign(x, c1, desc, { order: "given" });
          await expect(a.send(x, c1, unsorted))
            .to.be.revertedWithCustomError(l.registry, "RegistrySignersNotAscending")
            .withArgs(desc[0]!.address, desc[1]!.address);
          // one member signing three times reaches the count but not three people
          const asc = [...desc].reverse();
          const once = await sign(x, c1, asc.slice(0, 2));
          const dup = { ...once, signatures: [once.signatures[0]!, once.signatures[0]!, once.signatures[1]!] };
          await expect(a.send(x, c1, dup))
            .to.be.revertedWithCustomError(l.registry, "RegistrySignersNotAscending")
            .withArgs(asc[0]!.address, asc[0]!.address);
        });

        it("past its deadline → RegistrySignatureExpired", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const deadline = (await l.now()) + 100n;
          const auth = await sign(x, c1, l.quorum, { deadline });
          await time.setNextBlockTimestamp(deadline + 1n);
          await expect(a.send(x, c1, auth)).to.be.revertedWithCustomError(l.registry, "RegistrySignatureExpired").withArgs(deadline, deadline + 1n);
        });

        it("replayed → RegistryActionReplayed (or the module's own refusal, where its state already moved on)", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const auth = await sign(x, c1, l.quorum);
          await a.send(x, c1, auth);
          const digest = await digestOf(l, c1, a.kind, a.payloadHash(x, c1), auth);
          expect(await l.registry.actionUsed(digest)).to.equal(true);
          if (a.replayRefusedBy) {
            const [contract, error] = a.replayRefusedBy(x);
            await expect(a.send(x, c1, auth)).to.be.revertedWithCustomError(contract as never, error);
          } else {
            await expect(a.send(x, c1, auth)).to.be.revertedWithCustomError(l.registry, "RegistryActionReplayed").withArgs(digest);
          }
        });

        it("signed for another payload, another kind of this module, or another module's kind → the signatures recover strangers", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const hash = a.payloadHash(x, c1);
          const otherPayload = await l.signCommittee(c1, a.kind, ethers.id("some other payload"), l.quorum);
          const sibling = ownKinds.find((k) => k !== a.kind) ?? foreignKind;
          const otherKind = await l.signCommittee(c1, sibling, hash, l.quorum);
          const otherModule = await l.signCommittee(c1, foreignKind, hash, l.quorum);
          for (const auth of [otherPayload, otherKind, otherModule]) {
            await expect(a.send(x, c1, auth))
              .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
              .withArgs(await firstRecovered(l, c1, a.kind, hash, auth));
          }
        });

        it("signed for another community (same committee), another chain or another contract → rejected", async () => {
          const x = await loadFixture(fixture);
          const { l, c1, c2 } = x;
          const hash = a.payloadHash(x, c1);
          const forC2 = await l.signCommittee(c2, a.kind, hash, l.quorum);
          const chain = await sign(x, c1, l.quorum, { domain: { chainId: l.chainId + 1n } });
          const contract = await sign(x, c1, l.quorum, { domain: { verifyingContract: l.votingAddress } });
          for (const auth of [forC2, chain, contract]) {
            await expect(a.send(x, c1, auth))
              .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
              .withArgs(await firstRecovered(l, c1, a.kind, hash, auth));
          }
        });

        it("the committee of another community cannot act here", async () => {
          const x = await loadFixture(fixture);
          const { l, c1, committee2 } = x;
          const auth = await sign(x, c1, committee2.slice(0, 3));
          await expect(a.send(x, c1, auth))
            .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
            .withArgs(sortAddresses(committee2.slice(0, 3).map((m) => m.address))[0]);
        });

        it("after installCommittee the old committee is rejected and the new one acts", async () => {
          const x = await loadFixture(fixture);
          const { l, c1 } = x;
          const preSigned = await sign(x, c1, l.quorum);
          const elected = l.spare.slice(5, 9);
          const members = elected.map((m) => m.address);
          const install = await l.signSupervisor(SupervisorKind.InstallCommittee, payload.installCommittee(c1, members, 3));
          await expect(l.registry.installCommittee(c1, members, 3, install)).to.emit(l.registry, "CommitteeInstalled").withArgs(c1, 2, members, 3);
          await expect(a.send(x, c1, preSigned))
            .to.be.revertedWithCustomError(l.registry, "RegistryNotCommitteeMember")
            .withArgs(sortAddresses(l.quorum.map((m) => m.address))[0]);
          const fresh = await sign(x, c1, elected.slice(1, 4));
          await expect(a.send(x, c1, fresh)).to.emit(a.emitter(x), a.event).withArgs(...a.eventArgs(x, c1));
        });

        if (a.takesCommunityId) {
          it("for an unknown community → RegistryUnknownCommunity", async () => {
            const x = await loadFixture(fixture);
            const { l } = x;
            const auth = await l.signCommittee(99n, a.kind, a.payloadHash(x, 99n), l.quorum);
            await expect(a.send(x, 99n, auth)).to.be.revertedWithCustomError(l.registry, "RegistryUnknownCommunity").withArgs(99n);
          });
        }
      });
    }
  });
}
