/** The committee console's task list, derived from actions, proposals and the fund (web/src/pages/committeeTasks.ts). */
import { describe, expect, it } from "vitest";
import type { Action, FundPlanSummary, ProposalSummary } from "../../web/src/api";
import { committeeTasks, fundTasks, isFundTask, parseTaskId, type FundFacts } from "../../web/src/pages/committeeTasks";

const me = "0x00000000000000000000000000000000000000aa";
const other = "0x00000000000000000000000000000000000000bb";

const action = (id: string, status: Action["status"], signers: string[]) =>
  ({ id, status, signatures: signers.map((signer) => ({ signer, signature: "0x" })) }) as unknown as Action;
const proposal = (id: string, status: ProposalSummary["status"], outcome: ProposalSummary["outcome"] = null, matter = 1) =>
  ({ id, status, outcome, matter, title: `p${id}` }) as unknown as ProposalSummary;
const plan = (planId: string, o: Partial<FundPlanSummary> = {}) =>
  ({ planId, proposalId: null, emergency: false, payee: "x", budgetFen: "1000", capFen: "1100", committedFen: "0", reportHash: null, reportDue: null, reportOverdue: false, ...o }) as FundPlanSummary;
const facts = (plans: FundPlanSummary[], held: string[] = [], commonBalanceFen = "0"): FundFacts => ({ plans, heldPlanIds: new Set(held), commonBalanceFen });
const ALWAYS = ["publish", "registry", "settings", "documents", "fund-emergency", "fund-statement", "fund-settings"].map((id) => ["always", id]);

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const C = "33333333-3333-4333-8333-333333333333";

describe("committee tasks", () => {
  it("puts what I have not signed first, then what waits for others or the chain, then the drafts the votes call for", () => {
    const tasks = committeeTasks(
      [action(A, "collecting", [other]), action(B, "collecting", [me]), action(C, "confirmed", [me, other])],
      [proposal("1", "voting"), proposal("2", "notice"), proposal("3", "provisional", "NoQuorum"), proposal("4", "final", "Passed")],
      me,
    );
    expect(tasks.map((t) => [t.group, t.id])).toEqual([
      ["toSign", `action-${A}`],
      ["waiting", `action-${B}`],
      ["toDraft", "paper-1"],
      ["toDraft", "mandate-1"],
      ["toDraft", "mandate-2"],
      ["toDraft", "extension-3"],
      ...ALWAYS,
    ]);
  });

  it("lists every collecting action as to sign for someone not signed in", () => {
    expect(committeeTasks([action(A, "collecting", [me])], [], null).filter((t) => t.group === "toSign")).toHaveLength(1);
  });

  it("reads only task ids it knows from a route", () => {
    expect(parseTaskId(`action-${A}`)).toBe(`action-${A}`);
    expect(parseTaskId("paper-12")).toBe("paper-12");
    expect(parseTaskId("settings")).toBe("settings");
    for (const id of ["fund-plan-4", "fund-pay-1", "fund-report-2", "fund-common", "fund-emergency", "fund-statement", "fund-settings"]) {
      expect(parseTaskId(id), id).toBe(id);
      expect(isFundTask(parseTaskId(id)!), id).toBe(true);
    }
    expect(isFundTask("settings")).toBe(false);
    for (const bad of ["action-1", "paper-", "paper-x", "vote-1", "", "publish-1", "fund-pay-", "fund-pay-0", "fund-pay-x", "fund-plan-1.5", "fund-common-1", "fund-", "fund-refund-1", `fund-pay-${"9".repeat(21)}`]) {
      expect(parseTaskId(bad), bad).toBeNull();
    }
  });
});

describe("the fund's tasks", () => {
  it("a passed, final fund-use vote without a plan calls for its plan; one with a plan, not final, rejected or another matter does not", () => {
    const ps = [
      proposal("4", "final", "Passed", 5),
      proposal("5", "final", "Passed", 5),
      proposal("6", "provisional", "Passed", 5),
      proposal("7", "final", "Rejected", 5),
      proposal("8", "final", "Passed", 3),
    ];
    const tasks = fundTasks(ps, facts([plan("1", { proposalId: "5", committedFen: "1100" })]));
    expect(tasks.map((t) => [t.group, t.id, t.proposal?.id])).toEqual([["toDraft", "fund-plan-4", "4"]]);
  });

  it("a plan with no payment held and room under its cap calls for a payment", () => {
    const plans = [plan("1"), plan("2", { committedFen: "1099" }), plan("3", { committedFen: "1100" }), plan("4")];
    const tasks = fundTasks([], facts(plans, ["4"]));
    expect(tasks.map((t) => [t.id, t.plan?.planId])).toEqual([
      ["fund-pay-1", "1"],
      ["fund-pay-2", "2"],
    ]);
  });

  it("an emergency plan whose statement is not published calls for it (overdue or not); a published one does not", () => {
    const plans = [
      plan("2", { emergency: true, committedFen: "1100", reportDue: "100", reportOverdue: true }),
      plan("3", { emergency: true, committedFen: "1100", reportHash: `0x${"1".repeat(64)}` }),
      plan("4", { emergency: false, committedFen: "1100" }),
    ];
    expect(fundTasks([], facts(plans)).map((t) => t.id)).toEqual(["fund-report-2"]);
  });

  it("common income to move calls for moving it; none does not", () => {
    expect(fundTasks([], facts([], [], "1")).map((t) => t.id)).toEqual(["fund-common"]);
    expect(fundTasks([], facts([], [], "0"))).toEqual([]);
  });

  it("in the whole list the fund's drafts follow the votes' and precede the drafts always possible; without the fund only those", () => {
    const ps = [proposal("1", "voting"), proposal("4", "final", "Passed", 5)];
    const fund = facts([plan("1", { proposalId: "9" })], [], "500");
    expect(committeeTasks([], ps, me, fund).map((t) => [t.group, t.id])).toEqual([
      ["toDraft", "paper-1"],
      ["toDraft", "mandate-1"],
      ["toDraft", "fund-plan-4"],
      ["toDraft", "fund-pay-1"],
      ["toDraft", "fund-common"],
      ...ALWAYS,
    ]);
    expect(committeeTasks([], ps, me).map((t) => t.id)).toEqual(["paper-1", "mandate-1", ...ALWAYS.map(([, id]) => id)]);
  });
});
