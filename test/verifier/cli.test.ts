/**
 * `npm run verify -- proposal <id>` against a real ledger (Anvil, the contracts, the API over
 * HTTP): exit 0 when chain and API agree; 2, with its own message, when the node is down, the
 * chain is another, a contract is missing or the proposal does not exist; 1 when the API's
 * database was altered (the text, or two ballots of equal weight swapped), naming what differs.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CommitteeKind, objectionTypes, votingDomain } from "../../chain/typedData";
import { freePort } from "../../scripts/lib/anvil";
import { runVerify } from "../../scripts/verify";
import { MEMBERS, addr, key, advanceChainTime, call, createTestbed, publishViaApi, signBallot, waitFor, type Testbed } from "../api/support/testbed";

const ROOT = path.resolve(__dirname, "../..");
const TEXT = "1 栋屋面漏水，拟更换防水层。Replace building 1's roof membrane."; // what publishViaApi drafts

let tb: Testbed;
let proposalId: bigint;
let tmp: string;
let deploymentFile: string;
let apiUrl: string;
/** entry id of each voter label, and the choice it cast */
const cast = new Map<string, { entryId: number; choice: number }>();

async function run(args: string[], env: Record<string, string | undefined> = { LANG: "en_US.UTF-8" }) {
  let stdout = "";
  let stderr = "";
  const code = await runVerify(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, cwd: ROOT });
  return { code, stdout, stderr };
}

const base = () => ["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--deployment", deploymentFile];

async function vote(label: string, choice: number, votingEnd: bigint) {
  const r = await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr(label)}`);
  const entryId = r.body.entries[0].entryId as number;
  const signature = await signBallot(tb, label, { proposalId, entryId, choice, nonce: 1, deadline: votingEnd });
  const sent = await call(tb, "POST", "/api/ballots", {
    proposalId: proposalId.toString(),
    entryId,
    voter: addr(label),
    choice,
    nonce: 1,
    deadline: votingEnd.toString(),
    signature,
  });
  expect(sent.status).toBe(202);
  const receipt = await waitFor(async () => {
    const x = await call(tb, "GET", `/api/ballots/${sent.body.receipt.id}`);
    return ["confirmed", "rejected", "failed"].includes(x.body.receipt.status) ? x.body.receipt : null;
  });
  expect(receipt.status).toBe("confirmed");
  cast.set(label, { entryId, choice });
}

beforeAll(async () => {
  tb = await createTestbed({ service: { port: 0 } });
  apiUrl = `http://127.0.0.1:${tb.service.port}`;
  // Two more flats of equal area in building 2, so that swapping their ballots keeps every total.
  const committee = MEMBERS.slice(0, 3);
  await tb.driver.committee(
    tb.communityId,
    CommitteeKind.RegisterUnits,
    [tb.communityId, [204, 205].map((unitId) => ({ unitId, buildingId: 2, areaCm2: 8800n, areaSource: 3, kind: 1, developerHeld: false, label: `2-${unitId}` }))],
    committee,
  );
  await tb.driver.committee(
    tb.communityId,
    CommitteeKind.BindOwners,
    [
      tb.communityId,
      [
        { unitId: 204, owner: addr("henry"), identityHash: keccak256(toHex("identity:henry")), evidenceHash: keccak256(toHex("evidence:204")) },
        { unitId: 205, owner: addr("iris"), identityHash: keccak256(toHex("identity:iris")), evidenceHash: keccak256(toHex("evidence:205")) },
      ],
    ],
    committee,
  );
  await tb.service.ctx.indexer.waitFor();
  const p = await publishViaApi(tb, { matter: 5, scope: { kind: 0, ids: [] } });
  proposalId = p.proposalId;
  await advanceChainTime(tb, p.votingStart - (await tb.driver.now()));
  for (const [label, choice] of [["alice", 0], ["henry", 0], ["iris", 1], ["bob", 2]] as const) await vote(label, choice, p.votingEnd);
  await tb.service.ctx.indexer.waitFor();

  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "verify-cli-"));
  deploymentFile = path.join(tmp, "deployment.json");
  fs.writeFileSync(deploymentFile, JSON.stringify(tb.deployment, null, 2));
}, 180_000);

