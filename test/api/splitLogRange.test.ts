import { describe, expect, it } from "vitest";
import { logsSplittingRange, tooManyLogs } from "../../chain/splitLogRange";

/** A node whose answers may cover at most `max` blocks (one log per block), as viem reports a body too large. */
function node(max: bigint) {
  const calls: [bigint, bigint][] = [];
  const fetch = async (from: bigint, to: bigint) => {
    calls.push([from, to]);
    if (to - from + 1n > max) {
      const err = new Error("HTTP response body exceeded the size limit.");
      err.name = "ResponseBodyTooLargeError";
      throw err;
    }
    return Array.from({ length: Number(to - from + 1n) }, (_, i) => from + BigInt(i));
  };
  return { fetch, calls };
}

describe("reading logs over a range whose answer is too large", () => {
  it("splits the range in halves until each answer fits, and returns every log once, in order", async () => {
    const n = node(300n);
    const logs = await logsSplittingRange(n.fetch, 1n, 2000n);
    expect(logs).toEqual(Array.from({ length: 2000 }, (_, i) => BigInt(i + 1)));
    expect(n.calls.length).toBeGreaterThan(8);
  });

  it("reads a range that fits in one request", async () => {
    const n = node(5000n);
    expect(await logsSplittingRange(n.fetch, 10n, 20n)).toHaveLength(11);
    expect(n.calls).toEqual([[10n, 20n]]);
  });

  it("gives up at a single block, and passes on any other error at once", async () => {
    await expect(logsSplittingRange(node(0n).fetch, 1n, 4n)).rejects.toThrow(/size limit/);
    const failing = async () => {
      throw new Error("connection refused");
    };
    await expect(logsSplittingRange(failing, 1n, 1000n)).rejects.toThrow(/connection refused/);
    expect(tooManyLogs(new Error("query returned more than 10000 results"))).toBe(true);
    expect(tooManyLogs(Object.assign(new Error("wrapped"), { cause: { name: "ResponseBodyTooLargeError" } }))).toBe(true);
    expect(tooManyLogs(new Error("timeout"))).toBe(false);
  });
});
