/**
 * The TypeScript side's knowledge of the contracts is generated from the compiled contracts and
 * committed: this fails when chain/abi.ts or chain/contractEnums.ts is stale (run `npm run abi`).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CommitteeKind } from "../../chain/enums";
import { LEDGER_MODULES, moduleOfKind } from "../../chain/modules";
import { generateAbiFile, generateEnumsFile } from "../../scripts/exportAbi";

const root = path.resolve(__dirname, "../..");

describe("generated contract knowledge", () => {
  it("chain/abi.ts and chain/contractEnums.ts equal what the compiled contracts give", () => {
    expect(fs.readFileSync(path.join(root, "chain/abi.ts"), "utf8")).toBe(generateAbiFile());
    expect(fs.readFileSync(path.join(root, "chain/contractEnums.ts"), "utf8")).toBe(generateEnumsFile());
  });

  it("every committee-action kind belongs to exactly one module", () => {
    const kinds = Object.values(CommitteeKind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(moduleOfKind(CommitteeKind.RegisterUnits).name).toBe("registry");
    expect(moduleOfKind(CommitteeKind.PublishProposal).name).toBe("voting");
    expect(LEDGER_MODULES.map((m) => m.name)).toEqual(["registry", "voting", "fund", "reports", "documents"]);
    expect(() => moduleOfKind(99)).toThrow(/no module/);
  });
});
