/**
 * Rewrites one generated section of the README, between its `<!-- name:begin -->` and
 * `<!-- name:end -->` markers: the benchmark and the robustness checks write their own results.
 */
import fs from "node:fs";

export function writeReadmeSection(readmePath: string, name: string, text: string): boolean {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const current = fs.readFileSync(readmePath, "utf8");
  const i = current.indexOf(begin);
  const j = current.indexOf(end);
  if (i < 0 || j < i) return false;
  fs.writeFileSync(readmePath, `${current.slice(0, i + begin.length)}\n${text}\n${current.slice(j)}`);
  return true;
}
