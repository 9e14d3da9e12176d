/**
 * Starts a local chain node: Anvil, from the npm package @foundry-rs/anvil-linux-amd64.
 * With `stateFile` the chain is loaded from and dumped to that file (also every few seconds),
 * so `npm start` keeps its chain across restarts.
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

export async function startAnvil(opts: { port?: number; stateFile?: string; host?: string } = {}): Promise<AnvilNode> {
  const port = opts.port ?? (await freePort());
  const host = opts.host ?? "127.0.0.1";
  if (await portInUse(port)) {
    throw new Error(`port ${port} is already in use: stop what runs there, or set CHAIN_PORT (or RPC_URL to use that node)`);
  }
  const args = [
    "--port",
    String(port),
    "--host",
    host,
    "--chain-id",
    String(LOCAL_CHAIN_ID),
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
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`anvil did not start on ${rpcUrl}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    rpcUrl,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Gives an account ether on a development chain. */
export async function fund(rpcUrl: string, address: string, wei = 10n ** 21n): Promise<void> {
  await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "anvil_setBalance", params: [address, `0x${wei.toString(16)}`] }),
  });
}
