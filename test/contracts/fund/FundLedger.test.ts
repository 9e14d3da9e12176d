import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  Category,
  DAY,
  DepositKind,
  K,
  Matter,
  PaymentStatus,
  PlanKind,
  ScopeKind,
  firstDeposit,
  fundFixture,
  fundPayload,
  h,
  type Fund,
} from "./fundFixture";
import { apportion } from "../../../domain/fund/apportion";

const ZERO = ethers.ZeroHash;

async function funded() {
  const f = await fundFixture();
  await f.firstDeposits();
  return f;
}

async function expectConserved(f: Fund) {
  const c = await f.conservation();
  expect(c.inflow).to.equal(c.stock);
  expect(c.sumBalances + c.held).to.equal(c.t.unitFunds);
}

/** A voted plan over building 1, from a passed vote scoped to building 1. */
async function liftPlan(f: Fund, budgetFen = 1_000_000n) {
  const { proposalId, roll } = await f.passFundUse(ScopeKind.Buildings, [1]);
  const accounts = f.accountsOf([1]);
  const planId = await f.createPlan({
    communityId: f.communityId,
    terms: f.terms({ proposalId, scopeKind: ScopeKind.Buildings, scopeIds: [1], budgetFen }),
    accounts,
  });
  return { planId, accounts, proposalId, roll };
}

