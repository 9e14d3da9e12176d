/** The supervisor's queue, derived from a community's actions (web/src/pages/supervisorQueue.ts). */
import { describe, expect, it } from "vitest";
import type { Action } from "../../web/src/api";
import { supervisorQueue } from "../../web/src/pages/supervisorQueue";

const action = (id: string, status: Action["status"], supervisor: { signature: string | null } | null, deadline = "1000") =>
  ({ id, status, supervisor: supervisor && { address: "0x00000000000000000000000000000000000000aa", typedData: {}, signature: supervisor.signature }, typedData: { message: { deadline } } }) as unknown as Action;

describe("the supervisor's queue", () => {
  it("asks for what needs its signature and lacks it, still collecting and not expired; lists what it signed still under way", () => {
    const q = supervisorQueue(
      [
        action("plain", "collecting", null),
        action("ask", "collecting", { signature: null }),
        action("expired", "collecting", { signature: null }, "499"),
        action("at-deadline", "collecting", { signature: null }, "500"),
        action("signed-waiting", "collecting", { signature: "0x01" }),
        action("signed-queued", "queued", { signature: "0x01" }),
        action("signed-done", "confirmed", { signature: "0x01" }),
        action("failed-unsigned", "failed", { signature: null }),
      ],
      500n,
    );
    expect(q.toSign.map((a) => a.id)).toEqual(["ask", "at-deadline"]);
    expect(q.signed.map((a) => a.id)).toEqual(["signed-waiting", "signed-queued"]);
  });
});
