/**
 * The bounded slice of `npm run check:faults` that runs in `npm test`: every scenario, each on a
 * ledger of 60 owners. The full run (500 owners) is the command's; its last verdicts are in the
 * README.
 */
import { describe, expect, it } from "vitest";
import { SCENARIOS } from "../../scripts/check/faults/scenarios";

const SLICE = SCENARIOS.map((s) => s.name);

describe("fault scenarios (bounded slice)", () => {
  for (const name of SLICE) {
    const scenario = SCENARIOS.find((s) => s.name === name)!;
    it(`${name}: ${scenario.what}: nothing lost, doubled or misreported; the index equals a fresh rebuild`, async () => {
      const v = await scenario.run({ voters: 60, log: () => undefined });
      expect({ lost: v.lost, doubled: v.doubled, untrue: v.untrue, indexDiffers: v.indexDiffers, refused: v.refused, internalErrors: v.internalErrors }, v.lostJobs.join("; ")).toEqual({
        lost: 0,
        doubled: 0,
        untrue: 0,
        indexDiffers: [],
        refused: 0,
        internalErrors: 0,
      });
      expect(v.accepted).toBe(60);
      expect(v.onChain).toBe(60);
      expect(v.indexed).toBe(60);
    }, 240_000);
  }
});
