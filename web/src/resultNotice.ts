/**
 * A printed public notice (公示) of a vote's result: the key facts in Chinese, whatever the page's
 * language, as they go on an A4 sheet beside the QR code of the proposal's verify page. Pure: the
 * facts come from the proposal as the API gives it; the figures are the chain's tally (integer
 * hundredths of a square metre, heads), printed exactly.
 */
import { MATTERS } from "../../domain/matters";
import { shanghaiTime } from "./documentNotice";

/** What a result notice needs of a proposal (ProposalDetail's fields). */
export interface ResultNoticeInput {
  readonly id: string;
  readonly communityId: string;
  readonly matter: number;
  readonly title: string;
  readonly status: string;
  readonly outcome: "Passed" | "Rejected" | "NoQuorum" | null;
  readonly options: readonly string[];
  readonly namedChoice: boolean;
  readonly votingStart: string;
  readonly votingEnd: string;
  readonly objectionEnd: string | null;
  readonly totalAreaCm2: string;
  readonly totalHeadcount: number;
  readonly participatingAreaCm2: string | null;
  readonly participatingHeadcount: number | null;
  readonly winningOption: number | null;
  readonly tallies: readonly { readonly areaCm2: string; readonly headcount: number }[];
  readonly textHash: string;
  readonly rollRoot: string;
  readonly objections: { readonly filed: number; readonly open: number };
}

export interface ResultNoticeFacts {
  readonly title: string;
  readonly rows: readonly (readonly [string, string])[];
  /** one row per option: its name, its area and its heads */
  readonly options: readonly (readonly [string, string, string])[];
}

/** "1,234.56 平方米": integer hundredths of a square metre, exactly. */
export function areaZh(areaCm2: string): string {
  const v = BigInt(areaCm2);
  return `${(v / 100n).toLocaleString("en-US")}.${(v % 100n).toString().padStart(2, "0")} 平方米`;
}

const OUTCOME_ZH = { Passed: "通过", Rejected: "未通过", NoQuorum: "未达到参与表决的面积和人数要求，表决无效" } as const;

/** The notice's title, rows and option lines, in Chinese; null while the vote is not tallied. */
export function resultNoticeFacts(p: ResultNoticeInput): ResultNoticeFacts | null {
  if (p.outcome === null || p.participatingAreaCm2 === null || p.participatingHeadcount === null) return null;
  const matter = MATTERS.find((m) => m.code === p.matter);
  const stage =
    p.status === "final"
      ? "询异公示期已过，结果已生效"
      : `初步结果；询异公示期至 ${p.objectionEnd === null ? "—" : shanghaiTime(Number(p.objectionEnd))}（北京时间），业主可在此之前提出询异`;
  const outcome = p.outcome === "Passed" && p.namedChoice && p.winningOption !== null ? `通过：${p.options[p.winningOption] ?? ""}` : OUTCOME_ZH[p.outcome];
  return {
    title: "表决结果公示",
    rows: [
      ["小区编号", p.communityId],
      ["表决事项", `第 ${p.id} 号：${p.title}`],
      ["事项类别", matter?.labelZh ?? String(p.matter)],
      ["投票时间（北京时间）", `${shanghaiTime(Number(p.votingStart))} 至 ${shanghaiTime(Number(p.votingEnd))}`],
      ["表决结果", outcome],
      ["结果状态", stage],
      ["参与表决的专有面积", `${areaZh(p.participatingAreaCm2)}，共 ${areaZh(p.totalAreaCm2)}`],
      ["参与表决的业主人数", `${p.participatingHeadcount.toLocaleString("en-US")} 人，共 ${p.totalHeadcount.toLocaleString("en-US")} 人`],
      ["询异", p.objections.filed === 0 ? "无" : `${p.objections.filed} 条，未答复 ${p.objections.open} 条`],
      ["全文指纹（keccak256）", p.textHash],
      ["业主名册指纹（默克尔根）", p.rollRoot],
    ],
    options: p.options.map((name, i) => {
      const t = p.tallies[i] ?? { areaCm2: "0", headcount: 0 };
      return [name, areaZh(t.areaCm2), `${t.headcount.toLocaleString("en-US")} 人`] as const;
    }),
  };
}

/** What the notice tells a reader to do with the QR code. */
export const RESULT_HOW_TO_ZH =
  "核验方法：用手机扫描二维码或打开下方网址。核验页面直接读取区块链，重新计算名册、每一张选票和结果，并与本网站的数据对比，不依赖本网站的数据库；" +
  "也可在电脑上运行 npm run verify -- proposal 编号。";
