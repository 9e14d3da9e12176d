/**
 * `npm run verify -- <file> --proof bundle.json [--rpc URL] [--api URL] [--lang zh-CN|en] [--json]`
 *
 * Checks that a file is the recorded one (verifier/checkDocument.ts): its proof bundle, then the
 * chain the bundle names. Without --proof the bundle is fetched from `--api URL` +
 * `/api/documents/<sha256>/proof`; without --rpc the bundle's chain is read through the
 * deployment file's node (RPC_URL, else http://127.0.0.1:8545). Same exit codes as below.
 *
 * `npm run verify -- proposal <id> --rpc URL [--deployment FILE | --registry 0x.. --voting 0x.. --from-block N]
 *                    [--api URL] [--text FILE] [--lang zh-CN|en] [--json]`
 *
 * Checks one proposal from chain data alone, as the verify page does, outside the browser, and
 * (with --api) compares what an API server shows with the chain, ballot by ballot. Exit code 0:
 * everything matches; 1: something does not match; 2: the check could not be made.
 *
 * This file only parses arguments, prints and sets the exit code; the checks are in
 * verifier/checkProposal.ts and the words in verifier/reportText.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { isAddress, keccak256 } from "viem";
import { checkProposal, type AddressSource, type CheckProposalParameters } from "../verifier/checkProposal";
import type { Address } from "../verifier/events";
import type { FetchLike } from "../verifier/compareWithApi";
import { failureText, formatReport, reportJson, type Lang } from "../verifier/reportText";
import { checkDocument, type DocumentCheckResult } from "../verifier/checkDocument";
import { documentResultJson, documentResultText } from "../verifier/documentText";
import { contentHashOf } from "../domain/documents/leaf";

const ROOT = path.resolve(__dirname, "..");

export interface VerifyIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved from here. */
  readonly cwd: string;
  readonly fetch?: FetchLike;
}

const USAGE: Record<Lang, string> = {
  "zh-CN": `用法：npm run verify -- proposal <编号> --rpc 节点地址 [选项]
  合约地址（二选一）：
    --deployment 文件          npm start 写出的部署文件（默认 .data/deployment.json）
    --registry 0x.. --voting 0x.. --from-block N
  --chain-id N                 节点应有的链 ID（用 --registry 等参数时可选）
  --api 网址                   与这个网站服务器显示的事项和每张选票比较
  --text 文件                  事项全文，与链上指纹核对（不用网站提供的全文）
  --lang zh-CN|en              报告语言（默认按 LANG 环境变量，中文优先）
  --json                       输出机器可读的报告
退出码：0 全部一致；1 有不一致；2 无法核验。
`,
  en: `Usage: npm run verify -- proposal <id> --rpc URL [options]
  Contract addresses (one of):
    --deployment FILE          the deployment file npm start writes (default .data/deployment.json)
    --registry 0x.. --voting 0x.. --from-block N
  --chain-id N                 the chain id the node must have (optional with --registry …)
  --api URL                    compare with the vote and every ballot this API server shows
  --text FILE                  the vote's full text, checked against the on-chain hash (instead of the API's)
  --lang zh-CN|en              report language (default: from LANG, Chinese first)
  --json                       print a machine-readable report
Exit code: 0 everything matches; 1 something does not match; 2 could not check.
`,
};

const BAD_INPUT: Record<string, { zh: string; en: string }> = {
  usage: { zh: "参数不对：{detail}", en: "Bad arguments: {detail}" },
  noDeployment: { zh: "找不到部署文件 {path}；请用 --deployment 指定，或用 --registry --voting --from-block 给出合约地址。", en: "No deployment file at {path}; give one with --deployment, or the addresses with --registry --voting --from-block." },
  badDeployment: { zh: "部署文件 {path} 无法读取或缺少 chainId、deployBlock、registry、voting：{detail}", en: "The deployment file {path} cannot be read or lacks chainId, deployBlock, registry or voting: {detail}" },
  textFile: { zh: "无法读取全文文件 {path}：{detail}", en: "Cannot read the text file {path}: {detail}" },
};

function langFrom(flag: string | undefined, env: VerifyIo["env"]): Lang | null {
  if (flag !== undefined) return flag === "en" || flag.toLowerCase().startsWith("en") ? "en" : flag === "zh-CN" || flag.toLowerCase().startsWith("zh") ? "zh-CN" : null;
  const l = env.LC_ALL || env.LC_MESSAGES || env.LANG || "";
  return l.toLowerCase().startsWith("en") ? "en" : "zh-CN";
}

