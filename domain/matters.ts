/**
 * The nine kinds of matter that owners decide jointly (民法典 第278条), numbered exactly like
 * the Solidity enum `IOwnerVoting.Matter` (0 = None is not a valid matter).
 */

export const Matter = {
  RulesOfProcedure: 1,
  ManagementCovenant: 2,
  ElectCommittee: 3,
  HireOrFireManager: 4,
  UseFund: 5,
  RaiseFund: 6,
  Rebuild: 7,
  ChangeUseOfCommonParts: 8,
  OtherMajorMatter: 9,
} as const;
export type Matter = (typeof Matter)[keyof typeof Matter];
export type MatterName = keyof typeof Matter;

/** "half": more than 1/2 (过半数, exactly half fails); "threeQuarters": at least 3/4 (四分之三以上). */
export type Approval = "half" | "threeQuarters";

export interface MatterInfo {
  readonly code: Matter;
  /** Name of the Solidity enum member, e.g. "UseFund". */
  readonly name: MatterName;
  /** Item number in 民法典 第278条, e.g. "（五）". */
  readonly article278Item: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly approval: Approval;
  /** Plain-words statement of what the matter needs to pass. */
  readonly requirementZh: string;
  readonly requirementEn: string;
}

/** Days of public notice (公示) before voting opens, unless the community sets otherwise. */
export const DEFAULT_NOTICE_DAYS = 15;
/** Notice days for an ad hoc meeting (临时会议). */
export const DEFAULT_ADHOC_NOTICE_DAYS = 7;
/** Days of the objection period (询异公示) after the preliminary result. */
export const DEFAULT_OBJECTION_DAYS = 7;
/** A vote lasts at least this many days… */
export const MIN_VOTING_DAYS = 5;
/** …and at most this many. */
export const MAX_VOTING_DAYS = 60;
/** Options per proposal, abstain (always the last option) included; as in the contract. */
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 16;

const QUORUM_ZH = "参与表决：专有部分面积和人数均达到三分之二以上（恰好三分之二即达到）";
const QUORUM_EN =
  "Turnout: the owners who take part must hold at least two thirds of the exclusive area AND be at least two thirds of all owners (exactly two thirds is enough).";

const HALF_ZH = `${QUORUM_ZH}；同意：参与表决者专有部分面积和人数均过半数（恰好一半不通过）；弃权计入参与表决。`;
const HALF_EN = `${QUORUM_EN} Approval: more than half of the participating area AND more than half of the participating owners agree (exactly half is not enough). Abstentions count as taking part.`;

const THREE_QUARTERS_ZH = `${QUORUM_ZH}；同意：参与表决者专有部分面积和人数均达到四分之三以上（恰好四分之三即通过）；弃权计入参与表决。`;
const THREE_QUARTERS_EN = `${QUORUM_EN} Approval: at least three quarters of the participating area AND at least three quarters of the participating owners agree (exactly three quarters is enough). Abstentions count as taking part.`;

function info(
  name: MatterName,
  article278Item: string,
  labelZh: string,
  labelEn: string,
  approval: Approval,
): MatterInfo {
  return {
    code: Matter[name],
    name,
    article278Item,
    labelZh,
    labelEn,
    approval,
    requirementZh: approval === "half" ? HALF_ZH : THREE_QUARTERS_ZH,
    requirementEn: approval === "half" ? HALF_EN : THREE_QUARTERS_EN,
  };
}

/** All nine matters, in code order (index i holds code i + 1). */
export const MATTERS: readonly MatterInfo[] = Object.freeze([
  info("RulesOfProcedure", "（一）", "制定和修改业主大会议事规则", "Make or amend the rules of procedure of the owners' assembly", "half"),
  info("ManagementCovenant", "（二）", "制定和修改管理规约", "Make or amend the management covenant", "half"),
  info("ElectCommittee", "（三）", "选举业主委员会或者更换业主委员会成员", "Elect the owners' committee or replace its members", "half"),
  info("HireOrFireManager", "（四）", "选聘和解聘物业服务企业或者其他管理人", "Hire or dismiss the property-management company or another manager", "half"),
  info("UseFund", "（五）", "使用建筑物及其附属设施的维修资金", "Use the maintenance fund of the buildings and their ancillary facilities", "half"),
  info("RaiseFund", "（六）", "筹集建筑物及其附属设施的维修资金", "Raise the maintenance fund of the buildings and their ancillary facilities", "threeQuarters"),
  info("Rebuild", "（七）", "改建、重建建筑物及其附属设施", "Alter or rebuild the buildings and their ancillary facilities", "threeQuarters"),
  info("ChangeUseOfCommonParts", "（八）", "改变共有部分的用途或者利用共有部分从事经营活动", "Change the use of common parts or run a business on them", "threeQuarters"),
  info("OtherMajorMatter", "（九）", "有关共有和共同管理权利的其他重大事项", "Other major matters of common ownership and joint management", "half"),
]);

/** True if `value` is one of the nine matter codes (1..9). */
export function isMatter(value: unknown): value is Matter {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MATTERS.length;
}

/** The description of a matter; throws RangeError for anything that is not a matter code. */
export function matterInfo(matter: Matter): MatterInfo {
  if (!isMatter(matter)) {
    throw new RangeError(`Unknown matter ${String(matter)}: expected an integer 1..9`);
  }
  const found = MATTERS[matter - 1];
  if (found === undefined || found.code !== matter) {
    throw new RangeError(`Unknown matter ${String(matter)}`);
  }
  return found;
}

/** The approval threshold of a matter: (六)(七)(八) need three quarters, the rest more than half. */
export function approvalOf(matter: Matter): Approval {
  return matterInfo(matter).approval;
}

/**
 * Only a fund-use vote (五) may be limited to the owners of the units that bear the cost;
 * every other matter is decided by the whole community.
 */
export function partialScopeAllowed(matter: Matter): boolean {
  return matterInfo(matter).code === Matter.UseFund;
}
