/**
 * Starts a local chain node: Anvil, from the npm package @foundry-rs/anvil-linux-amd64.
 * With `stateFile` the chain is loaded from and dumped to that file (also every few seconds),
 * so `npm start` keeps its chain across restarts, and:
 * - its clock too: Anvil starts from the wall clock, so the offset of the chain's clock (moved
 *   by evm_increaseTime) is saved beside the state and restored, never before the last block;
 * - a node left behind by a crash of the process that started it (its pid is kept beside the
 *   state) is stopped first, which makes it save its state; anything else on the port is
 *   reported with the command that finds it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";

/** Anvil's first default account: funded on every fresh Anvil chain, used as the relayer. */
export const ANVIL_RELAYER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as const;
export const LOCAL_CHAIN_ID = 31337;

export function anvilBinary(): string {
  const require = createRequire(__filename);
  const pkg = path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json"));
  const bin = path.join(pkg, "bin", "anvil");
  if (!fs.existsSync(bin)) throw new Error(`anvil binary not found in ${pkg}`);
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface AnvilNode {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** One JSON-RPC call to a node; an error answer is thrown with the method's name. */
export async function nodeRpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

interface SavedClock {
  /** chain time minus wall time, in seconds, when it was saved */
  offsetSeconds: number;
  savedAt: string;
}

/** The chain's clock now (the pending block's timestamp) minus the wall clock, in seconds. */
async function clockOffset(rpcUrl: string): Promise<number> {
  const pending = await nodeRpc<{ timestamp: string }>(rpcUrl, "eth_getBlockByNumber", ["pending", false]);
  return Number(BigInt(pending.timestamp)) - Math.floor(Date.now() / 1000);
}

async function saveClock(rpcUrl: string, file: string): Promise<void> {
  const clock: SavedClock = { offsetSeconds: await clockOffset(rpcUrl), savedAt: new Date().toISOString() };
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(clock) + "\n");
  fs.renameSync(`${file}.tmp`, file);
}

/** Sets the restarted chain's clock to where it was: the saved offset, and never before the last block. */
async function restoreClock(rpcUrl: string, file: string): Promise<void> {
  const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as SavedClock) : null;
  const latest = await nodeRpc<{ timestamp: string }>(rpcUrl, "eth_getBlockByNumber", ["latest", false]);
  const last = Number(BigInt(latest.timestamp));
  const now = Math.floor(Date.now() / 1000);
  const target = Math.max(now + (saved?.offsetSeconds ?? 0), last + 1);
  if (target > now) await nodeRpc(rpcUrl, "anvil_setTime", [target]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops an Anvil left running on this state file by a process that crashed; true if there was one. */
async function stopLeftBehind(pidFile: string, log: (m: string) => void): Promise<boolean> {
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  let cmdline = "";
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return false;
  }
  if (!cmdline.includes("anvil")) return false; // the pid was reused by something else
  log(`a chain node left behind by an earlier crash is still running (pid ${pid}): stopping it, which saves its state`);
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  return true;
}

export async function startAnvil(
  opts: {
    port?: number;
    stateFile?: string;
    host?: string;
    log?: (m: string) => void;
    /** A new chain's first block is stamped at this time (unix seconds); ignored when resuming saved state. */
    genesisTimestamp?: number;
    /** The chain id (default LOCAL_CHAIN_ID); tests start a second chain with another. */
    chainId?: number;
  } = {},
): Promise<AnvilNode> {
  const port = opts.port ?? (await freePort());
  const host = opts.host ?? "127.0.0.1";
  const log = opts.log ?? (() => undefined);
  const pidFile = opts.stateFile ? path.join(path.dirname(opts.stateFile), "anvil.pid") : null;
  const clockFile = opts.stateFile ? `${opts.stateFile}.clock.json` : null;
  if (pidFile && (await stopLeftBehind(pidFile, log))) {
    for (let i = 0; i < 50 && (await portInUse(port)); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} is already in use: stop what runs there (\`ss -ltnp 'sport = :${port}'\` shows it, ` +
        `\`fuser -k ${port}/tcp\` stops it), or set CHAIN_PORT (or RPC_URL to use that node) / ` +
        `端口 ${port} 已被占用：请停止占用它的进程，或设置 CHAIN_PORT`,
    );
  }
  const args = [
    "--port",
    String(port),
    "--host",
    host,
    "--chain-id",
    String(opts.chainId ?? LOCAL_CHAIN_ID),
    "--hardfork",
    "cancun",
    "--gas-limit",
    "60000000",
    "--silent",
  ];
  if (opts.stateFile) {
    fs.mkdirSync(path.dirname(opts.stateFile), { recursive: true });
    args.push("--state", opts.stateFile, "--state-interval", "5");
  }
  const resuming = opts.stateFile !== undefined && fs.existsSync(opts.stateFile);
  if (!resuming && opts.genesisTimestamp !== undefined) args.push("--timestamp", String(opts.genesisTimestamp));
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  if (pidFile && child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
  // If this process exits without stopping the node, the node stops too (saving its state).
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  process.once("exit", onExit);
  child.once("exit", () => process.removeListener("exit", onExit));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${stderr}`);
    try {
      await nodeRpc(rpcUrl, "eth_chainId");
      break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not start on ${rpcUrl}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let clockTimer: NodeJS.Timeout | null = null;
  if (clockFile) {
    if (resuming) await restoreClock(rpcUrl, clockFile);
    await saveClock(rpcUrl, clockFile);
    clockTimer = setInterval(() => void saveClock(rpcUrl, clockFile).catch(() => undefined), 5_000);
    clockTimer.unref();
  }
  return {
    rpcUrl,
    port,
    process: child,
    stop: async () => {
      if (clockTimer) clearInterval(clockTimer);
      if (clockFile && child.exitCode === null) await saveClock(rpcUrl, clockFile).catch(() => undefined);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        child.kill("SIGTERM");
      });
      if (pidFile) fs.rmSync(pidFile, { force: true });
    },
  };
}

/** Gives an account ether on a development chain. */
export async function fund(rpcUrl: string, address: string, wei = 10n ** 21n): Promise<void> {
  await nodeRpc(rpcUrl, "anvil_setBalance", [address, `0x${wei.toString(16)}`]);
}
