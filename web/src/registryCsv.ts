/**
 * Parses the committee's registry lists (one record a line, comma-separated) into the bodies of
 * POST /api/communities/{id}/registry-drafts. Areas are typed in m² with up to two decimals and
 * become integer hundredths by string arithmetic, never floating point.
 */
import { isAddress, keccak256, toHex, type Hex } from "viem";

export type RegistryAction = "registerBuildings" | "registerUnits" | "bindOwners" | "deliverUnits" | "updateUnitArea" | "unbindOwner";

/** Every refusal, in English and Chinese. */
const REASONS = {
  empty: { en: "the list is empty", zh: "清单是空的" },
  tooMany: { en: "at most 400 lines at a time", zh: "一次最多 400 行" },
  oneLine: { en: "one unit at a time: the list must have exactly one line", zh: "一次只能处理一套房屋：清单须只有一行" },
  area: { en: "area must be in m² with at most two decimals, e.g. 89.35", zh: "面积以平方米填写，最多两位小数，例如 89.35" },
  source: { en: "area source must be registered, surveyed or contract", zh: "面积来源须为 登记、实测 或 合同" },
  kind: { en: "kind must be residential, commercial, parking or stall", zh: "类型须为 住宅、商铺、车位 或 摊位" },
  salt: { en: "the identity salt must have at least 8 characters", zh: "身份盐值至少 8 个字符" },
  owner: { en: "owner must be an address 0x…", zh: "业主地址须为 0x 开头的地址" },
  identity: { en: "the owner's identity (e.g. ID number) is missing", zh: "缺少业主身份证明号码" },
  evidence: { en: "the reason and the evidence checked are missing", zh: "缺少原因及核验材料" },
  buildingId: { en: "building id must be a whole number ≥ 1", zh: "楼栋编号必须是不小于 1 的整数" },
  unitId: { en: "unit id must be a whole number ≥ 1", zh: "房屋编号必须是不小于 1 的整数" },
} as const;

/** A refusal naming the line (1-based; 0 for the whole list), in English and Chinese. */
export class LineError extends Error {
  readonly reason: string;
  readonly reasonZh: string;
  constructor(
    readonly line: number,
    which: keyof typeof REASONS,
  ) {
    super(`line ${line}: ${REASONS[which].en}`);
    this.reason = REASONS[which].en;
    this.reasonZh = REASONS[which].zh;
  }
}

/** "89.35" → 8935n, "120" → 12000n; null for anything else. */
export function parseAreaM2(text: string): bigint | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const cm2 = BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  return cm2 > 0n ? cm2 : null;
}

const SOURCES: Record<string, 1 | 2 | 3> = { contract: 1, 合同: 1, surveyed: 2, 实测: 2, registered: 3, 登记: 3 };
const KINDS: Record<string, 1 | 2 | 3 | 4> = { residential: 1, 住宅: 1, commercial: 2, 商铺: 2, parking: 3, 车位: 3, stall: 4, 摊位: 4 };

function int(text: string | undefined, line: number, what: "buildingId" | "unitId"): number {
  const v = Number((text ?? "").trim());
  if (!Number.isInteger(v) || v < 1 || v > 0xffffffff) throw new LineError(line, what);
  return v;
}

function single<T>(lines: T[]): T {
  if (lines.length !== 1) throw new LineError(0, "oneLine");
  return lines[0]!;
}

