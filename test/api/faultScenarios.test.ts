/**
 * The bounded slice of `npm run check:faults` that runs in `npm test`: the chain node killed
 * mid-batch and the chain rewound mid-vote, each on a ledger of 60 owners. The full run (500
 * owners, every scenario) is the command's; its last verdicts are in the README.
 */
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../scripts/check/faults/scenarios";

const SLICE = ["chain-killed", "chain-rewound"];

describe("fault scenarios (bounded slice)", () => {
  for (const name of SLICE) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    it(`${name}: ${scenario.what}: nothing lost, doubled or misreported; the index equals a fresh rebuild`, async () => {
      const v = await scenario.run({ voters: 60, log: () => undefined });
      expect({ lost: v.lost, doubled: v.doubled, untrue: v.untrue, indexDiffers: v.indexDiffers, refused: v.refused }, v.lostJobs.join("; ")).toEqual({
        lost: 0,
        doubled: 0,
        untrue: 0,
        indexDiffers: [],
        refused: 0,
      });
      expect(v.accepted).toBe(60);
      expect(v.onChain).toBe(60);
      expect(v.indexed).toBe(60);
    }, 240_000);
  }
});
