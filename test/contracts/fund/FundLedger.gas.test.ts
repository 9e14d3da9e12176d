/**
 * The gas limits, asserted on Hardhat's network (pinned to cancun): a payment held over
 * the whole demo-sized community (3,109 units) within 3,500,000 gas, over one building (72 units)
 * within 150,000, and an interest allocation over 3,109 units within 3,500,000. `npm run bench`
 * prints the same figures with gas per unit.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { ScopeKind, fundFixtureWith, h } from "./fundFixture";

describe("FundLedger: gas limits", function () {
  this.timeout(600_000);

  it("payments over 1, 72 and 3,109 units and an interest allocation over 3,109 units", async () => {
    const f = await fundFixtureWith(44, 72, 3_109);
    await f.firstDeposits();
    const plans: { label: string; accounts: number[]; scopeKind: number; scopeIds: number[] }[] = [
      { label: "1 unit", accounts: [5], scopeKind: ScopeKind.Units, scopeIds: [f.units[5]!.unitId] },
      { label: "72 units (building 7)", accounts: f.accountsOf([7]), scopeKind: ScopeKind.Buildings, scopeIds: [7] },
      { label: "3,109 units (community)", accounts: f.accountsOf(), scopeKind: ScopeKind.Community, scopeIds: [] },
    ];
    const gas: Record<string, bigint> = {};
    for (const p of plans) {
      const { proposalId } = await f.passFundUse(p.scopeKind, p.scopeIds);
      const planId = await f.createPlan({
        communityId: f.communityId,
        terms: f.terms({ proposalId, scopeKind: p.scopeKind, scopeIds: p.scopeIds, budgetFen: 10_000_000n }),
        accounts: p.accounts,
      });
      // A first payment warms nothing that a real first payment would not: each is measured as the
      // second tranche, after an earlier one on the same plan, as the demo's lift repair pays.
      const advance = await f.request({ planId, amountFen: 50_000n, invoiceHash: h("advance"), acceptanceHash: ethers.ZeroHash }, p.accounts);
      await f.post(advance.paymentId);
      const { receipt } = await f.request(
        { planId, amountFen: 1_234n * BigInt(p.accounts.length) + 567n, invoiceHash: h("invoice"), acceptanceHash: h("acceptance") },
        p.accounts,
      );
      gas[p.label] = receipt.gasUsed;
      console.log(
        `      gas: requestPayment over ${p.label.padEnd(24)} ${receipt.gasUsed} (${receipt.gasUsed / BigInt(p.accounts.length)} per unit)`,
      );
    }
    const interest = (await f.interest(987_654n))!.gasUsed;
    console.log(`      gas: recordInterest over 3,109 units           ${interest} (${interest / 3109n} per unit)`);
    expect(gas["72 units (building 7)"]).to.be.at.most(150_000n);
    expect(gas["3,109 units (community)"]).to.be.at.most(3_500_000n);
    expect(interest).to.be.at.most(3_500_000n);
  });
});
