/**
 * The fund rebuilt from its events alone (domain/fund/ledgerReplay.ts, through chain/fundEvents.ts,
 * decoding raw logs with viem as the browser does) must equal the contract's state after a random
 * sequence of deposits, interest, common income, plans, payments held, posted and voided, and
 * refunds: every balance, every total, every payment's status; and the ledger it builds must be a
 * valid double-entry ledger whose bank balance is the contract's money.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { decodeEventLog, type Hex } from "viem";
import { fundLedgerAbi } from "../../../chain/abi";
import { fundEventOf } from "../../../chain/fundEvents";
import { replayFund, heldFen, type FundEvent } from "../../../domain/fund/ledgerReplay";
import { computeStatement, validateLedger } from "../../../domain/fund/statement";
import { prng } from "../fixtures";
import { Category, DepositKind, K, ScopeKind, fundFixtureWith, fundPayload, h, type Fund } from "./fundFixture";

export async function fundEvents(f: Fund): Promise<FundEvent[]> {
  const logs = await ethers.provider.getLogs({ address: await f.fund.getAddress(), fromBlock: 0, toBlock: "latest" });
  const times = new Map<number, bigint>();
  const out: FundEvent[] = [];
  for (const log of logs) {
    const decoded = decodeEventLog({ abi: fundLedgerAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data as Hex });
    if (!times.has(log.blockNumber)) times.set(log.blockNumber, BigInt((await ethers.provider.getBlock(log.blockNumber))!.timestamp));
    const ev = fundEventOf(decoded.eventName, decoded.args, {
      time: times.get(log.blockNumber)!,
      block: BigInt(log.blockNumber),
      logIndex: log.index,
      txHash: log.transactionHash as Hex,
    });
    if (ev) out.push(ev);
  }
  return out;
}

describe("FundLedger: the ledger rebuilt from events equals the contract", function () {
  this.timeout(300_000);

  it("after a random sequence of 120 actions", async () => {
    const f = await fundFixtureWith(3, 8);
    await f.firstDeposits();
    const rnd = prng(20261202);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd.next() * xs.length)]!;
    const plans: { planId: bigint; accounts: number[] }[] = [];
    for (const b of [1, 2, 3]) {
      const { proposalId } = await f.passFundUse(ScopeKind.Buildings, [b]);
      const accounts = f.accountsOf([b]);
      plans.push({
        planId: await f.createPlan({ communityId: f.communityId, terms: f.terms({ proposalId, scopeKind: ScopeKind.Buildings, scopeIds: [b], budgetFen: 2_000_000n }), accounts }),
        accounts,
      });
    }
    const emergencyAccounts = f.accountsOf([2, 3]);
    plans.push({
      planId: await f.createEmergency({
        communityId: f.communityId,
        terms: f.terms({ category: Category.Pipe, scopeKind: ScopeKind.Buildings, scopeIds: [2, 3], budgetFen: 300_000n }),
        accounts: emergencyAccounts,
      }),
      accounts: emergencyAccounts,
    });
    let refunded = 0;
    for (let step = 0; step < 120; step++) {
      const r = rnd.next();
      try {
        if (r < 0.2) {
          const u = pick(f.units);
          await f.deposit([{ unitId: u.unitId, amountFen: BigInt(1 + Math.floor(rnd.next() * 200_000)) }], DepositKind.TopUp);
        } else if (r < 0.3) {
          await f.interest(BigInt(1 + Math.floor(rnd.next() * 50_000)));
        } else if (r < 0.35) {
          const bank = h(`c${step}`);
          const amount = BigInt(1 + Math.floor(rnd.next() * 30_000));
          const auth = await f.signCustodian(K.RecordCommonIncome, fundPayload.commonIncome(f.communityId, amount, h("ads"), bank));
          await (await f.fund.recordCommonIncome(f.communityId, amount, h("ads"), bank, auth)).wait();
        } else if (r < 0.7) {
          const p = pick(plans);
          const plan = await f.fund.getPlan(p.planId);
          if (plan.heldSeq !== 0n) {
            const paymentId = (p.planId << 32n) | plan.heldSeq;
            if (rnd.next() < 0.6) await f.post(paymentId);
            else await f.void(paymentId, p.accounts);
          } else {
            await f.request({ planId: p.planId, amountFen: BigInt(1 + Math.floor(rnd.next() * 400_000)), invoiceHash: h(`i${step}`), acceptanceHash: rnd.next() < 0.5 ? h("a") : ethers.ZeroHash }, p.accounts);
          }
        } else if (r < 0.73 && refunded < 2) {
          const u = f.units[f.units.length - 1 - refunded]!;
          const bank = h(`r${step}`);
          const auth = await f.signCustodian(K.RefundUnit, fundPayload.refund(f.communityId, u.unitId, bank));
          await (await f.fund.refundUnit(f.communityId, u.unitId, bank, auth)).wait();
          refunded++;
        }
      } catch (err) {
        // Refusals (a unit short, over budget) are part of a random sequence; they change nothing.
        const msg = String(err);
        if (!/FundInsufficientBalance|FundOverBudget|FundAccountClosed/.test(msg)) throw err;
      }
    }

    const state = replayFund(await fundEvents(f));
    const chainBalances = await f.fund.balancesOf(f.communityId, 0, f.units.length);
    expect(state.accounts.map((a) => a.balanceFen)).to.deep.equal([...chainBalances]);
    const t = await f.fund.totalsOf(f.communityId);
    expect(state.totals.deposited).to.equal(t.deposited);
    expect(state.totals.income).to.equal(t.income);
    expect(state.totals.commonIncome).to.equal(t.commonIncome);
    expect(state.totals.paidOut).to.equal(t.paidOut);
    expect(state.totals.refunded).to.equal(t.refunded);
    expect(state.totals.unitFunds).to.equal(t.unitFunds);
    expect(state.totals.commonBalance).to.equal(t.commonBalance);
    expect(state.payments.size).to.be.greaterThan(5);
    for (const p of state.payments.values()) {
      const onChain = await f.fund.getPayment(p.paymentId);
      expect(["", "held", "posted", "voided"][Number(onChain.status)]).to.equal(p.status);
    }
    // A valid double-entry ledger whose bank balance is all the money the contract holds.
    validateLedger(state.entries);
    const statement = computeStatement(state.entries, { fromTime: 0n, toTime: 2n ** 62n });
    const sumBalances = [...chainBalances].reduce((a, b) => a + b, 0n);
    expect(statement.totals.unitsBalanceFen).to.equal(sumBalances);
    expect(statement.totals.heldInPayablesFen).to.equal(heldFen(state));
    expect(statement.totals.bankBalanceFen).to.equal(t.unitFunds + t.commonBalance);
  });
});
