/**
 * The shared apportionment cases (test/fixtures/apportionCases.json, written from
 * domain/fund/apportion.ts) run through the contract: each case's weights become units' areas in a
 * scope, the case's amount is paid over them, and every unit's balance must fall by exactly the
 * share the domain module gives. Cases the contract cannot hold are named and skipped with the
 * reason (a unit of zero area cannot be registered; a unit balance is at most 2^32 − 1 fen).
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import cases from "../../fixtures/apportionCases.json";
import { AreaSource, ScopeKind, UnitKind } from "../fixtures";
import { DepositKind, K, firstDeposit, fundFixture, fundPayload, h, scopeBytes } from "./fundFixture";
import { apportion } from "../../../domain/fund/apportion";

const MAX_LANE = 2n ** 32n - 1n;

describe("FundLedger: the shared apportionment cases", () => {
  cases.forEach((c, n) => {
    const amount = BigInt(c.amountFen);
    const weights = c.weights.map(BigInt);
    const shares = c.shares.map(BigInt);
    const reason = weights.some((w) => w === 0n)
      ? "a unit of zero area cannot be registered"
      : weights.some((w) => w > MAX_LANE) || shares.some((s) => s > MAX_LANE / 2n)
        ? "a unit balance is at most 2^32 − 1 fen"
        : amount === 0n
          ? "a payment of 0 fen is refused"
          : undefined;
    const title = `${c.name}${reason ? ` (skipped: ${reason})` : ""}`;
    (reason ? it.skip : it)(title, async () => {
      expect(apportion(amount, weights)).to.deep.equal(shares);
      const f = await loadFixture(fundFixture);
      const buildingId = 100 + n;
      await f.l.registerBuildings(f.communityId, [{ buildingId, compound: 9, label: `case ${n}` }]);
      const units = weights.map((areaCm2, k) => ({
        unitId: buildingId * 1000 + k + 1,
        buildingId,
        areaCm2,
        areaSource: AreaSource.Registered,
        kind: UnitKind.Residential,
        developerHeld: c.name.includes("developer") && k >= weights.length - 3,
        label: `${buildingId}-${k + 1}`,
      }));
      await f.l.registerUnits(f.communityId, units);
      const first = Number((await f.fund.totalsOf(f.communityId)).accountCount);
      await f.deposit(units.map((u) => ({ unitId: u.unitId, amountFen: firstDeposit(u.areaCm2) })));
      // Top each unit up by its share, so every case is payable whatever the city's rate.
      const topUps = units.flatMap((u, k) => (shares[k]! > 0n ? [{ unitId: u.unitId, amountFen: shares[k]! }] : []));
      if (topUps.length > 0) await f.deposit(topUps, DepositKind.TopUp);
      const unitIds = units.map((u) => u.unitId);
      const { proposalId } = await f.passFundUse(ScopeKind.Units, unitIds);
      const accounts = units.map((_, k) => first + k);
      const scope = units.map((u, k) => ({ index: first + k, areaCm2: u.areaCm2 }));
      const planId = await f.createPlan({
        communityId: f.communityId,
        terms: f.terms({ proposalId, scopeKind: ScopeKind.Units, scopeIds: unitIds, budgetFen: amount }),
        accounts,
      });
      const before = await Promise.all(units.map((u) => f.fund.accountOf(f.communityId, u.unitId)));
      const input = { planId, seq: 1, amountFen: amount, invoiceHash: h("invoice"), acceptanceHash: h("acceptance") };
      const auth = await f.committee(K.RequestPayment, fundPayload.payment(input));
      await (await f.fund.requestPayment(input, scopeBytes(scope), auth)).wait();
      const after = await Promise.all(units.map((u) => f.fund.accountOf(f.communityId, u.unitId)));
      units.forEach((_, k) => expect(before[k]!.balanceFen - after[k]!.balanceFen).to.equal(shares[k]));
    });
  });
});
