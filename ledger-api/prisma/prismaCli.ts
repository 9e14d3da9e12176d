/**
 * Runs the Prisma CLI offline.
 *
 *   tsx ledger-api/prisma/prismaCli.ts generate        (npm run db:generate)
 *   tsx ledger-api/prisma/prismaCli.ts migrate diff …  (used by generateMigration.ts)
 *
 * Our machines cannot reach Prisma's binary host. Prisma 6.19 still checks for
 * (and would download) the native query-engine library and schema-engine binary
 * unless PRISMA_QUERY_ENGINE_LIBRARY / PRISMA_SCHEMA_ENGINE_BINARY name an
 * existing file. With `engineType = "client"` and the JS schema engine
 * (`engine: "js"` in prisma.config.ts) neither file is ever loaded or executed,
 * so we point both at this very file unless the caller set them already.
 *
 * `--config ledger-api/prisma/prisma.config.ts` is added to every command: it
 * selects the WebAssembly schema engine (without it `migrate diff` spawns the
 * native binary) and names the schema file.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const thisFile = fileURLToPath(import.meta.url);
export const prismaDir = path.dirname(thisFile);
export const schemaPath = path.join(prismaDir, "schema.prisma");
export const configPath = path.join(prismaDir, "prisma.config.ts");

/** Environment that keeps the Prisma CLI from trying to download engines or phone home. */
export function offlinePrismaEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    PRISMA_SCHEMA_ENGINE_BINARY: base.PRISMA_SCHEMA_ENGINE_BINARY || thisFile,
    PRISMA_QUERY_ENGINE_LIBRARY: base.PRISMA_QUERY_ENGINE_LIBRARY || thisFile,
    CHECKPOINT_DISABLE: "1",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  };
}

export interface PrismaRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `prisma <args> --config <prisma.config.ts>` with the offline environment.
 * With `capture: true` stdout/stderr are returned instead of inherited.
 */
export function runPrisma(args: string[], opts: { capture?: boolean } = {}): PrismaRun {
  const require = createRequire(import.meta.url);
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  const full = args.includes("--config") ? args : [...args, "--config", configPath];
  const res = spawnSync(process.execPath, [cli, ...full], {
    env: offlinePrismaEnv(),
    stdio: opts.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.error) throw res.error;
  return { status: res.status ?? 1, stdout: res.stdout ?? "", stderr: res.stderr ?? "" };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === thisFile;
if (invokedDirectly) {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.error("usage: tsx ledger-api/prisma/prismaCli.ts <prisma command…>");
    process.exit(2);
  }
  process.exit(runPrisma(args).status);
}
