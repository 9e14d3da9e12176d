/** Rewrites the README's robustness verdict, between its fuzz:begin and fuzz:end markers. */
import fs from "node:fs";

export const FUZZ_BEGIN = "<!-- fuzz:begin -->";
export const FUZZ_END = "<!-- fuzz:end -->";

export function writeReadmeSection(readmePath: string, text: string): boolean {
  const current = fs.readFileSync(readmePath, "utf8");
  const i = current.indexOf(FUZZ_BEGIN);
  const j = current.indexOf(FUZZ_END);
  if (i < 0 || j < i) return false;
  fs.writeFileSync(readmePath, `${current.slice(0, i + FUZZ_BEGIN.length)}\n${text}\n${current.slice(j)}`);
  return true;
}
