/**
 * The fault scenarios of `npm run check:faults`. Each builds its own ledger, lets owners' clients
 * submit every ballot while something breaks, and judges what is left (see verdict.ts). All on
 * loopback; each bounded in time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { writeDeployment } from "../../../ledger-api/src/chain/deployment";
import type { OpenDatabaseOptions } from "../../../ledger-api/src/db/client";
import { startService, type LedgerService } from "../../../ledger-api/src/service";
import { ANVIL_RELAYER_KEY, freePort } from "../../lib/anvil";
import { submitAll, type Submission } from "./clients";
import { createFaultLedger, type FaultLedger } from "./ledger";
import { judge, type Verdict } from "./verdict";

export interface ScenarioOptions {
  voters: number;
  log: (m: string) => void;
}

export interface Scenario {
  name: string;
  /** what breaks, in a few words */
  what: string;
  /** needs the PostgreSQL server of these machines (127.0.0.1:5432) */
  postgres?: boolean;
  run(o: ScenarioOptions): Promise<Verdict>;
}

const CONCURRENCY = 16;
const SUBMIT_DEADLINE_MS = 120_000;

const verbose = process.env.FAULTS_VERBOSE === "1";
const t00 = Date.now();

function serviceOn(ledger: FaultLedger, database: OpenDatabaseOptions): Promise<LedgerService> {
  return startService({
    deployment: ledger.deployment,
    rpcUrl: ledger.anvil.rpcUrl,
    relayerKey: ANVIL_RELAYER_KEY,
    database,
    port: 0,
    log: verbose ? (m) => console.error(`[service +${((Date.now() - t00) / 1000).toFixed(1)}s] ${m}`) : undefined,
  });
}

const pglite = (ledger: FaultLedger): OpenDatabaseOptions => ({ dataDir: path.join(ledger.dir, "db") });

/** Judges what a scenario left, then stops its service (whatever the verdict). */
async function judgeAndStop(name: string, ledger: FaultLedger, service: LedgerService, sub: Submission, t0: number): Promise<Verdict> {
  try {
    return await judge(name, ledger, service, sub, t0);
  } finally {
    await service.stop();
  }
}

/** Runs a scenario body on a fresh ledger and always cleans up. */
async function withLedger(name: string, o: ScenarioOptions, body: (ledger: FaultLedger, t0: number) => Promise<Verdict>): Promise<Verdict> {
  const ledger = await createFaultLedger(o.voters, o.log);
  try {
    return await body(ledger, Date.now());
  } finally {
    await ledger.stop().catch(() => undefined);
    o.log(`${name}: done`);
  }
}

