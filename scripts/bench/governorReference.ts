/**
 * The OpenZeppelin reference for the benchmark: an unmodified Governor (GovernorCountingSimple,
 * contracts/bench/ReferenceGovernor.sol) on the same node as the ledger.
 *
 * - measureGovernorGas: the gas of one `castVoteBySig` (the first vote and the typical one);
 * - prepareReferenceVote (not timed): N voters with delegated weight at a proposal's snapshot,
 *   their EIP-712 ballots signed, and funded sender accounts;
 * - runReferenceVote (timed): the clients take voters from one shared queue and each sends
 *   `castVoteBySig` as an ordinary signed transaction from its own account (its own nonce),
 *   straight to the node, and waits for the receipt before taking the next voter.
 */
import fs from "node:fs";
import path from "node:path";
import {
  createPublicClient,
  encodeDeployData,
  encodeFunctionData,
  http,
  keccak256,
  parseEventLogs,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { ledgerChain } from "../../ledger-api/src/chain/clients";
import { fund, nodeRpc } from "../lib/anvil";
import { percentile } from "./phases";

const ROOT = path.resolve(__dirname, "../..");
/** Voting weight minted to each reference voter. */
export const REFERENCE_WEIGHT = 10n ** 18n;
/** Holders minted and delegated per set-up transaction (about 100,000 gas each). */
const SETUP_CHUNK = 250;
/** Gas limit of one castVoteBySig transaction (it uses about 97,000; the first about 114,000). */
const VOTE_GAS = 200_000n;
/** How often a client asks for a receipt that is not there yet (the relayer's interval too). */
const RECEIPT_POLL_MS = 100;

const BALLOT_TYPES = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

function artifact(name: string): { abi: Abi; bytecode: Hex } {
  const file = path.join(ROOT, "artifacts/contracts/bench/ReferenceGovernor.sol", `${name}.json`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as { abi: Abi; bytecode: Hex };
}

export interface ReferenceContracts {
  rpcUrl: string;
  chainId: number;
  client: PublicClient;
  deployer: PrivateKeyAccount;
  token: { address: Address; abi: Abi };
  governor: { address: Address; abi: Abi };
}

/** Signs, sends and waits for one transaction of `from` (nonce asked from the node). */
async function transact(c: Pick<ReferenceContracts, "client" | "chainId">, from: PrivateKeyAccount, to: Address | null, data: Hex) {
  const nonce = await c.client.getTransactionCount({ address: from.address, blockTag: "pending" });
  const gas = await c.client.estimateGas({ account: from.address, ...(to ? { to } : {}), data });
  const fees = await c.client.estimateFeesPerGas();
  const serializedTransaction = await from.signTransaction({
    chainId: c.chainId,
    type: "eip1559",
    ...(to ? { to } : {}),
    data,
    nonce,
    gas: (gas * 12n) / 10n,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  });
  const hash = await c.client.sendRawTransaction({ serializedTransaction });
  const receipt = await c.client.waitForTransactionReceipt({ hash, pollingInterval: RECEIPT_POLL_MS });
  if (receipt.status !== "success") throw new Error(`reference set-up transaction ${hash} reverted`);
  return receipt;
}

/** Deploys the reference votes token and Governor with `deployerKey` (a funded account). */
export async function deployReferenceGovernor(rpcUrl: string, chainId: number, deployerKey: Hex): Promise<ReferenceContracts> {
  const client = createPublicClient({ chain: ledgerChain(chainId, rpcUrl), transport: http(rpcUrl, { batch: false }), pollingInterval: RECEIPT_POLL_MS }) as PublicClient;
  const deployer = privateKeyToAccount(deployerKey);
  const base = { client, chainId };
  const deploy = async (name: string, args: readonly unknown[]) => {
    const art = artifact(name);
    const data = encodeDeployData({ abi: art.abi, bytecode: art.bytecode, args } as Parameters<typeof encodeDeployData>[0]);
    const r = await transact(base, deployer, null, data);
    return { address: r.contractAddress!, abi: art.abi };
  };
  const token = await deploy("ReferenceVotesToken", []);
  const governor = await deploy("ReferenceGovernor", [token.address]);
  return { rpcUrl, chainId, client, deployer, token, governor };
}

/** Deterministic, distinct voter keys for the reference (not the ledger's owners). */
function voterKey(label: string, i: number): Hex {
  return keccak256(toHex(`bench-oz-${label}-${i}`));
}

/** Mints weight to `voters` and delegates it to each, in a few transactions. */
async function giveWeight(ref: ReferenceContracts, voters: readonly Address[]): Promise<void> {
  for (let i = 0; i < voters.length; i += SETUP_CHUNK) {
    const data = encodeFunctionData({ abi: ref.token.abi, functionName: "mintAndSelfDelegateEach", args: [voters.slice(i, i + SETUP_CHUNK), REFERENCE_WEIGHT] });
    await transact(ref, ref.deployer, ref.token.address, data);
  }
}

/** Proposals opened so far (each needs a description of its own: it is part of the proposal's id). */
let proposalsOpened = 0;

/** Opens a proposal and mines past its snapshot, so that the weight given before it counts. */
async function openProposal(ref: ReferenceContracts, what: string): Promise<bigint> {
  const description = `bench: ${what} (#${++proposalsOpened})`;
  const args = [[ref.token.address], [0n], ["0x"], description] as const;
  await transact(ref, ref.deployer, ref.governor.address, encodeFunctionData({ abi: ref.governor.abi, functionName: "propose", args }));
  const proposalId = (await ref.client.readContract({
    address: ref.governor.address,
    abi: ref.governor.abi,
    functionName: "hashProposal",
    args: [args[0], args[1], args[2], keccak256(toHex(description))],
  })) as bigint;
  await nodeRpc(ref.rpcUrl, "evm_mine");
  await nodeRpc(ref.rpcUrl, "evm_mine");
  return proposalId;
}

function signVote(ref: ReferenceContracts, voter: PrivateKeyAccount, proposalId: bigint): Promise<Hex> {
  return voter.signTypedData({
    domain: { name: "ReferenceGovernor", version: "1", chainId: ref.chainId, verifyingContract: ref.governor.address },
    types: BALLOT_TYPES,
    primaryType: "Ballot",
    message: { proposalId, support: 1, voter: voter.address, nonce: 0n },
  });
}

/** Gas of `castVoteBySig` on a proposal of its own: the first vote, and the mean of 20 more. */
export async function measureGovernorGas(ref: ReferenceContracts): Promise<{ first: number; castVoteBySig: number }> {
  const voters = Array.from({ length: 21 }, (_, i) => privateKeyToAccount(voterKey("gas-voter", i)));
  await giveWeight(ref, voters.map((v) => v.address));
  const proposalId = await openProposal(ref, "gas");
  const gas: number[] = [];
  for (const v of voters) {
    const data = encodeFunctionData({ abi: ref.governor.abi, functionName: "castVoteBySig", args: [proposalId, 1, v.address, await signVote(ref, v, proposalId)] });
    gas.push(Number((await transact(ref, ref.deployer, ref.governor.address, data)).gasUsed));
  }
  const rest = gas.slice(1);
  return { first: gas[0]!, castVoteBySig: Math.round(rest.reduce((s, v) => s + v, 0) / rest.length) };
}

let votesPrepared = 0;

export interface PreparedReferenceVote {
  proposalId: bigint;
  /** One signed castVoteBySig call per voter, encoded (the ballot signed before timing). */
  calls: Hex[];
  senders: PrivateKeyAccount[];
  fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
}

/**
 * Not timed: `voters` accounts minted and self-delegated weight, a proposal opened past its
 * snapshot, each voter's ballot signed and its call encoded, `clients` sender accounts funded.
 */
export async function prepareReferenceVote(ref: ReferenceContracts, opts: { voters: number; clients: number }): Promise<PreparedReferenceVote> {
  // Voters of their own for each vote (a Governor ballot signature names the voter's nonce).
  const round = ++votesPrepared;
  const voters = Array.from({ length: opts.voters }, (_, i) => privateKeyToAccount(voterKey(`voter-${round}`, i)));
  await giveWeight(ref, voters.map((v) => v.address));
  const proposalId = await openProposal(ref, `reference vote of ${opts.voters}`);
  const calls: Hex[] = [];
  for (const v of voters) {
    const signature = await signVote(ref, v, proposalId);
    calls.push(encodeFunctionData({ abi: ref.governor.abi, functionName: "castVoteBySig", args: [proposalId, 1, v.address, signature] }));
  }
  const senders = Array.from({ length: opts.clients }, (_, i) => privateKeyToAccount(voterKey("sender", i)));
  for (const s of senders) await fund(ref.rpcUrl, s.address);
  const f = await ref.client.estimateFeesPerGas();
  // Room for the base fee to rise over the run (it falls here: the blocks are far from full).
  const fees = { maxFeePerGas: f.maxFeePerGas * 2n, maxPriorityFeePerGas: f.maxPriorityFeePerGas };
  return { proposalId, calls, senders, fees };
}

export interface ReferenceVoteResult {
  votes: number;
  clients: number;
  /** First transaction signed → last receipt in, ms. */
  ms: number;
  /** Receipts with status success. */
  succeeded: number;
  /** VoteCast events the Governor emitted for the proposal. */
  voteCastEvents: number;
  /** Voters counted in proposalVotes (for-votes ÷ each voter's weight). */
  counted: number;
  /** Per vote, signing the transaction → its receipt, ms. */
  latencyMedianMs: number;
  latencyP95Ms: number;
}

type RpcReceipt = { status: Hex; blockNumber: Hex } | null;

/** Timed: the clients send every prepared call and wait for every receipt. */
export async function runReferenceVote(ref: ReferenceContracts, prepared: PreparedReferenceVote): Promise<ReferenceVoteResult> {
  const { calls, senders, fees } = prepared;
  const nonces = await Promise.all(senders.map((s) => ref.client.getTransactionCount({ address: s.address, blockTag: "pending" })));
  const fromBlock = await ref.client.getBlockNumber({ cacheTime: 0 });
  const latencies: number[] = [];
  let succeeded = 0;
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    senders.map(async (sender, c) => {
      let nonce = nonces[c]!;
      while (next < calls.length) {
        const data = calls[next++]!;
        const start = Date.now();
        const serializedTransaction = await sender.signTransaction({
          chainId: ref.chainId,
          type: "eip1559",
          to: ref.governor.address,
          data,
          nonce: nonce++,
          gas: VOTE_GAS,
          ...fees,
        });
        const hash = await ref.client.sendRawTransaction({ serializedTransaction });
        let receipt: RpcReceipt = null;
        for (;;) {
          receipt = (await ref.client.request({ method: "eth_getTransactionReceipt", params: [hash] })) as RpcReceipt;
          if (receipt) break;
          await new Promise((r) => setTimeout(r, RECEIPT_POLL_MS));
        }
        if (receipt.status === "0x1") succeeded++;
        latencies.push(Date.now() - start);
      }
    }),
  );
  const ms = Date.now() - t0;
  const toBlock = await ref.client.getBlockNumber({ cacheTime: 0 });
  const logs = await ref.client.getLogs({ address: ref.governor.address, fromBlock: fromBlock + 1n, toBlock });
  const voteCastEvents = parseEventLogs({ abi: ref.governor.abi, logs, eventName: "VoteCast" }).filter(
    (l) => (l.args as { proposalId: bigint }).proposalId === prepared.proposalId,
  ).length;
  const [, forVotes] = (await ref.client.readContract({
    address: ref.governor.address,
    abi: ref.governor.abi,
    functionName: "proposalVotes",
    args: [prepared.proposalId],
  })) as readonly [bigint, bigint, bigint];
  latencies.sort((a, b) => a - b);
  return {
    votes: calls.length,
    clients: senders.length,
    ms,
    succeeded,
    voteCastEvents,
    counted: Number(forVotes / REFERENCE_WEIGHT),
    latencyMedianMs: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
  };
}
