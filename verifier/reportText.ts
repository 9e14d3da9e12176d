/**
 * The words of `npm run verify`: a ProposalCheckReport as a short text report in Simplified
 * Chinese or English, and as JSON (bigints as decimal strings). Pure.
 *
 * The problem messages of verifyProposal.ts follow the verify page's (web/src/i18n.ts,
 * `problem.*`), so that a resident reads the same thing in the browser and in the terminal.
 */
import type { BallotDifference } from "./compareWithApi";
import type { CheckId, ProposalCheckReport } from "./checkProposal";
import type { CheckFailure } from "./reachability";
import type { Problem } from "./verifyProposal";
import { fillTemplate } from "../domain/template";

export type Lang = "zh-CN" | "en";

type Entry = { readonly zh: string; readonly en: string };

const MESSAGES: Record<string, Entry> = {
  // header
  "head.title": { zh: "小区共治账本 · 独立核验 事项 #{id}{title}", en: "Community Ledger · independent check of vote #{id}{title}" },
  "head.node": { zh: "节点：    {url}（链 ID {chainId}），读取区块 {from} 至 {to}", en: "Node:      {url} (chain id {chainId}), blocks {from} to {to} read" },
  "head.nodeNotRead": { zh: "节点：    {url}（链 ID {chainId}）", en: "Node:      {url} (chain id {chainId})" },
  "head.addressesFile": { zh: "合约地址：来自部署文件 {path}（链 ID {chainId}）", en: "Addresses: from the deployment file {path} (chain id {chainId})" },
  "head.addressesApiConfig": { zh: "合约地址：来自网站服务器的 {url}/api/config", en: "Addresses: from the server's {url}/api/config" },
  "head.addressesLink": { zh: "合约地址：来自打开的链接", en: "Addresses: from the link" },
  "head.addressesEntered": { zh: "合约地址：由您填写", en: "Addresses: entered by you" },
  "head.addressesFlags": { zh: "合约地址：来自命令行参数 --registry --voting --from-block", en: "Addresses: from the flags --registry --voting --from-block" },
  "head.contracts": { zh: "          登记合约 {registry}，表决合约 {voting}，自区块 {fromBlock}", en: "           registry {registry}, voting {voting}, from block {fromBlock}" },
  "head.api": { zh: "对比网站：{url}", en: "API:       {url}" },
  "head.noApi": { zh: "对比网站：未指定（用 --api 与网站显示的每张选票比较）", en: "API:       none (--api compares every ballot it shows)" },

  // checks
  "check.roll": { zh: "业主名册", en: "Roll" },
  "check.recount": { zh: "重新点票", en: "Recount" },
  "check.result": { zh: "表决结果", en: "Result" },
  "check.text": { zh: "事项全文", en: "Text" },
  "check.apiSummary": { zh: "网站摘要", en: "API summary" },
  "check.apiBallots": { zh: "网站选票", en: "API ballots" },
  "summary.ROLL_OK": {
    zh: "按区块 {block} 发布时的登记重新生成，指纹 {root}、面积 {area}、{headcount} 人、{entries} 个条目与公布的一致",
    en: "rebuilt from the registry as it stood at publication (block {block}): root {root}, {area}, {headcount} {headcount|owner|owners}, {entries} {entries|entry|entries}, as published",
  },
  "summary.RECOUNT_OK": {
    zh: "链上 {events} 条计票记录，{counted} 户计入，合计与合约计数一致（{tallies}）",
    en: "{events} ballot records, {counted} entries counted; equals the contract's count ({tallies})",
  },
  "summary.RESULT_OK_FINAL": { zh: "按民法典规则重新计算为“{outcome}”（通过选项：{winner}），与链上已生效的结果一致", en: "recomputed by the Civil Code's rules: {outcome} (winning option: {winner}), as the chain's final result" },
  "summary.RESULT_OK_PROVISIONAL": { zh: "按民法典规则重新计算为“{outcome}”（通过选项：{winner}），与链上公示中的结果一致", en: "recomputed by the Civil Code's rules: {outcome} (winning option: {winner}), as the chain's provisional result" },
  "summary.RESULT_OK_NOT_TALLIED": { zh: "尚未计票；按目前的选票计算为“{outcome}”", en: "not tallied yet; the ballots so far give: {outcome}" },
  "summary.TEXT_OK_FILE": { zh: "文件 {source} 的哈希与链上公布的全文指纹 {hash} 一致", en: "the hash of the file {source} equals the on-chain text hash {hash}" },
  "summary.TEXT_OK_API": { zh: "网站提供的全文的哈希与链上公布的全文指纹 {hash} 一致", en: "the hash of the API's text equals the on-chain text hash {hash}" },
  "summary.TEXT_SKIPPED": { zh: "未核对：没有全文（用 --text 文件 或 --api）；链上指纹 {hash}", en: "not checked: no text given (--text FILE or --api); on-chain hash {hash}" },
  "summary.TEXT_SKIPPED_API_FAILED": { zh: "未核对：无法从网站取得全文；链上指纹 {hash}", en: "not checked: the API's text could not be read; on-chain hash {hash}" },
  "summary.API_SUMMARY_OK": { zh: "名册指纹、合计、全文指纹、标题、选项、计数和结果与链上一致", en: "roll root, totals, text hash, title, options, tallies and result as on chain" },
  "summary.API_BALLOTS_OK": {
    zh: "逐户比较了 {compared} 个条目（链上计入 {counted} 张选票），没有差异",
    en: "{compared} entries compared one by one ({counted} counted ballots on chain), no difference",
  },
  "summary.API_BALLOTS_OK_SOME_NOT_SHOWN": {
    zh: "逐户比较了 {compared} 个条目，没有差异；条目 {notShown} 的选票网站无从查询（没有业主或受托人地址）",
    en: "{compared} entries compared one by one, no difference; the API offers no lookup for the ballots of entries {notShown} (no owner or proxy address)",
  },
  "summary.API_BALLOTS_SKIPPED_NO_PROPOSAL": { zh: "未比较：网站没有这个事项", en: "not compared: the API does not show this vote" },

  // problems (verifyProposal.ts; worded as on the verify page)
  "problem.PROPOSAL_NOT_PUBLISHED": { zh: "链上找不到这个事项的发布记录。", en: "The chain has no publication of this vote." },
  "problem.PROPOSAL_NOT_ON_CHAIN": { zh: "合约里查不到这个事项。", en: "The contract does not know this vote." },
  "problem.COMMUNITY_NOT_FOUND": { zh: "发布时链上没有小区 {communityId} 的登记。", en: "Community {communityId} was not registered when the vote was published." },
  "problem.ROLL_BUILD_FAILED": { zh: "无法重新生成名册：{zh}", en: "The roll could not be rebuilt: {en}" },
  "problem.ROOT_DIFFERS": { zh: "名册指纹不一致：重新生成 {a}，公布 {b}。", en: "Fingerprints differ: rebuilt {a}, published {b}." },
  "problem.AREA_DIFFERS": { zh: "面积合计不一致：重新生成 {a}，公布 {b}（单位 0.01 平方米）。", en: "Total area differs: rebuilt {a}, published {b} (hundredths of m²)." },
  "problem.HEADCOUNT_DIFFERS": { zh: "人数合计不一致：重新生成 {a}，公布 {b}。", en: "Total headcount differs: rebuilt {a}, published {b}." },
  "problem.ENTRY_COUNT_DIFFERS": { zh: "条目数不一致：重新生成 {a}，公布 {b}。", en: "Entry count differs: rebuilt {a}, published {b}." },
  "problem.STORED_ROOT_DIFFERS": { zh: "合约保存的名册指纹与发布记录不一致。", en: "The contract's stored fingerprint differs from the publication." },
  "problem.STORED_AREA_DIFFERS": { zh: "合约保存的面积合计与发布记录不一致。", en: "The contract's stored total area differs from the publication." },
  "problem.STORED_HEADCOUNT_DIFFERS": { zh: "合约保存的人数合计与发布记录不一致。", en: "The contract's stored headcount differs from the publication." },
  "problem.STORED_ENTRY_COUNT_DIFFERS": { zh: "合约保存的条目数与发布记录不一致。", en: "The contract's stored entry count differs from the publication." },
  "problem.TALLY_DIFFERS": {
    zh: "选项 {option} 不一致：重新点票 {recountedArea}（0.01 平方米）/{recountedHeadcount} 人，合约 {onChainArea}/{onChainHeadcount} 人。",
    en: "Option {option} differs: recount {recountedArea} (hundredths of m²) / {recountedHeadcount}, contract {onChainArea} / {onChainHeadcount}.",
  },
  "problem.BAD_CHOICE": { zh: "条目 {entryId} 的选票选了不存在的选项 {choice}。", en: "Entry {entryId}'s ballot chose option {choice}, which does not exist." },
  "problem.BALLOT_NOT_IN_ROLL": { zh: "条目 {entryId} 有选票，但不在重新生成的名册里。", en: "Entry {entryId} has a ballot but is not on the rebuilt roll." },
  "problem.BALLOT_WEIGHT_DIFFERS": { zh: "条目 {entryId} 的选票面积 {area} 与名册 {rollArea} 不一致（0.01 平方米）。", en: "Entry {entryId}'s ballot weighs {area}, the roll says {rollArea} (hundredths of m²)." },
  "problem.COMPUTE_FAILED": { zh: "无法计算结果：{zh}", en: "The result could not be computed: {en}" },
  "problem.BAD_MATTER": { zh: "事项类型无效。", en: "Invalid kind of matter." },
  "problem.BAD_OUTCOME": { zh: "链上结果代码无效：{outcome}。", en: "Invalid outcome code on the chain: {outcome}." },
  "problem.OUTCOME_DIFFERS": { zh: "结果不一致：重新计算为 {computed}，链上为 {onChain}。", en: "Outcome differs: recomputed {computed}, chain {onChain}." },
  "problem.WINNER_DIFFERS": { zh: "通过的选项不一致：重新计算为 {computed}，链上为 {onChain}。", en: "Winning option differs: recomputed {computed}, chain {onChain}." },
  "problem.PARTICIPATION_DIFFERS": { zh: "参与表决的面积或人数不一致。", en: "Participating area or headcount differs." },
  "problem.QUORUM_DIFFERS": { zh: "是否达到参与人数要求的判断不一致。", en: "Whether the quorum was met differs." },
  "problem.STORED_OUTCOME_DIFFERS": { zh: "合约保存的结果与计票记录不一致。", en: "The contract's stored outcome differs from its tally record." },
  "problem.STORED_WINNER_DIFFERS": { zh: "合约保存的通过选项与计票记录不一致。", en: "The contract's stored winner differs from its tally record." },
  "problem.STORED_OUTCOME_WITHOUT_TALLY": { zh: "合约显示有结果，但链上没有计票记录。", en: "The contract shows a result but the chain has no tally record." },
  "problem.FINAL_OUTCOME_DIFFERS": { zh: "生效的结果与计票结果不一致。", en: "The final outcome differs from the tallied one." },
  // problems (text and API)
  "problem.TEXT_MISSING": { zh: "网站没有提供这个事项的全文。", en: "The API serves no text for this vote." },
  "problem.TEXT_HASH_DIFFERS": {
    zh: "{sourceName}的哈希 {textHash} 与链上公布的全文指纹 {onChainHash} 不一致：全文被改动过。",
    en: "The hash of {sourceName}, {textHash}, differs from the on-chain text hash {onChainHash}: the text was altered.",
  },
  "source.file": { zh: "文件中的全文", en: "the file's text" },
  "source.api": { zh: "网站提供的全文", en: "the API's text" },
  "problem.API_PROPOSAL_MISSING": { zh: "网站没有这个事项，链上却有。", en: "The API does not show this vote, though the chain has it." },
  "problem.API_ROOT_DIFFERS": { zh: "网站显示的名册指纹 {api} 与链上 {chain} 不一致。", en: "The API's roll root {api} differs from the chain's {chain}." },
  "problem.API_TOTALS_DIFFER": { zh: "网站显示的面积/人数/条目数合计 {api} 与链上 {chain} 不一致。", en: "The API's totals (area/headcount/entries) {api} differ from the chain's {chain}." },
  "problem.API_TEXT_HASH_DIFFERS": { zh: "网站显示的全文指纹 {api} 与链上 {chain} 不一致。", en: "The API's text hash {api} differs from the chain's {chain}." },
  "problem.API_TEXT_DIFFERS": { zh: "网站提供的全文与链上指纹不一致（其哈希为 {textHash}）。", en: "The API's text does not match the on-chain hash (it hashes to {textHash})." },
  "problem.API_TITLE_DIFFERS": { zh: "网站显示的标题“{api}”与链上“{chain}”不一致。", en: "The API's title “{api}” differs from the chain's “{chain}”." },
  "problem.API_OPTIONS_DIFFER": { zh: "网站显示的选项“{api}”与链上“{chain}”不一致。", en: "The API's options “{api}” differ from the chain's “{chain}”." },
  "problem.API_TALLY_DIFFERS": { zh: "网站显示的“{option}”得票 {api} 与链上 {chain} 不一致（面积/人数）。", en: "The API's count for “{option}”, {api}, differs from the chain's {chain} (area/headcount)." },
  "problem.API_OUTCOME_DIFFERS": { zh: "网站显示的结果 {api} 与链上 {chain} 不一致。", en: "The API's result {api} differs from the chain's {chain}." },
  "problem.API_BALLOT_DIFFERS": { zh: "条目 {entryId} 的选票不一致。", en: "Entry {entryId}'s ballot differs." },
  "ballot.diff": { zh: "条目 {entryId}（{units}）：链上 {chain}，网站 {api}", en: "entry {entryId} ({units}): chain {chain}, API {api}" },
  "ballot.diffCount": { zh: "{n} 处差异：", en: "{n} differences:" },
  "objections.none": { zh: "询异：链上没有询异。", en: "Objections: none on the chain." },
  "objections.count": { zh: "询异：链上 {n} 条，业委会已答复 {answered} 条：", en: "Objections: {n} {n|objection|objections} on the chain, {answered} answered by the committee:" },
  "objections.item": { zh: "询异 {id}（名册第 {entry} 号，签名人 {signer}，区块 {block}）内容哈希 {textHash}；{answer}", en: "objection {id} (roll entry {entry}, signed by {signer}, block {block}) text hash {textHash}; {answer}" },
  "objections.answered": { zh: "答复哈希 {hash}", en: "answer hash {hash}" },
  "objections.open": { zh: "尚未答复", en: "not answered yet" },
  "ballot.none": { zh: "无选票", en: "no ballot" },
  "ballot.paper": { zh: "（纸质）", en: " (paper)" },
  "ballot.weight": { zh: "，{area}/{n} 人", en: ", {area} / {n} {n|owner|owners}" },

  people: { zh: "{n} 人", en: "{n} {n|owner|owners}" },

  // outcomes
  "outcome.Passed": { zh: "通过", en: "Passed" },
  "outcome.Rejected": { zh: "未通过", en: "Not passed" },
  "outcome.NoQuorum": { zh: "参与人数不足", en: "Too few took part" },

  // failures (exit 2)
  "failure.NODE_UNREACHABLE": {
    zh: "无法核验：节点无法连接。{url} 没有应答（{reason}）。请检查节点地址（--rpc），或换一个节点。",
    en: "Could not check: node unreachable. {url} did not answer ({reason}). Check the node address (--rpc) or try another node.",
  },
  "failure.WRONG_CHAIN": {
    zh: "无法核验：链不对。合约地址是为链 ID {expected} 部署的，这个节点却是链 ID {actual}。请换用正确的节点或部署文件。",
    en: "Could not check: wrong chain. The addresses are for chain id {expected}, but this node is chain id {actual}. Use the right node or deployment file.",
  },
  "failure.CONTRACT_NOT_FOUND.NO_CODE": {
    zh: "无法核验：找不到合约。{contractName}地址 {address} 上没有合约。请检查合约地址或部署文件，以及节点是否正确。",
    en: "Could not check: contract not found. There is no contract at the {contractName} address {address}. Check the addresses or the deployment file, and the node.",
  },
  "failure.CONTRACT_NOT_FOUND.NOT_THE_CONTRACT": {
    zh: "无法核验：找不到合约。{contractName}地址 {address} 上的合约不是{contractName}。请检查合约地址。",
    en: "Could not check: contract not found. The contract at {address} is not the {contractName}. Check the addresses.",
  },
  "failure.CONTRACT_NOT_FOUND.REGISTRY_MISMATCH": {
    zh: "无法核验：找不到合约。表决合约 {address} 属于登记合约 {actual}，不是给定的登记合约。请检查合约地址。",
    en: "Could not check: contract not found. The voting contract {address} belongs to registry {actual}, not the one given. Check the addresses.",
  },
  "failure.RECORD_NOT_FOUND.NO_SUCH_PROPOSAL": {
    zh: "无法核验：找不到记录。链上没有事项 #{proposalId}（表决合约共有 {count} 个事项）。",
    en: "Could not check: record not found. The chain has no vote #{proposalId} (the voting contract has {count}).",
  },
  "failure.RECORD_NOT_FOUND.NOT_IN_BLOCKS": {
    zh: "无法核验：找不到记录。区块 {from} 至 {to} 中没有事项 #{proposalId} 的发布记录；起始区块（--from-block）是否太晚？",
    en: "Could not check: record not found. Blocks {from} to {to} hold no publication of vote #{proposalId}; is --from-block too late?",
  },
  "failure.API_UNREACHABLE": {
    zh: "无法与网站比较：{url} 无法读取（{reason}）。上面链上的检查已完成。",
    en: "Could not compare with the API: {url} could not be read ({reason}). The chain checks above were made.",
  },
  "failure.BAD_INPUT": { zh: "无法核验：{detail}", en: "Could not check: {detail}" },
  "contract.registry": { zh: "登记合约", en: "registry contract" },
  "contract.voting": { zh: "表决合约", en: "voting contract" },

  // verdict
  "verdict.0": { zh: "核验通过：所有检查项都与区块链一致。（退出码 0）", en: "Verified: every check matches the chain. (exit 0)" },
  "verdict.1": { zh: "核验发现问题：标 ✗ 的项目与区块链不一致。请向业委会和居委会反映。（退出码 1）", en: "Problems found: the items marked ✗ do not match the chain. Please tell the committee and the residents' committee. (exit 1)" },
  "verdict.2": { zh: "未能完成核验。（退出码 2）", en: "The check could not be made. (exit 2)" },
};