/** `identitySalt` is the committee's secret salt: only the salted hash of an identity goes on chain. */
export function parseRegistryLines(action: RegistryAction, text: string, identitySalt = ""): Record<string, unknown> {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ n: i + 1, cells: l.split(/[,，]/).map((c) => c.trim()) }))
    .filter((l) => l.cells.some((c) => c.length > 0));
  if (lines.length === 0) throw new LineError(0, "empty");
  if (lines.length > 400) throw new LineError(401, "tooMany");
  switch (action) {
    case "registerBuildings":
      return {
        action,
        buildings: lines.map(({ n, cells }) => ({ buildingId: int(cells[0], n, "buildingId"), compound: Number(cells[1] ?? 0) || 0, label: cells[2] || `${cells[0]}` })),
      };
    case "registerUnits":
      return {
        action,
        units: lines.map(({ n, cells }) => {
          const area = parseAreaM2(cells[2] ?? "");
          if (area === null) throw new LineError(n, "area");
          const source = SOURCES[(cells[3] ?? "registered").toLowerCase()];
          const kind = KINDS[(cells[4] ?? "residential").toLowerCase()];
          if (!source) throw new LineError(n, "source");
          if (!kind) throw new LineError(n, "kind");
          return {
            unitId: int(cells[0], n, "unitId"),
            buildingId: int(cells[1], n, "buildingId"),
            areaCm2: area.toString(),
            areaSource: source,
            kind,
            developerHeld: ["1", "yes", "是", "true"].includes((cells[5] ?? "").toLowerCase()),
            label: cells[6] || `${cells[0]}`,
          };
        }),
      };
    case "bindOwners":
      if (identitySalt.length < 8) throw new LineError(0, "salt");
      return {
        action,
        bindings: lines.map(({ n, cells }) => {
          const owner = cells[1] ?? "";
          if (!isAddress(owner)) throw new LineError(n, "owner");
          if (!cells[2]) throw new LineError(n, "identity");
          return {
            unitId: int(cells[0], n, "unitId"),
            owner,
            identityHash: keccak256(toHex(`${identitySalt}|${cells[2]}`)),
            evidenceHash: evidenceHashOf(identitySalt, cells[3] || `unit ${cells[0]} owner ${owner}`),
          };
        }),
      };
    case "deliverUnits":
      return { action, unitIds: lines.flatMap(({ n, cells }) => cells.filter((c) => c).map((c) => int(c, n, "unitId"))) };
    case "updateUnitArea": {
      const { n, cells } = single(lines);
      const area = parseAreaM2(cells[1] ?? "");
      if (area === null) throw new LineError(n, "area");
      const source = SOURCES[(cells[2] ?? "").toLowerCase()];
      if (!source) throw new LineError(n, "source");
      return { action, unitId: int(cells[0], n, "unitId"), areaCm2: area.toString(), areaSource: source };
    }
    case "unbindOwner": {
      if (identitySalt.length < 8) throw new LineError(0, "salt");
      const { n, cells } = single(lines);
      const owner = cells[1] ?? "";
      if (!isAddress(owner)) throw new LineError(n, "owner");
      if (!cells[2]) throw new LineError(n, "evidence");
      return { action, unitId: int(cells[0], n, "unitId"), owner, evidenceHash: evidenceHashOf(identitySalt, cells.slice(2).join(", ")) };
    }
  }
}

/**
 * The hash of an owner binding's evidence (a certificate's number, a transfer's reason) as it goes
 * on chain: salted with the committee's salt like the identity, so that no one can confirm a
 * guessed certificate number against the public chain.
 */
export function evidenceHashOf(salt: string, evidence: string): Hex {
  return keccak256(toHex(`${salt}|evidence|${evidence}`));
}

/** The actions whose lines name units, and which of a line's cells do (null: every cell). */
const UNIT_CELLS: Partial<Record<RegistryAction, number | null>> = { bindOwners: 0, updateUnitArea: 0, unbindOwner: 0, deliverUnits: null };

/**
 * The list with every unit written as a room number (楼栋-单元-房号, "3-1-102", or another unit
 * label) replaced by its unit id, looked up by `unitIdOf`; unit ids stay as they are. A lookup
 * that fails is thrown with the 1-based line it came from.
 */
export async function resolveRoomNumbers(
  action: RegistryAction,
  text: string,
  unitIdOf: (room: string) => Promise<number>,
): Promise<string> {
  const which = UNIT_CELLS[action];
  if (which === undefined) return text;
  const out: string[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const cells = line.split(/[,，]/);
    for (const [k, cell] of cells.entries()) {
      if (which !== null && k !== which) continue;
      const c = cell.trim();
      if (c === "" || /^\d+$/.test(c)) continue;
      try {
        cells[k] = ` ${await unitIdOf(c)}`;
      } catch (err) {
        throw new RoomLineError(i + 1, err);
      }
    }
    out.push(cells.join(","));
  }
  return out.join("\n");
}

/** A room number on line `line` that the lookup refused (`cause` holds the refusal). */
export class RoomLineError extends Error {
  constructor(
    readonly line: number,
    cause: unknown,
  ) {
    super(`line ${line}: room number not found`, { cause });
    this.name = "RoomLineError";
  }
}