class InputError extends Error {
  constructor(
    readonly key: keyof typeof BAD_INPUT,
    readonly params: Record<string, string>,
  ) {
    super(key);
  }
}

function inputText(lang: Lang, e: InputError): string {
  const entry = BAD_INPUT[e.key]!;
  return (lang === "zh-CN" ? entry.zh : entry.en).replace(/\{(\w+)\}/g, (m, k: string) => e.params[k] ?? m);
}

function parse(argv: readonly string[], io: VerifyIo) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      rpc: { type: "string" },
      deployment: { type: "string" },
      registry: { type: "string" },
      voting: { type: "string" },
      "from-block": { type: "string" },
      "chain-id": { type: "string" },
      api: { type: "string" },
      text: { type: "string" },
      lang: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
      "timeout-ms": { type: "string" },
    },
  });
  const usage = (detail: string) => new InputError("usage", { detail });
  if (values.help) return { help: true as const, values };
  if (positionals[0] !== "proposal" || positionals.length !== 2) throw usage("proposal <id>");
  const id = positionals[1]!;
  if (!/^\d+$/.test(id)) throw usage(`proposal <id>: ${id}`);
  if (values.rpc === undefined) throw usage("--rpc URL");
  if (!/^https?:\/\//.test(values.rpc)) throw usage(`--rpc ${values.rpc}`);
  const resolve = (p: string) => path.resolve(io.cwd, p);

  let registry: Address;
  let voting: Address;
  let fromBlock: bigint;
  let expectedChainId: number | undefined;
  let addressSource: AddressSource;
  const flags = values.registry !== undefined || values.voting !== undefined || values["from-block"] !== undefined;
  if (flags) {
    if (values.deployment !== undefined) throw usage("--deployment or --registry/--voting/--from-block, not both");
    if (values.registry === undefined || !isAddress(values.registry, { strict: false })) throw usage(`--registry ${values.registry ?? ""}`);
    if (values.voting === undefined || !isAddress(values.voting, { strict: false })) throw usage(`--voting ${values.voting ?? ""}`);
    const fb = values["from-block"] ?? "0";
    if (!/^\d+$/.test(fb)) throw usage(`--from-block ${fb}`);
    registry = values.registry;
    voting = values.voting;
    fromBlock = BigInt(fb);
    addressSource = { kind: "flags" };
  } else {
    const file = values.deployment !== undefined ? resolve(values.deployment) : path.join(path.resolve(io.env.LEDGER_DATA_DIR ?? path.join(ROOT, ".data")), "deployment.json");
    if (!fs.existsSync(file)) throw new InputError("noDeployment", { path: file });
    try {
      const d = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
      const { chainId, deployBlock, registry: r, voting: v } = d;
      if (typeof chainId !== "number" || typeof r !== "string" || typeof v !== "string" || !isAddress(r, { strict: false }) || !isAddress(v, { strict: false })) {
        throw new Error("chainId, registry, voting");
      }
      if (typeof deployBlock !== "string" && typeof deployBlock !== "number") throw new Error("deployBlock");
      registry = r;
      voting = v;
      fromBlock = BigInt(deployBlock);
      expectedChainId = chainId;
    } catch (err) {
      throw new InputError("badDeployment", { path: file, detail: err instanceof Error ? err.message : String(err) });
    }
    addressSource = { kind: "file", path: file };
  }
  if (values["chain-id"] !== undefined) {
    if (!/^\d+$/.test(values["chain-id"])) throw usage(`--chain-id ${values["chain-id"]}`);
    expectedChainId = Number(values["chain-id"]);
  }
  if (values.api !== undefined && !/^https?:\/\//.test(values.api)) throw usage(`--api ${values.api}`);
  let text: CheckProposalParameters["text"];
  if (values.text !== undefined) {
    const file = resolve(values.text);
    try {
      text = { body: fs.readFileSync(file, "utf8"), path: file };
    } catch (err) {
      throw new InputError("textFile", { path: file, detail: err instanceof Error ? err.message : String(err) });
    }
  }
  const timeout = values["timeout-ms"];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw usage(`--timeout-ms ${timeout}`);
  const params: CheckProposalParameters = {
    rpcUrl: values.rpc,
    registry,
    voting,
    fromBlock,
    addressSource,
    expectedChainId,
    proposalId: BigInt(id),
    text,
    apiUrl: values.api,
    fetch: io.fetch,
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  };
  return { help: false as const, values, params };
}

/** The CLI: parses `argv` (without node and the script), checks, prints; returns the exit code. */
export async function runVerify(argv: readonly string[], io: VerifyIo): Promise<0 | 1 | 2> {
  // The language first, so that even a usage error is in the reader's language.
  const langIndex = argv.indexOf("--lang");
  const langFlag = langIndex >= 0 ? argv[langIndex + 1] : argv.find((a) => a.startsWith("--lang="))?.slice("--lang=".length);
  const lang = langFrom(langFlag, io.env) ?? "zh-CN";
  const json = argv.includes("--json");
  if (argv.length > 0 && argv[0] !== "proposal" && !argv[0]!.startsWith("-")) return runVerifyDocument(argv, io, lang, json);
  let parsed: ReturnType<typeof parse>;
  try {
    if (langFrom(langFlag, io.env) === null) throw new InputError("usage", { detail: `--lang ${langFlag ?? ""}` });
    parsed = parse(argv, io);
  } catch (err) {
    const e = err instanceof InputError ? err : new InputError("usage", { detail: err instanceof Error ? err.message : String(err) });
    const text = inputText(lang, e);
    if (json) io.stdout(JSON.stringify({ ok: false, exitCode: 2, failure: { kind: "BAD_INPUT", code: e.key, message: text } }, null, 2) + "\n");
    else io.stderr(`${text}\n\n${USAGE[lang]}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(USAGE[lang] + DOCUMENT_USAGE[lang]);
    return 0;
  }
  let report;
  try {
    report = await checkProposal(parsed.params);
  } catch (err) {
    // Not one of the known failures: say so, as a check that could not be made.
    const text = failureText(lang, { kind: "BAD_INPUT", code: "UNEXPECTED", detail: err instanceof Error ? err.message : String(err) });
    if (json) io.stdout(JSON.stringify({ ok: false, exitCode: 2, failure: { kind: "UNEXPECTED", message: text } }, null, 2) + "\n");
    else io.stderr(`${text}\n`);
    return 2;
  }
  if (json) io.stdout(JSON.stringify(reportJson(report, lang), null, 2) + "\n");
  else io.stdout(formatReport(report, lang));
  return report.exitCode;
}

const DOCUMENT_USAGE: Record<Lang, string> = {
  "zh-CN": `
用法：npm run verify -- <文件> --proof 证明包.json [--rpc 节点地址] [选项]
  --proof 文件                 文件的证明包（community-ledger/document-proof/v1）
  --api 网址                   没有 --proof 时，从 网址/api/documents/<sha256>/proof 取证明包
  --rpc 网址                   节点地址（默认 RPC_URL 环境变量，否则 http://127.0.0.1:8545）
  --contract 0x..              本账本的文件锚定合约（默认取 --deployment 文件或 .data/deployment.json 的 documents）
  --lang zh-CN|en  --json
退出码：0 已核验；1 未通过核验；2 无法核验。
`,
  en: `
Usage: npm run verify -- <file> --proof bundle.json [--rpc URL] [options]
  --proof FILE                 the file's proof bundle (community-ledger/document-proof/v1)
  --api URL                    without --proof, fetch the bundle from URL/api/documents/<sha256>/proof
  --rpc URL                    the node (default: RPC_URL, else http://127.0.0.1:8545)
  --contract 0x..              the ledger's DocumentAnchor (default: documents of --deployment FILE or .data/deployment.json)
  --lang zh-CN|en  --json
Exit code: 0 verified; 1 not verified; 2 could not check.
`,
};

/** `verify <file> --proof bundle.json`: one line, the exit code of the check. */
async function runVerifyDocument(argv: readonly string[], io: VerifyIo, lang: Lang, json: boolean): Promise<0 | 1 | 2> {
  const say = (result: DocumentCheckResult | { exitCode: 2; message: string; code: string }) => {
    if ("status" in result) {
      const line = documentResultText(result, lang);
      if (json) io.stdout(JSON.stringify(documentResultJson(result, lang), null, 2) + "\n");
      else if (result.exitCode === 2) io.stderr(line + "\n");
      else io.stdout(line + "\n");
    } else if (json) io.stdout(JSON.stringify({ status: "could-not-check", exitCode: 2, code: result.code, message: result.message }, null, 2) + "\n");
    else io.stderr(result.message + "\n");
    return result.exitCode;
  };
  const bad = (detail: string) => say({ exitCode: 2, code: "BAD_INPUT", message: inputText(lang, new InputError("usage", { detail })) + (json ? "" : "\n\n" + DOCUMENT_USAGE[lang]) });
  let values: { proof?: string; rpc?: string; api?: string; contract?: string; deployment?: string; "timeout-ms"?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        proof: { type: "string" },
        rpc: { type: "string" },
        contract: { type: "string" },
        deployment: { type: "string" },
        api: { type: "string" },
        lang: { type: "string" },
        json: { type: "boolean", default: false },
        "timeout-ms": { type: "string" },
      },
    }));
  } catch (err) {
    return bad(err instanceof Error ? err.message : String(err));
  }
  if (positionals.length !== 1) return bad("<file> --proof bundle.json");
  const file = path.resolve(io.cwd, positionals[0]!);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (err) {
    return bad(`<file> ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sha256 = contentHashOf(bytes);
  const rpcUrl = values.rpc ?? io.env.RPC_URL ?? "http://127.0.0.1:8545";
  if (!/^https?:\/\//.test(rpcUrl)) return bad(`--rpc ${rpcUrl}`);
  const timeout = values["timeout-ms"];
  if (timeout !== undefined && !/^\d+$/.test(timeout)) return bad(`--timeout-ms ${timeout}`);
  let bundle: unknown;
  if (values.proof !== undefined) {
    const proofFile = path.resolve(io.cwd, values.proof);
    try {
      bundle = JSON.parse(fs.readFileSync(proofFile, "utf8"));
    } catch (err) {
      return bad(`--proof ${proofFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  } else if (values.api !== undefined) {
    if (!/^https?:\/\//.test(values.api)) return bad(`--api ${values.api}`);
    const url = `${values.api.replace(/\/+$/, "")}/api/documents/${sha256}/proof`;
    try {
      const res = await (io.fetch ?? fetch)(url);
      if (res.status === 404) {
        // The server has no such document: the file is not one it recorded.
        return say({ status: "not-verified", exitCode: 1, code: "NOT_RECORDED", detail: { api: values.api, actual: sha256 }, bundle: null });
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bundle = await res.json();
    } catch (err) {
      return say({ status: "could-not-check", exitCode: 2, code: "BUNDLE_UNAVAILABLE", detail: { reason: `${url}: ${err instanceof Error ? err.message : String(err)}` }, bundle: null });
    }
  } else {
    return bad("--proof bundle.json (or --api URL)");
  }
  // The ledger's DocumentAnchor: --contract, else the deployment file's `documents` (--deployment, or the default one if it exists).
  let expectedContract: `0x${string}` | undefined;
  // The contracts whose events may carry the file's hash (voting, fund, reports), from the deployment file when there is one.
  let ledgerContracts: `0x${string}`[] | undefined;
  if (values.contract !== undefined) {
    if (!isAddress(values.contract, { strict: false })) return bad(`--contract ${values.contract}`);
    expectedContract = values.contract;
  } else {
    const file = values.deployment !== undefined ? path.resolve(io.cwd, values.deployment) : path.join(path.resolve(io.env.LEDGER_DATA_DIR ?? path.join(ROOT, ".data")), "deployment.json");
    if (values.deployment !== undefined || fs.existsSync(file)) {
      try {
        const d = JSON.parse(fs.readFileSync(file, "utf8")) as { documents?: unknown; voting?: unknown; fund?: unknown; reports?: unknown };
        if (typeof d.documents !== "string" || !isAddress(d.documents, { strict: false })) throw new Error("documents");
        expectedContract = d.documents;
        const carriers = [d.voting, d.fund, d.reports].filter((a): a is `0x${string}` => typeof a === "string" && isAddress(a, { strict: false }));
        if (carriers.length === 3) ledgerContracts = carriers;
      } catch (err) {
        return bad(`--deployment ${file}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const result = await checkDocument({
    bundle,
    fileSha256: sha256,
    fileKeccak256: keccak256(bytes),
    rpcUrl,
    expectedContract,
    ledgerContracts,
    timeoutMs: timeout === undefined ? undefined : Number(timeout),
  });
  return say(result);
}

if (typeof require !== "undefined" && require.main === module) {
  runVerify(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