export function message(lang: Lang, key: string, params: Readonly<Record<string, string | number>> = {}): string {
  const e = MESSAGES[key];
  const template = e === undefined ? `${key} ${JSON.stringify(params)}` : lang === "zh-CN" ? e.zh : e.en;
  return fillTemplate(template, params);
}

/** Hundredths of m² as "1,234.56 m²". */
export function formatArea(areaCm2: bigint | string): string {
  const a = BigInt(areaCm2);
  const whole = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${whole}.${(a % 100n).toString().padStart(2, "0")} m²`;
}

export function problemText(lang: Lang, p: Problem): string {
  const params: Record<string, string | number> = { ...(p.params ?? {}) };
  if (p.code === "TEXT_HASH_DIFFERS") params.sourceName = message(lang, `source.${String(params.source ?? "api")}`);
  for (const k of ["outcome", "computed", "onChain", "api", "chain"]) {
    const v = params[k];
    if (typeof v === "string" && (v === "Passed" || v === "Rejected" || v === "NoQuorum")) params[k] = message(lang, `outcome.${v}`);
  }
  return message(lang, `problem.${p.code}`, params);
}

export function failureText(lang: Lang, f: CheckFailure): string {
  switch (f.kind) {
    case "NODE_UNREACHABLE":
      return message(lang, "failure.NODE_UNREACHABLE", { url: f.url, reason: f.reason });
    case "WRONG_CHAIN":
      return message(lang, "failure.WRONG_CHAIN", { expected: f.expected, actual: f.actual });
    case "CONTRACT_NOT_FOUND":
      return message(lang, `failure.CONTRACT_NOT_FOUND.${f.reason}`, {
        contractName: message(lang, `contract.${f.contract}`),
        address: f.address,
        actual: f.actual ?? "-",
      });
    case "RECORD_NOT_FOUND":
      return message(lang, `failure.RECORD_NOT_FOUND.${f.reason}`, {
        proposalId: f.proposalId.toString(),
        count: f.proposalCount.toString(),
        from: f.fromBlock?.toString() ?? "-",
        to: f.toBlock?.toString() ?? "-",
      });
    case "API_UNREACHABLE":
      return message(lang, "failure.API_UNREACHABLE", { url: f.url, reason: f.reason });
    case "BAD_INPUT":
      return message(lang, "failure.BAD_INPUT", { detail: f.detail });
  }
}

function summaryText(lang: Lang, p: Problem, report: ProposalCheckReport): string {
  const params: Record<string, string | number> = { ...(p.params ?? {}) };
  if (p.code === "RECOUNT_OK") {
    params.tallies = (report.verification?.recount.details.onChain ?? [])
      .map((t, i) => `${report.options[i] ?? `#${i}`} ${formatArea(t.areaCm2)} / ${message(lang, "people", { n: t.headcount })}`)
      .join(lang === "zh-CN" ? "；" : "; ");
  }
  if (typeof params.area === "string") params.area = formatArea(params.area);
  if (typeof params.outcome === "string" && params.outcome !== "-") params.outcome = message(lang, `outcome.${params.outcome}`);
  return message(lang, `summary.${p.code}`, params);
}

/** Where the report's contract addresses came from, as one line. */
export function addressSourceText(lang: Lang, report: Pick<ProposalCheckReport, "addresses">): string {
  const a = report.addresses;
  switch (a.source.kind) {
    case "file":
      return message(lang, "head.addressesFile", { path: a.source.path, chainId: a.expectedChainId ?? "-" });
    case "flags":
      return message(lang, "head.addressesFlags");
    case "apiConfig":
      return message(lang, "head.addressesApiConfig", { url: a.source.url });
    case "link":
      return message(lang, "head.addressesLink");
    case "entered":
      return message(lang, "head.addressesEntered");
  }
}

/** One side's ballot of an entry: choice, kind, and the weight when it is what differs. */
export function ballotText(lang: Lang, options: readonly string[], b: BallotDifference["chain"], withWeight = false): string {
  if (b === null) return message(lang, "ballot.none");
  const name = options[b.choice] ?? `#${b.choice}`;
  const weight = withWeight ? message(lang, "ballot.weight", { area: formatArea(b.areaCm2), n: b.headcount }) : "";
  return `${name} (${b.choice})${b.kind === "paper" ? message(lang, "ballot.paper") : ""}${weight}`;
}

