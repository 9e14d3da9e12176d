/**
 * Builds what the system runs from source: the contracts (Hardhat skips what has not changed)
 * and the web client when its sources are newer than the last build. Used by `npm start` and the
 * browser test, so both run the checkout's own code.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const WEB_SOURCES = ["web/src", "web/index.html", "web/vite.config.mts", "domain", "chain", "verifier"];

export function ensureBuilt(log: (m: string) => void = () => undefined): void {
  ensureContractsCompiled(log);
  const built = path.join(ROOT, "web", "dist", "index.html");
  if (!fs.existsSync(built) || newestMtime(WEB_SOURCES.map((p) => path.join(ROOT, p))) > fs.statSync(built).mtimeMs) {
    log("building the web client…");
    execFileSync("npx", ["vite", "build", "--config", "web/vite.config.mts", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
  }
}

/** Compiles the contracts (Hardhat skips what has not changed). */
export function ensureContractsCompiled(log: (m: string) => void = () => undefined): void {
  if (!fs.existsSync(path.join(ROOT, "artifacts", "contracts", "OwnerVoting.sol", "OwnerVoting.json"))) log("compiling contracts…");
  execFileSync("npx", ["hardhat", "compile", "--quiet"], { cwd: ROOT, stdio: "inherit" });
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    if (!fs.existsSync(p)) continue;
    const st = fs.statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(fs.readdirSync(p).map((n) => path.join(p, n))) : st.mtimeMs);
  }
  return newest;
}
