/** The committee console's task list, derived from actions and proposals (web/src/pages/committeeTasks.ts). */
import { describe, expect, it } from "vitest";
import type { Action, ProposalSummary } from "../../web/src/api";
import { committeeTasks, parseTaskId } from "../../web/src/pages/committeeTasks";

const me = "0x00000000000000000000000000000000000000aa";
const other = "0x00000000000000000000000000000000000000bb";

const action = (id: string, status: Action["status"], signers: string[]) =>
  ({ id, status, signatures: signers.map((signer) => ({ signer, signature: "0x" })) }) as unknown as Action;
const proposal = (id: string, status: ProposalSummary["status"], outcome: ProposalSummary["outcome"] = null) =>
  ({ id, status, outcome, title: `p${id}` }) as unknown as ProposalSummary;

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
      ["always", "publish"],
      ["always", "registry"],
      ["always", "settings"],
    ]);
  });

  it("lists every collecting action as to sign for someone not signed in", () => {
    expect(committeeTasks([action(A, "collecting", [me])], [], null).filter((t) => t.group === "toSign")).toHaveLength(1);
  });

  it("reads only task ids it knows from a route", () => {
    expect(parseTaskId(`action-${A}`)).toBe(`action-${A}`);
    expect(parseTaskId("paper-12")).toBe("paper-12");
    expect(parseTaskId("settings")).toBe("settings");
    for (const bad of ["action-1", "paper-", "paper-x", "vote-1", "", "publish-1"]) expect(parseTaskId(bad), bad).toBeNull();
  });
});