/** A fresh PostgreSQL database on the local server, dropped afterwards. */
async function withPostgres<T>(body: (url: string, terminate: () => Promise<number>) => Promise<T>): Promise<T> {
  const name = `ledger_faults_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const terminate = async () =>
    (await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name])).rowCount ?? 0;
  try {
    return await body(`postgresql://postgres@127.0.0.1:5432/${name}`, terminate);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

export const SCENARIOS: Scenario[] = [
  {
    name: "chain-killed",
    what: "the chain node killed (SIGKILL) mid-batch and restarted from its saved state",
    run: (o) =>
      withLedger("chain-killed", o, async (ledger, t0) => {
        const service = await serviceOn(ledger, pglite(ledger));
        let crash: Promise<void> | null = null;
        const base = `http://127.0.0.1:${service.port}`;
        const sub = await submitAll(() => base, ledger.ballots, {
          concurrency: CONCURRENCY,
          deadlineMs: SUBMIT_DEADLINE_MS,
          onAccepted: (n) => {
            if (!crash && n >= ledger.ballots.length * 0.4) {
              o.log("chain-killed: killing the chain node");
              crash = ledger.crashChain();
            }
          },
        });
        await crash;
        return judgeAndStop("chain-killed", ledger, service, sub, t0);
      }),
  },
  {
    name: "api-killed",
    what: "the API killed (SIGKILL) between accepting ballots and sending them, then restarted",
    run: (o) =>
      withLedger("api-killed", o, async (ledger, t0) => {
        const deploymentFile = path.join(ledger.dir, "deployment.json");
        writeDeployment(deploymentFile, ledger.deployment);
        const port = await freePort();
        const env = { ...process.env, DEPLOYMENT_FILE: deploymentFile, RPC_URL: ledger.anvil.rpcUrl, DB_DIR: path.join(ledger.dir, "db"), PORT: String(port) };
        let child = await spawnApi(env);
        let killed: Promise<void> | null = null;
        const sub = await submitAll(() => `http://127.0.0.1:${port}`, ledger.ballots, {
          concurrency: CONCURRENCY,
          deadlineMs: SUBMIT_DEADLINE_MS,
          onAccepted: (n) => {
            if (!killed && n >= ledger.ballots.length * 0.4) {
              o.log("api-killed: killing the API");
              child.kill("SIGKILL");
              killed = new Promise<void>((r) => child.once("exit", () => r())).then(async () => {
                child = await spawnApi(env);
              });
            }
          },
        });
        await killed;
        // Let the restarted API send what it accepted, then judge its database in this process.
        await waitQueueEmpty(port);
        await stopApi(child);
        const service = await serviceOn(ledger, pglite(ledger));
        return judgeAndStop("api-killed", ledger, service, sub, t0);
      }),
  },
  {
    name: "db-dropped",
    what: "every database connection dropped (pg_terminate_backend) again and again while indexing",
    postgres: true,
    run: (o) =>
      withLedger("db-dropped", o, (ledger, t0) =>
        withPostgres(async (url, terminate) => {
          const service = await serviceOn(ledger, { databaseUrl: url });
          const base = `http://127.0.0.1:${service.port}`;
          let dropped = 0;
          let dropping = true;
          const dropper = (async () => {
            await new Promise((r) => setTimeout(r, 300));
            for (let i = 0; i < 8 && dropping; i++) {
              dropped += await terminate();
              await new Promise((r) => setTimeout(r, 400));
            }
          })();
          const sub = await submitAll(() => base, ledger.ballots, { concurrency: CONCURRENCY, deadlineMs: SUBMIT_DEADLINE_MS });
          dropping = false;
          await dropper;
          o.log(`db-dropped: ${dropped} connections terminated`);
          return judgeAndStop("db-dropped", ledger, service, sub, t0);
        }),
      ),
  },
  {
    name: "chain-rewound",
    what: "the chain rewound (evm_revert) by every block since voting opened, mid-vote",
    run: (o) =>
      withLedger("chain-rewound", o, async (ledger, t0) => {
        const service = await serviceOn(ledger, pglite(ledger));
        const base = `http://127.0.0.1:${service.port}`;
        const snapshot = await ledger.rpc<string>("evm_snapshot");
        const from = await service.ctx.client.getBlockNumber({ cacheTime: 0 });
        let rewind: Promise<void> | null = null;
        const sub = await submitAll(() => base, ledger.ballots, {
          concurrency: CONCURRENCY,
          deadlineMs: SUBMIT_DEADLINE_MS,
          onAccepted: (n) => {
            if (!rewind && n >= ledger.ballots.length * 0.6) {
              rewind = (async () => {
                const head = await service.ctx.client.getBlockNumber({ cacheTime: 0 });
                await ledger.rpc("evm_revert", [snapshot]);
                o.log(`chain-rewound: rewound ${head - from} blocks`);
              })();
            }
          },
        });
        await rewind;
        return judgeAndStop("chain-rewound", ledger, service, sub, t0);
      }),
  },
  {
    name: "two-instances",
    what: "two API instances on one database, clients spread over both",
    postgres: true,
    run: (o) =>
      withLedger("two-instances", o, (ledger, t0) =>
        withPostgres(async (url) => {
          const a = await serviceOn(ledger, { databaseUrl: url });
          const b = await serviceOn(ledger, { databaseUrl: url });
          let turn = 0;
          const bases = [a, b].map((s) => `http://127.0.0.1:${s.port}`);
          const sub: Submission = await submitAll(() => bases[turn++ % 2]!, ledger.ballots, { concurrency: CONCURRENCY, deadlineMs: SUBMIT_DEADLINE_MS });
          try {
            return await judge("two-instances", ledger, a, sub, t0);
          } finally {
            await b.stop();
            await a.stop();
          }
        }),
      ),
  },
];

function spawnApi(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  // node itself with tsx's loader (tsx's CLI would run the script in a child of its own, which a
  // SIGKILL of the CLI would leave running)
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "serve.ts")], { env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const t = setTimeout(() => reject(new Error(`the API did not start: ${err}`)), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (/ready \d+/.test(out)) {
        clearTimeout(t);
        resolve(child);
      }
    });
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`the API exited (${code}): ${err}`));
    });
  });
}

async function stopApi(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((r) => {
    child.once("exit", () => r());
    child.kill("SIGTERM");
  });
}

/** Waits until /healthz reports an empty relay queue (or 90 s). */
async function waitQueueEmpty(port: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      const h = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { relayQueue?: number; indexLag?: string };
      if (h.relayQueue === 0 && h.indexLag === "0") return;
    } catch {
      /* restarting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