export function differenceText(lang: Lang, report: ProposalCheckReport, d: BallotDifference): string {
  return message(lang, "ballot.diff", {
    entryId: d.entryId,
    units: (report.entryLabels.get(d.entryId) ?? []).join(lang === "zh-CN" ? "、" : ", ") || "-",
    chain: ballotText(lang, report.options, d.chain, d.fields.includes("weight")),
    api: ballotText(lang, report.options, d.api, d.fields.includes("weight")),
  });
}

/** The report as lines of text. */
export function formatReport(report: ProposalCheckReport, lang: Lang): string {
  const out: string[] = [];
  const m = (key: string, params?: Readonly<Record<string, string | number>>) => message(lang, key, params);
  out.push(m("head.title", { id: report.proposalId.toString(), title: report.title !== null ? (lang === "zh-CN" ? `“${report.title}”` : ` “${report.title}”`) : "" }));
  const n = report.node;
  out.push(
    n.toBlock !== null
      ? m("head.node", { url: n.url, chainId: n.chainId ?? "-", from: n.fromBlock.toString(), to: n.toBlock.toString() })
      : m("head.nodeNotRead", { url: n.url, chainId: n.chainId ?? "-" }),
  );
  const a = report.addresses;
  out.push(addressSourceText(lang, report));
  out.push(m("head.contracts", { registry: a.registry, voting: a.voting, fromBlock: a.fromBlock.toString() }));
  out.push(report.api !== null ? m("head.api", { url: report.api.url }) : m("head.noApi"));
  out.push("");
  for (const c of report.checks) {
    const mark = c.status === "ok" ? "✓" : c.status === "failed" ? "✗" : "–";
    const name = m(`check.${c.id satisfies CheckId}`);
    const sep = lang === "zh-CN" ? "：" : ": ";
    if (c.status === "failed" && c.id === "apiBallots") {
      out.push(`${mark} ${name}${sep}${m("ballot.diffCount", { n: report.ballotDifferences.length })}`);
      for (const d of report.ballotDifferences) out.push(`    ${differenceText(lang, report, d)}`);
    } else if (c.status === "failed") {
      out.push(`${mark} ${name}${sep}${problemText(lang, c.problems[0] ?? { code: "?" })}`);
      for (const p of c.problems.slice(1)) out.push(`    ${problemText(lang, p)}`);
    } else {
      out.push(`${mark} ${name}${sep}${summaryText(lang, c.summary, report)}`);
    }
  }
  const objections = report.verification?.objections ?? [];
  if (report.verification) {
    out.push(
      objections.length === 0
        ? m("objections.none")
        : m("objections.count", { n: objections.length, answered: objections.filter((o) => o.answerHash !== null).length }),
    );
    for (const o of objections) {
      const answer = o.answerHash !== null ? m("objections.answered", { hash: o.answerHash }) : m("objections.open");
      out.push(`    ${m("objections.item", { id: o.objectionId, entry: o.entryId, signer: o.signer, block: o.block.toString(), textHash: o.textHash, answer })}`);
    }
  }
  if (report.failure !== null) {
    if (report.checks.length > 0) out.push("");
    out.push(`✗ ${failureText(lang, report.failure)}`);
  }
  out.push("");
  out.push(m(`verdict.${report.exitCode}`));
  return out.join("\n") + "\n";
}

/** The report for machines: every value JSON can hold, bigints as decimal strings, with the messages in `lang`. */
export function reportJson(report: ProposalCheckReport, lang: Lang): unknown {
  const plain = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x instanceof Map ? Object.fromEntries(x) : x)));
  return {
    ok: report.exitCode === 0,
    exitCode: report.exitCode,
    proposalId: report.proposalId.toString(),
    title: report.title,
    node: plain(report.node),
    addresses: plain(report.addresses),
    api: report.api,
    failure: report.failure === null ? null : { ...(plain(report.failure) as object), message: failureText(lang, report.failure) },
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.status,
      ok: c.status === "ok",
      reason: c.status === "failed" ? c.problems.map((p) => problemText(lang, p)).join(" ") : summaryText(lang, c.summary, report),
      problems: c.problems.map((p) => ({ code: p.code, params: p.params ?? {}, message: problemText(lang, p) })),
    })),
    objections: plain(report.verification?.objections ?? []),
    ballotDifferences: report.ballotDifferences.map((d) => ({
      entryId: d.entryId,
      units: report.entryLabels.get(d.entryId) ?? [],
      chain: plain(d.chain),
      api: plain(d.api),
      fields: d.fields,
      message: differenceText(lang, report, d),
    })),
  };
}
