/**
 * The local chain node of `npm start` (scripts/lib/anvil.ts): its state and its clock survive a
 * restart, and a node left behind by a crash of the process that started it is stopped (saving
 * its state) instead of blocking the port.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, nodeRpc, startAnvil, type AnvilNode } from "../../scripts/lib/anvil";
import { DEMO_HISTORY_SECONDS, bringClockToNow } from "../../scripts/lib/seedDemo";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-chain-test-"));
const stateFile = path.join(dir, "chain", "state.json");
const started: AnvilNode[] = [];

const rpc = <T>(node: AnvilNode, method: string, params: unknown[] = []) => nodeRpc<T>(node.rpcUrl, method, params);

async function latest(node: AnvilNode) {
  const b = await rpc<{ number: string; timestamp: string }>(node, "eth_getBlockByNumber", ["latest", false]);
  return { number: BigInt(b.number), timestamp: BigInt(b.timestamp) };
}

afterAll(async () => {
  for (const n of started) await n.stop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the local chain node", () => {
  const DAYS_62 = 62 * 86_400;
  let port: number;

  it("keeps its blocks and its clock across a restart: the next block is never stamped before the last", async () => {
    port = await freePort();
    const first = await startAnvil({ port, stateFile });
    started.push(first);
    await rpc(first, "evm_increaseTime", [DAYS_62]);
    await rpc(first, "evm_mine");
    await rpc(first, "evm_mine");
    const before = await latest(first);
    await first.stop();

    const second = await startAnvil({ port, stateFile });
    started.push(second);
    const resumed = await latest(second);
    expect(resumed).toEqual(before);
    await rpc(second, "evm_mine");
    const next = await latest(second);
    expect(next.number).toBe(before.number + 1n);
    expect(next.timestamp).toBeGreaterThanOrEqual(before.timestamp);
    // the 62 days moved forward are still there: the chain runs ahead of the wall clock
    expect(next.timestamp).toBeGreaterThan(BigInt(Math.floor(Date.now() / 1000) + DAYS_62 - 3_600));
    await second.stop();
  });

  it("stops a node left behind by a crash and starts on the same port with its state", async () => {
    const orphan = await startAnvil({ port, stateFile });
    started.push(orphan);
    await rpc(orphan, "evm_mine");
    const before = await latest(orphan);
    // The process that started it dies without stopping it: the node keeps the port.
    const logs: string[] = [];
    const next = await startAnvil({ port, stateFile, log: (m) => logs.push(m) });
    started.push(next);
    expect(orphan.process.exitCode !== null || orphan.process.signalCode !== null).toBe(true);
    expect(logs.join("\n")).toMatch(/left behind/);
    expect(await latest(next)).toEqual(before);
    await next.stop();
  });

  it("refuses a port held by something else, saying how to find it", async () => {
    const other = await startAnvil({ port: await freePort() });
    started.push(other);
    await expect(startAnvil({ port: other.port, stateFile })).rejects.toThrow(/already in use.*ss -ltnp/);
    await other.stop();
  });

  it("starts a new demo chain in the past, and the seed's last step brings its clock to today", async () => {
    const wall = () => BigInt(Math.floor(Date.now() / 1000));
    const node = await startAnvil({ genesisTimestamp: Number(wall()) - DEMO_HISTORY_SECONDS });
    started.push(node);
    await rpc(node, "evm_mine");
    const start = await latest(node);
    expect(wall() - start.timestamp).toBeGreaterThanOrEqual(BigInt(DEMO_HISTORY_SECONDS) - 60n);
    // The seed moves the clock 47 days forward, as the demo's history does; then catches up.
    await rpc(node, "evm_increaseTime", [47 * 86_400]);
    await rpc(node, "evm_mine");
    const driver = {
      now: async () => (await latest(node)).timestamp,
      increaseTime: async (s: bigint | number) => {
        await rpc(node, "evm_increaseTime", [Number(s)]);
        await rpc(node, "evm_mine");
      },
    };
    await bringClockToNow(driver);
    const after = await latest(node);
    expect(after.timestamp >= wall() - 5n && after.timestamp <= wall() + 5n).toBe(true);
    // A clock already at the wall clock is left alone.
    await bringClockToNow(driver);
    expect((await latest(node)).timestamp - after.timestamp <= 5n).toBe(true);
  });
});
