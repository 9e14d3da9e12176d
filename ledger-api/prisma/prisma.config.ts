/**
 * Prisma CLI configuration for ledger-api (used with `--config`).
 *
 * `engine: "js"` makes the CLI use the WebAssembly schema engine shipped inside
 * the `prisma` package instead of the native schema-engine binary, which cannot
 * be downloaded on our machines. The adapter is an in-memory PGlite database: it
 * is only needed because the JS engine insists on one; `migrate diff` between
 * schema files never touches it. Never use `migrate deploy`/`db push` with it —
 * migrations are applied by src/db/migrate.ts.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type PrismaConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";

const here = path.dirname(fileURLToPath(import.meta.url));

// pglite-prisma-adapter is typed against @prisma/driver-adapter-utils 6.10; cast to 6.19's type.
type MigrationAdapterFactory = Awaited<ReturnType<Extract<PrismaConfig, { engine: "js" }>["adapter"]>>;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(here, "schema.prisma"),
  async adapter() {
    return new PrismaPGlite(new PGlite()) as unknown as MigrationAdapterFactory;
  },
});
