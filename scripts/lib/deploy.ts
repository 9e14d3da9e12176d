/**
 * Deploys CommunityRegistry and its modules (OwnerVoting, FundLedger, FundReports, DocumentAnchor) with ethers, from the district admin's key, and
 * appoints the supervisors. The relayer key plays no part: it is never granted a role.
 */
import fs from "node:fs";
import path from "node:path";
import { ContractFactory, JsonRpcProvider, NonceManager, Wallet, concat, keccak256, type InterfaceAbi } from "ethers";
import type { Deployment } from "../../ledger-api/src/chain/deployment";

const ROOT = path.resolve(__dirname, "../..");

function artifact(name: string): { abi: InterfaceAbi; bytecode: string } {
  const file = path.join(ROOT, "artifacts/contracts", `${name}.sol`, `${name}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npx hardhat compile\` first`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as { abi: InterfaceAbi; bytecode: string };
}

/** Identifies the compiled contracts: a deployment made from other code cannot serve this API. */
export function contractsVersion(): string {
  return keccak256(concat(["CommunityRegistry", "OwnerVoting", "FundLedger", "FundReports", "DocumentAnchor"].map((n) => artifact(n).bytecode)));
}

export async function deployLedger(opts: {
  rpcUrl: string;
  adminKey: string;
  supervisors: string[];
}): Promise<Deployment> {
  const provider = new JsonRpcProvider(opts.rpcUrl, undefined, { staticNetwork: true, pollingInterval: 100 });
  const admin = new NonceManager(new Wallet(opts.adminKey, provider));
  const adminAddress = await admin.getAddress();
  const network = await provider.getNetwork();

  const reg = artifact("CommunityRegistry");
  const vote = artifact("OwnerVoting");
  const registry = await new ContractFactory(reg.abi, reg.bytecode, admin).deploy(adminAddress);
  const deployTx = registry.deploymentTransaction();
  await registry.waitForDeployment();
  const voting = await new ContractFactory(vote.abi, vote.bytecode, admin).deploy(await registry.getAddress());
  await voting.waitForDeployment();
  const fundArtifact = artifact("FundLedger");
  const fund = await new ContractFactory(fundArtifact.abi, fundArtifact.bytecode, admin).deploy(
    await registry.getAddress(),
    await voting.getAddress(),
  );
  await fund.waitForDeployment();
  const reportsArtifact = artifact("FundReports");
  const reports = await new ContractFactory(reportsArtifact.abi, reportsArtifact.bytecode, admin).deploy(
    await registry.getAddress(),
    await voting.getAddress(),
    await fund.getAddress(),
  );
  await reports.waitForDeployment();
  const anchorArtifact = artifact("DocumentAnchor");
  const documents = await new ContractFactory(anchorArtifact.abi, anchorArtifact.bytecode, admin).deploy();
  await documents.waitForDeployment();

  const r = registry as unknown as {
    SUPERVISOR_ROLE(): Promise<string>;
    grantRole(role: string, account: string): Promise<{ wait(): Promise<unknown> }>;
    registerModule(module: string): Promise<{ wait(): Promise<unknown> }>;
  };
  // Each module brings its committee-action kinds; the registry gives each kind to one module.
  // DocumentAnchor owns none (an anchor carries no authority), so the registry has nothing to give it.
  for (const m of [voting, fund, reports]) await (await r.registerModule(await m.getAddress())).wait();
  const supervisorRole = await r.SUPERVISOR_ROLE();
  for (const s of opts.supervisors) await (await r.grantRole(supervisorRole, s)).wait();

  const receipt = await provider.getTransactionReceipt(deployTx!.hash);
  provider.destroy();
  return {
    chainId: Number(network.chainId),
    registry: (await registry.getAddress()) as `0x${string}`,
    voting: (await voting.getAddress()) as `0x${string}`,
    fund: (await fund.getAddress()) as `0x${string}`,
    reports: (await reports.getAddress()) as `0x${string}`,
    documents: (await documents.getAddress()) as `0x${string}`,
    deployBlock: String(receipt!.blockNumber),
    admin: adminAddress as `0x${string}`,
    codeVersion: contractsVersion(),
  };
}