afterAll(async () => {
  await tb?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("npm run verify -- proposal <id>", () => {
  it("exits 0 when the chain and the API agree, ballot by ballot, and says what it read", async () => {
    const r = await run([...base(), "--api", apiUrl, "--lang", "en"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Node:      ${tb.anvil.rpcUrl} (chain id ${tb.deployment.chainId})`);
    expect(r.stdout).toContain(`from the deployment file ${deploymentFile}`);
    expect(r.stdout).toMatch(/✓ Roll: /);
    expect(r.stdout).toContain("✓ Recount: 4 ballot records, 4 entries counted; equals the contract's count (同意 248.00 m² / 2 owners; 反对 88.00 m² / 1 owner; 弃权 80.00 m² / 1 owner)");
    expect(r.stdout).toMatch(/✓ Result: /);
    expect(r.stdout).toMatch(/✓ Text: the hash of the API's text equals the on-chain text hash/);
    expect(r.stdout).toMatch(/✓ API summary: /);
    expect(r.stdout).toMatch(/✓ API ballots: \d+ entries compared one by one \(4 counted ballots on chain/);
    expect(r.stdout).toContain("(exit 0)");
  });

  it("reports in Chinese by default, and as JSON with --json", async () => {
    const zh = await run([...base(), "--api", apiUrl], {});
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain("✓ 业主名册：");
    expect(zh.stdout).toContain("核验通过");
    const j = await run([...base(), "--json"]);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout) as { ok: boolean; node: { chainId: number; toBlock: string }; checks: { id: string; status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.node.chainId).toBe(tb.deployment.chainId);
    expect(BigInt(report.node.toBlock)).toBeGreaterThan(0n);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["roll", "ok"],
      ["recount", "ok"],
      ["result", "ok"],
      ["text", "skipped"],
    ]);
  });

  it("checks a text file against the on-chain hash, addresses given by flags", async () => {
    const good = path.join(tmp, "good.txt");
    const bad = path.join(tmp, "bad.txt");
    fs.writeFileSync(good, TEXT);
    fs.writeFileSync(bad, TEXT.replace("防水层", "防水层和电梯"));
    const flags = ["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--registry", tb.deployment.registry, "--voting", tb.deployment.voting, "--from-block", tb.deployment.deployBlock];
    const ok = await run([...flags, "--text", good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Addresses: from the flags");
    expect(ok.stdout).toContain(`✓ Text: the hash of the file ${good}`);
    const altered = await run([...flags, "--text", bad]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/✗ Text: The hash of the file's text, 0x[0-9a-f]{64}, differs from the on-chain text hash/);
  });

  it("exits 2: contract not found, when there is no contract at an address", async () => {
    const r = await run(["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--registry", addr("nobody"), "--voting", tb.deployment.voting, "--from-block", "0"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`Could not check: contract not found. There is no contract at the registry contract address ${addr("nobody")}`);
    const zh = await run(["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--registry", tb.deployment.registry, "--voting", addr("nobody"), "--from-block", "0"], {});
    expect(zh.code).toBe(2);
    expect(zh.stdout).toContain("无法核验：找不到合约。表决合约地址");
    // code there, but not the contract: the voting contract given as the registry
    const swapped = await run(["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--registry", tb.deployment.voting, "--voting", tb.deployment.registry, "--from-block", "0"]);
    expect(swapped.code).toBe(2);
    expect(swapped.stdout).toContain("contract not found. The contract at");
  });

  it("exits 2: node unreachable, when nothing listens at the node's address", async () => {
    const port = await freePort();
    const r = await run(["proposal", proposalId.toString(), "--rpc", `http://127.0.0.1:${port}`, "--deployment", deploymentFile]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`Could not check: node unreachable. http://127.0.0.1:${port} did not answer`);
    const zh = await run(["proposal", proposalId.toString(), "--rpc", `http://127.0.0.1:${port}`, "--deployment", deploymentFile, "--lang", "zh-CN"]);
    expect(zh.stdout).toContain("无法核验：节点无法连接。");
  });

  it("exits 2: wrong chain, when the deployment file is for another chain id", async () => {
    const other = path.join(tmp, "other-chain.json");
    fs.writeFileSync(other, JSON.stringify({ ...tb.deployment, chainId: 11155111 }));
    const r = await run(["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--deployment", other]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`Could not check: wrong chain. The addresses are for chain id 11155111, but this node is chain id ${tb.deployment.chainId}.`);
  });

  it("exits 2: record not found, for a proposal id the chain does not have", async () => {
    const r = await run(["proposal", "999", "--rpc", tb.anvil.rpcUrl, "--deployment", deploymentFile, "--api", apiUrl]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Could not check: record not found. The chain has no vote #999 (the voting contract has 1).");
    const late = await run(["proposal", proposalId.toString(), "--rpc", tb.anvil.rpcUrl, "--registry", tb.deployment.registry, "--voting", tb.deployment.voting, "--from-block", "100000000"]);
    expect(late.code).toBe(2);
    expect(late.stdout).toContain("record not found. Blocks 100000000 to");
  });

  it("exits 2 when the API asked for cannot be read, after the chain's checks", async () => {
    const port = await freePort();
    const r = await run([...base(), "--api", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✓ Recount: /);
    expect(r.stdout).toContain("– Text: not checked: the API's text could not be read");
    expect(r.stdout).toContain(`✗ Could not compare with the API: http://127.0.0.1:${port} could not be read`);
  });

  it("exits 2 on bad arguments, with the usage", async () => {
    const r = await run(["proposal", "x", "--rpc", tb.anvil.rpcUrl]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: npm run verify");
  });

  it("exits 1 naming the text check when the API's copy of the text was altered", async () => {
    const { prisma } = tb.service.ctx;
    const hash = keccak256(toHex(TEXT));
    await prisma.document.update({ where: { hash }, data: { body: `${TEXT} 另加电梯。` } });
    try {
      const r = await run([...base(), "--api", apiUrl]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/✗ Text: The hash of the API's text, 0x[0-9a-f]{64}, differs from the on-chain text hash/);
      expect(r.stdout).toMatch(/✓ API ballots: /);
      expect(r.stdout).toContain("(exit 1)");
      const j = JSON.parse((await run([...base(), "--api", apiUrl, "--json"])).stdout) as { exitCode: number; checks: { id: string; status: string; problems: { code: string }[] }[] };
      expect(j.exitCode).toBe(1);
      expect(j.checks.filter((c) => c.status === "failed").map((c) => [c.id, c.problems.map((p) => p.code)])).toEqual([["text", ["TEXT_HASH_DIFFERS"]]]);
    } finally {
      await prisma.document.update({ where: { hash }, data: { body: TEXT } });
    }
  });

  it("exits 1 listing both entries when two ballots of equal weight were swapped in the API's database", async () => {
    const { prisma } = tb.service.ctx;
    const henry = cast.get("henry")!;
    const iris = cast.get("iris")!;
    const set = (entryId: number, choice: number) =>
      prisma.ballot.update({ where: { proposalId_entryId: { proposalId, entryId } }, data: { choice } });
    await set(henry.entryId, iris.choice);
    await set(iris.entryId, henry.choice);
    try {
      const r = await run([...base(), "--api", apiUrl]);
      expect(r.code).toBe(1);
      // the totals still agree: only the ballot-by-ballot comparison sees it
      expect(r.stdout).toMatch(/✓ API summary: /);
      expect(r.stdout).toContain("✗ API ballots: 2 differences:");
      expect(r.stdout).toContain(`entry ${henry.entryId} (2-204): chain 同意 (0), API 反对 (1)`);
      expect(r.stdout).toContain(`entry ${iris.entryId} (2-205): chain 反对 (1), API 同意 (0)`);
      const zh = await run([...base(), "--api", apiUrl, "--lang", "zh-CN"]);
      expect(zh.stdout).toContain(`条目 ${henry.entryId}（2-204）：链上 同意 (0)，网站 反对 (1)`);
    } finally {
      await set(henry.entryId, henry.choice);
      await set(iris.entryId, iris.choice);
    }
  });

  it("sets the process's exit code when run as a command", async () => {
    const spawnRun = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve) => {
        execFile("npx", ["tsx", "scripts/verify.ts", ...args], { cwd: ROOT, env: { ...process.env, LANG: "en_US.UTF-8" }, timeout: 60_000 }, (err, stdout) => {
          resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout });
        });
      });
    const ok = await spawnRun([...base(), "--api", apiUrl]);
    expect(ok.stdout).toContain("(exit 0)");
    expect(ok.code).toBe(0);
    const down = await spawnRun(["proposal", proposalId.toString(), "--rpc", `http://127.0.0.1:${await freePort()}`, "--deployment", deploymentFile]);
    expect(down.stdout).toContain("node unreachable");
    expect(down.code).toBe(2);
  }, 120_000);

  it("lists the objections filed against the result and whether the committee has answered them, from the chain", async () => {
    const before = await run(base());
    expect(before.stdout).toContain("Objections: none on the chain.");
    const p = (await call(tb, "GET", `/api/proposals/${proposalId}`)).body;
    await advanceChainTime(tb, BigInt(p.votingEnd) - (await tb.driver.now()) + 1n);
    const f = await call(tb, "POST", `/api/proposals/${proposalId}/finalize`);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${f.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
    const entry = (await call(tb, "GET", `/api/proposals/${proposalId}/voters/${addr("bob")}`)).body.entries[0];
    const text = "The notice was not posted in building 2.";
    const deadline = (await tb.driver.now()) + 86_400n;
    const signature = await privateKeyToAccount(key("bob")).signTypedData({
      domain: votingDomain(tb.deployment.chainId, tb.deployment.voting),
      types: objectionTypes,
      primaryType: "Objection",
      message: { proposalId, entryId: entry.entryId, textHash: keccak256(toHex(text)), deadline },
    });
    const o = await call(tb, "POST", `/api/proposals/${proposalId}/objections`, { entryId: entry.entryId, voter: addr("bob"), text, deadline: deadline.toString(), signature });
    expect(o.status).toBe(202);
    await waitFor(async () => ((await call(tb, "GET", `/api/ballots/${o.body.receipt.id}`)).body.receipt.status === "confirmed" ? true : null));
    const after = await run(base());
    expect(after.code).toBe(0);
    expect(after.stdout).toContain("Objections: 1 objection on the chain, 0 answered by the committee:");
    expect(after.stdout).toContain(`objection 1 (roll entry ${entry.entryId}, signed by ${addr("bob")}`);
    expect(after.stdout).toContain(`text hash ${keccak256(toHex(text))}; not answered yet`);
  }, 120_000);
});
