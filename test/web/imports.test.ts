/**
 * The web client takes the API's types from the zod schemas of the routes, with type-only
 * imports: nothing of the server (Prisma, Node modules, viem clients, Hono) reaches the bundle.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

const src = path.resolve(__dirname, "../../web/src");

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

it("imports from ledger-api/ only types, and only from its schema files", () => {
  const found: string[] = [];
  const bad: string[] = [];
  for (const file of files(src)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/^(import|export)\b([^;]*?)\bfrom\s+"([^"]*ledger-api\/[^"]*)"/gms)) {
      const [statement, , clause = "", target = ""] = m;
      found.push(target);
      const where = `${path.relative(src, file)}: ${statement.split("\n")[0]}`;
      if (!/^\s*type\b/.test(clause)) bad.push(`${where} (not type-only)`);
      if (!/\/schemas$/.test(target)) bad.push(`${where} (not a schema file)`);
    }
  }
  expect(found.length).toBeGreaterThan(0);
  expect(bad).toEqual([]);
});