describe("FundLedger", () => {
  describe("deposits", () => {
    it("a first deposit opens the unit's account at area × the community's rate", async () => {
      const f = await loadFixture(funded);
      const u = f.units[3]!;
      const a = await f.fund.accountOf(f.communityId, u.unitId);
      expect(a.opened).to.equal(true);
      expect(a.accountIndex).to.equal(3);
      expect(a.balanceFen).to.equal(firstDeposit(u.areaCm2));
      expect(a.firstDepositFen).to.equal(firstDeposit(u.areaCm2));
      expect(a.areaCm2).to.equal(u.areaCm2);
      const t = await f.fund.totalsOf(f.communityId);
      expect(t.accountCount).to.equal(f.units.length);
      await expectConserved(f);
    });

    it("refuses a first deposit of the wrong amount, a second first deposit and a top-up before any", async () => {
      const f = await loadFixture(fundFixture);
      const u = f.units[0]!;
      await expect(f.deposit([{ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) + 1n }]))
        .to.be.revertedWithCustomError(f.fund, "FundFirstDepositMismatch")
        .withArgs(u.unitId, firstDeposit(u.areaCm2), firstDeposit(u.areaCm2) + 1n);
      await expect(f.deposit([{ unitId: u.unitId, amountFen: 100n }], DepositKind.TopUp))
        .to.be.revertedWithCustomError(f.fund, "FundNoFirstDeposit")
        .withArgs(u.unitId);
      await f.deposit([{ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) }]);
      await expect(f.deposit([{ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) }]))
        .to.be.revertedWithCustomError(f.fund, "FundFirstDepositDone")
        .withArgs(u.unitId);
      await expect(f.deposit([{ unitId: 999_999, amountFen: 1n }])).to.be.revertedWithCustomError(f.fund, "FundUnknownUnit");
    });

    it("accepts only the custodian's signature, and none before one is registered", async () => {
      const f = await loadFixture(fundFixture);
      const u = f.units[0]!;
      const lines = [{ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) }];
      const bank = h("b");
      const forged = await f.signCustodian(K.RecordDeposits, fundPayload.deposits(f.communityId, 1, lines, bank), {
        signer: f.l.committee[0]!,
      });
      await expect(f.fund.recordDeposits(f.communityId, 1, lines, bank, forged)).to.be.revertedWithCustomError(
        f.l.registry,
        "RegistryNotCustodian",
      );
      // A second community without a custodian.
      const other = await f.l.createCommunity({ name: "second" });
      const auth = await f.signCustodian(K.RecordDeposits, fundPayload.deposits(other, 2, lines, bank));
      await expect(f.fund.recordDeposits(other, 2, lines, bank, auth))
        .to.be.revertedWithCustomError(f.l.registry, "RegistryNoCustodian")
        .withArgs(other);
    });

    it("a reversal takes a deposit back exactly once, and a reversed first deposit may be made again", async () => {
      const f = await loadFixture(fundFixture);
      const u = f.units[0]!;
      const lines = [{ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) }];
      await f.deposit(lines);
      const entryId = (await f.fund.totalsOf(f.communityId)).entryCount;
      const bank = h("reversal");
      const auth = await f.signCustodian(K.ReverseDeposit, fundPayload.reverse(f.communityId, entryId, bank));
      await expect(f.fund.reverseDeposit(f.communityId, entryId, DepositKind.First, lines, bank, auth)).to.emit(
        f.fund,
        "DepositReversed",
      );
      expect((await f.fund.accountOf(f.communityId, u.unitId)).balanceFen).to.equal(0n);
      const again = await f.signCustodian(K.ReverseDeposit, fundPayload.reverse(f.communityId, entryId, bank));
      await expect(f.fund.reverseDeposit(f.communityId, entryId, DepositKind.First, lines, bank, again))
        .to.be.revertedWithCustomError(f.fund, "FundEntryReversed")
        .withArgs(entryId);
      await f.deposit(lines);
      expect((await f.fund.accountOf(f.communityId, u.unitId)).balanceFen).to.equal(lines[0]!.amountFen);
      await expectConserved(f);
    });
  });

  describe("plans", () => {
    it("a plan needs a passed, final fund-use vote of the same scope; one plan per vote", async () => {
      const f = await loadFixture(funded);
      const { planId, proposalId, accounts } = await liftPlan(f);
      const plan = await f.fund.getPlan(planId);
      expect(plan.kind).to.equal(PlanKind.Voted);
      expect(plan.proposalId).to.equal(proposalId);
      expect(plan.unitCount).to.equal(accounts.length);
      expect(plan.scopeAreaCm2).to.equal(accounts.reduce((s, i) => s + f.units[i]!.areaCm2, 0n));
      expect(await f.fund.planOfProposal(proposalId)).to.equal(planId);
      const again = { communityId: f.communityId, terms: f.terms({ proposalId, scopeKind: ScopeKind.Buildings, scopeIds: [1] }), accounts };
      await expect(f.createPlan(again)).to.be.revertedWithCustomError(f.fund, "FundInvalidPlan");
    });

    it("refuses a plan without a passed vote, with a failed vote, another kind or another scope", async () => {
      const f = await loadFixture(funded);
      const accounts = f.accountsOf([1]);
      const plan = (proposalId: bigint, scopeIds = [1]) => ({
        communityId: f.communityId,
        terms: f.terms({ proposalId, scopeKind: ScopeKind.Buildings, scopeIds }),
        accounts,
      });
      // No vote: an unknown proposal.
      await expect(f.createPlan(plan(99n))).to.be.reverted;
      // A failed vote.
      const failed = await f.passFundUse(ScopeKind.Buildings, [1], { choices: [1, 1, 1] });
      await expect(f.createPlan(plan(failed.proposalId)))
        .to.be.revertedWithCustomError(f.fund, "FundProposalNotPassed")
        .withArgs(failed.proposalId);
      // A vote of another kind (the whole community, matter 九).
      const other = await f.passFundUse(ScopeKind.Community, [], { matter: Matter.OtherMajorMatter });
      await expect(
        f.createPlan({ communityId: f.communityId, terms: f.terms({ proposalId: other.proposalId }), accounts }),
      ).to.be.revertedWithCustomError(f.fund, "FundNotAFundUse");
      // A vote of another scope: building 1's vote cannot pay from building 2.
      const b1 = await f.passFundUse(ScopeKind.Buildings, [1]);
      await expect(f.createPlan(plan(b1.proposalId, [2])))
        .to.be.revertedWithCustomError(f.fund, "FundScopeMismatch")
        .withArgs(b1.proposalId);
      await expect(
        f.createPlan({ ...plan(b1.proposalId), accounts: [...accounts, f.accountsOf([2])[0]!] }),
      ).to.be.revertedWithCustomError(f.fund, "FundUnitOutOfScope");
      // One committee signature is not enough.
      await expect(f.createPlan(plan(b1.proposalId), [f.l.committee[0]!])).to.be.revertedWithCustomError(
        f.l.registry,
        "RegistryBelowThreshold",
      );
    });

    it("refuses a plan while the vote is still provisional", async () => {
      const f = await loadFixture(funded);
      const { simpleRoll } = await import("../fixtures");
      const r = await f.l.runVote(f.communityId, simpleRoll([100n, 100n, 100n], 700), [0, 0, 0], {
        matter: Matter.UseFund,
        scopeKind: ScopeKind.Buildings,
        scopeIds: [1],
      });
      await expect(
        f.createPlan({
          communityId: f.communityId,
          terms: f.terms({ proposalId: r.proposalId, scopeKind: ScopeKind.Buildings, scopeIds: [1] }),
          accounts: f.accountsOf([1]),
        }),
      ).to.be.revertedWithCustomError(f.fund, "FundProposalNotPassed");
    });

    it("an emergency plan needs the committee and the supervisor, within the cap; its report is due", async () => {
      const f = await loadFixture(funded);
      const input = {
        communityId: f.communityId,
        terms: f.terms({ category: Category.Lift, scopeKind: ScopeKind.Buildings, scopeIds: [2], budgetFen: 200_000n }),
        accounts: f.accountsOf([2]),
      };
      await expect(f.createEmergency(input, { supervisor: f.l.outsider })).to.be.revertedWithCustomError(
        f.l.registry,
        "RegistryNotSupervisor",
      );
      await expect(
        f.createEmergency({ ...input, terms: { ...input.terms, budgetFen: 5_000_001n } }),
      ).to.be.revertedWithCustomError(f.fund, "FundEmergencyOverCap");
      await expect(f.createEmergency({ ...input, terms: { ...input.terms, category: Category.None } })).to.be.revertedWithCustomError(
        f.fund,
        "FundInvalidPlan",
      );
      const planId = await f.createEmergency(input);
      const plan = await f.fund.getPlan(planId);
      expect(plan.kind).to.equal(PlanKind.Emergency);
      expect(plan.reportDue).to.equal(plan.createdAt + 30n * DAY);
      await time.increase(31n * DAY);
      const auth = await f.committee(K.PublishEmergencyReport, fundPayload.report(planId, h("report")));
      await expect(f.fund.publishEmergencyReport(planId, h("report"), auth))
        .to.emit(f.fund, "EmergencyReportPublished")
        .withArgs(f.communityId, planId, h("report"), true);
    });
  });

  describe("payments", () => {
    it("holds each unit's share by area (running total), then posts exactly once", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f);
      const before = await f.balances();
      const amount = 333_337n;
      const { paymentId } = await f.request({ planId, amountFen: amount, invoiceHash: h("inv"), acceptanceHash: ZERO }, accounts);
      const after = await f.balances();
      const shares = apportion(amount, accounts.map((i) => f.units[i]!.areaCm2));
      accounts.forEach((i, k) => expect(before[i]! - after[i]!).to.equal(shares[k]));
      expect(shares.reduce((a, b) => a + b, 0n)).to.equal(amount);
      // Units outside the scope are untouched.
      for (const i of f.accountsOf([2])) expect(after[i]).to.equal(before[i]);
      expect((await f.fund.getPayment(paymentId)).status).to.equal(PaymentStatus.Held);
      await expectConserved(f);
      await f.post(paymentId);
      expect((await f.fund.getPayment(paymentId)).status).to.equal(PaymentStatus.Posted);
      await expect(f.post(paymentId))
        .to.be.revertedWithCustomError(f.fund, "FundPaymentNotHeld")
        .withArgs(paymentId, PaymentStatus.Posted);
      await expect(f.void(paymentId, accounts)).to.be.revertedWithCustomError(f.fund, "FundPaymentNotHeld");
      const t = await f.fund.totalsOf(f.communityId);
      expect(t.paidOut).to.equal(amount);
      expect((await f.conservation()).held).to.equal(0n);
      await expectConserved(f);
    });

    it("a void gives every unit back exactly its share, once", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f);
      const before = await f.balances();
      const { paymentId } = await f.request({ planId, amountFen: 99_999n, invoiceHash: h("inv"), acceptanceHash: ZERO }, accounts);
      await f.void(paymentId, accounts);
      expect(await f.balances()).to.deep.equal(before);
      expect((await f.fund.getPlan(planId)).committedFen).to.equal(0n);
      await expect(f.post(paymentId)).to.be.revertedWithCustomError(f.fund, "FundPaymentNotHeld");
      await expectConserved(f);
    });

    it("payments may exceed the budget by 10 % and not a fen more", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f, 1_000_000n);
      const first = await f.request({ planId, amountFen: 600_000n, invoiceHash: h("1"), acceptanceHash: ZERO }, accounts);
      await f.post(first.paymentId);
      await expect(f.request({ planId, amountFen: 500_001n, invoiceHash: h("2"), acceptanceHash: ZERO }, accounts))
        .to.be.revertedWithCustomError(f.fund, "FundOverBudget")
        .withArgs(planId, 600_000n, 500_001n, 1_000_000n);
      await f.request({ planId, amountFen: 500_000n, invoiceHash: h("2"), acceptanceHash: ZERO }, accounts);
      expect((await f.fund.getPlan(planId)).committedFen).to.equal(1_100_000n);
    });

    it("refuses a payment a unit cannot cover, naming the unit, and changes nothing", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f, 100_000_000n);
      const before = await f.balances();
      const total = accounts.reduce((s, i) => s + before[i]!, 0n);
      await expect(
        f.request({ planId, amountFen: total + 1_000n, invoiceHash: h("big"), acceptanceHash: ZERO }, accounts),
      ).to.be.revertedWithCustomError(f.fund, "FundInsufficientBalance");
      expect(await f.balances()).to.deep.equal(before);
    });

    it("one payment of a plan is held at a time, and a replayed or out-of-turn request is refused", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f);
      const input = { planId, seq: 1, amountFen: 1_000n, invoiceHash: h("i"), acceptanceHash: ZERO };
      const auth = await f.committee(K.RequestPayment, fundPayload.payment(input));
      await (await f.fund.requestPayment(input, f.scopeOf(accounts), auth)).wait();
      // The same signatures again: the plan's next payment is 2.
      await expect(f.fund.requestPayment(input, f.scopeOf(accounts), auth))
        .to.be.revertedWithCustomError(f.fund, "FundWrongSeq")
        .withArgs(planId, 2, 1);
      await expect(f.request({ planId, amountFen: 1n, invoiceHash: h("j"), acceptanceHash: ZERO }, accounts))
        .to.be.revertedWithCustomError(f.fund, "FundPaymentPending")
        .withArgs(planId, (planId << 32n) | 1n);
      await f.post((planId << 32n) | 1n);
      const second = await f.request({ planId, amountFen: 1n, invoiceHash: h("j"), acceptanceHash: ZERO }, accounts);
      expect(second.paymentId).to.equal((planId << 32n) | 2n);
      expect((await f.fund.getPayment((planId << 32n) | 1n)).status).to.equal(PaymentStatus.Posted);
      expect((await f.fund.getPayment(second.paymentId)).status).to.equal(PaymentStatus.Held);
      await expect(f.fund.getPayment((planId << 32n) | 3n)).to.be.revertedWithCustomError(f.fund, "FundUnknownPayment");
    });

    it("refuses a scope other than the plan's and a payment without the committee's threshold", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts } = await liftPlan(f);
      const input = { planId, amountFen: 1_000n, invoiceHash: h("i"), acceptanceHash: ZERO };
      await expect(f.request(input, accounts.slice(1))).to.be.revertedWithCustomError(f.fund, "FundInvalidScope");
      await expect(f.request(input, accounts, f.l.committee.slice(0, 2))).to.be.revertedWithCustomError(
        f.l.registry,
        "RegistryBelowThreshold",
      );
      // The custodian cannot request, the committee cannot post.
      const { paymentId } = await f.request(input, accounts);
      const bank = h("t");
      const forged = await f.signCustodian(K.PostPayment, fundPayload.postOrVoid(paymentId, bank), { signer: f.l.committee[0]! });
      await expect(f.fund.postPayment(paymentId, bank, forged)).to.be.revertedWithCustomError(f.l.registry, "RegistryNotCustodian");
    });
  });

  describe("income", () => {
    it("interest is allocated pro rata to balances, exactly", async () => {
      const f = await loadFixture(funded);
      const before = await f.balances();
      await f.interest(123_457n);
      const after = await f.balances();
      const shares = apportion(123_457n, before);
      after.forEach((b, i) => expect(b - before[i]!).to.equal(shares[i]));
      await expectConserved(f);
    });

    it("common income has its own account and moves to units only on a passed vote", async () => {
      const f = await loadFixture(funded);
      const bank = h("ads");
      const auth = await f.signCustodian(K.RecordCommonIncome, fundPayload.commonIncome(f.communityId, 50_000n, h("ads q1"), bank));
      await (await f.fund.recordCommonIncome(f.communityId, 50_000n, h("ads q1"), bank, auth)).wait();
      expect((await f.fund.totalsOf(f.communityId)).commonBalance).to.equal(50_000n);
      const accounts = f.accountsOf();
      const failed = await f.passFundUse(ScopeKind.Community, [], { matter: Matter.OtherMajorMatter, choices: [1, 1, 1] });
      const refuse = await f.committee(K.MoveCommonIncome, fundPayload.moveCommon(f.communityId, failed.proposalId, 40_000n, accounts));
      await expect(f.fund.moveCommonIncome(f.communityId, failed.proposalId, 40_000n, accounts, refuse)).to.be.revertedWithCustomError(
        f.fund,
        "FundProposalNotPassed",
      );
      const passed = await f.passFundUse(ScopeKind.Community, [], { matter: Matter.OtherMajorMatter });
      const before = await f.balances();
      const ok = await f.committee(K.MoveCommonIncome, fundPayload.moveCommon(f.communityId, passed.proposalId, 40_000n, accounts));
      await (await f.fund.moveCommonIncome(f.communityId, passed.proposalId, 40_000n, accounts, ok)).wait();
      const after = await f.balances();
      const shares = apportion(40_000n, f.units.map((u) => u.areaCm2));
      after.forEach((b, i) => expect(b - before[i]!).to.equal(shares[i]));
      expect((await f.fund.totalsOf(f.communityId)).commonBalance).to.equal(10_000n);
      await expectConserved(f);
    });

    it("a demolished unit is refunded and its account closed", async () => {
      const f = await loadFixture(funded);
      const u = f.units[0]!;
      const bank = h("refund");
      const auth = await f.signCustodian(K.RefundUnit, fundPayload.refund(f.communityId, u.unitId, bank));
      await expect(f.fund.refundUnit(f.communityId, u.unitId, bank, auth))
        .to.emit(f.fund, "UnitRefunded")
        .withArgs(f.communityId, u.unitId, 2n, firstDeposit(u.areaCm2), bank);
      const a = await f.fund.accountOf(f.communityId, u.unitId);
      expect(a.closed).to.equal(true);
      expect(a.balanceFen).to.equal(0n);
      await expect(f.deposit([{ unitId: u.unitId, amountFen: 1n }], DepositKind.TopUp)).to.be.revertedWithCustomError(
        f.fund,
        "FundAccountClosed",
      );
      await expectConserved(f);
    });
  });

  describe("ratings and statements", () => {
    it("a voter entry rates the work once, after the acceptance report", async () => {
      const f = await loadFixture(funded);
      const { planId, accounts, roll } = await liftPlan(f);
      const leaf = roll.leaf(0);
      const voter = roll.signerOf(0);
      const deadline = (await f.l.now()) + DAY;
      const rating = { planId, entryId: 0, voter: leaf.voter, areaCm2: leaf.areaCm2, headcount: leaf.headcount, stars: 4, commentHash: h("good"), deadline };
      const sign = (r: typeof rating, signer = voter) =>
        signer.signTypedData(
          { name: "FundReports", version: "1", chainId: f.l.chainId, verifyingContract: f.reports.target as string },
          {
            WorkRating: [
              { name: "planId", type: "uint256" },
              { name: "entryId", type: "uint32" },
              { name: "stars", type: "uint8" },
              { name: "commentHash", type: "bytes32" },
              { name: "deadline", type: "uint64" },
            ],
          },
          { planId: r.planId, entryId: r.entryId, stars: r.stars, commentHash: r.commentHash, deadline: r.deadline },
        );
      await expect(f.reports.rateWork(rating, leaf.proof, await sign(rating))).to.be.revertedWithCustomError(f.reports, "FundNotAccepted");
      const { paymentId } = await f.request({ planId, amountFen: 10_000n, invoiceHash: h("i"), acceptanceHash: h("acceptance") }, accounts);
      await f.post(paymentId);
      await expect(f.reports.rateWork(rating, leaf.proof, await sign(rating, roll.signerOf(1))))
        .to.be.revertedWithCustomError(f.reports, "FundWrongSigner");
      await expect(f.reports.rateWork({ ...rating, stars: 6 }, leaf.proof, await sign({ ...rating, stars: 6 })))
        .to.be.revertedWithCustomError(f.reports, "FundBadRating");
      await expect(f.reports.rateWork(rating, leaf.proof, await sign(rating))).to.emit(f.reports, "WorkRated").withArgs(f.communityId, planId, 0, 4, h("good"));
      await expect(f.reports.rateWork(rating, leaf.proof, await sign(rating))).to.be.revertedWithCustomError(f.reports, "FundAlreadyRated");
      const [count, sum] = await f.reports.ratingsOf(planId);
      expect(count).to.equal(1);
      expect(sum).to.equal(4);
    });

    it("a statement is published by the committee and confirmed once by the custodian", async () => {
      const f = await loadFixture(funded);
      const t = await f.fund.totalsOf(f.communityId);
      const now = await f.l.now();
      const statement = {
        communityId: f.communityId,
        periodStart: now - 100n,
        periodEnd: now - 1n,
        root: h("root"),
        totalFen: t.unitFunds,
        lineCount: f.units.length,
        ledgerBalanceFen: t.unitFunds,
        documentHash: h("doc"),
      };
      const auth = await f.committee(K.PublishStatement, fundPayload.statement(statement));
      await expect(f.reports.publishStatement(statement, auth)).to.emit(f.reports, "StatementPublished");
      const bank = h("balance");
      const c = await f.signCustodian(K.ConfirmStatement, fundPayload.confirm(1n, t.unitFunds, t.unitFunds, bank));
      await expect(f.reports.confirmStatement(1n, t.unitFunds, t.unitFunds, bank, c))
        .to.emit(f.reports, "StatementConfirmed")
        .withArgs(f.communityId, 1n, t.unitFunds, bank, true);
      const c2 = await f.signCustodian(K.ConfirmStatement, fundPayload.confirm(1n, t.unitFunds, t.unitFunds, bank));
      await expect(f.reports.confirmStatement(1n, t.unitFunds, t.unitFunds, bank, c2)).to.be.revertedWithCustomError(
        f.reports,
        "FundStatementConfirmed",
      );
    });
  });
});
