/**
 * Every answer is what its route declares: real requests against a real ledger (every route's
 * success, and some refusals), each answer parsed by the zod schema its route declares for that
 * status in the app's OpenAPI registry (the schemas /openapi.json is written from). An answer
 * with a field the schema does not name, a field of another shape, or a status the route does
 * not declare fails, and so does a route no request here reached with a 2xx.
 */
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";
import { fundReportsDomain, objectionTypes, votingDomain, workRatingTypes } from "../../chain/typedData";
import { ErrorBody } from "../../ledger-api/src/http/schemas";
import {
  DAY,
  MEMBERS,
  SUPERVISOR,
  addr,
  advanceChainTime,
  call,
  createTestbed,
  key,
  memberToken,
  siweMessage,
  signBallot,
  signIn,
  waitFor,
  type Testbed,
} from "./support/testbed";

let tb: Testbed;

interface Answer {
  method: string;
  url: string;
  status: number;
  body: unknown;
}
const answers: Answer[] = [];

/** A request whose answer the test checks. */
async function ask(method: string, url: string, body?: unknown, token?: string) {
  const r = await call(tb, method, url, body, token);
  answers.push({ method, url, status: r.status, body: r.body });
  return r;
}

/** A write with an Idempotency-Key (the fund's drafts need one), checked as `ask` checks. */
async function askWith(method: string, url: string, body: unknown, token: string, idempotencyKey: string) {
  const res = await tb.service.app.request(url, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": idempotencyKey },
    body: JSON.stringify(body),
  });
  const r = { status: res.status, body: (await res.json()) as any };
  answers.push({ method, url, status: r.status, body: r.body });
  return r;
}

/** A document upload (its body is the file, not JSON), checked as `ask` checks. */
async function askUpload(url: string, file: Uint8Array, token: string) {
  const res = await tb.service.app.request(url, { method: "POST", headers: { "content-type": "application/pdf", authorization: `Bearer ${token}` }, body: file as unknown as BodyInit });
  const r = { status: res.status, body: (await res.json()) as any };
  answers.push({ method: "POST", url, status: r.status, body: r.body });
  return r;
}

/** A request answered with a file: checked against the media types its route declares for that status. */
const fileAnswers: { method: string; url: string; status: number; contentType: string }[] = [];
async function askFile(url: string, token?: string) {
  const res = await tb.service.app.request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const contentType = res.headers.get("content-type") ?? "";
  if (contentType.startsWith("application/json")) {
    answers.push({ method: "GET", url, status: res.status, body: await res.json() });
  } else {
    await res.arrayBuffer();
    fileAnswers.push({ method: "GET", url, status: res.status, contentType });
  }
  return res.status;
}

/** What the routes declare: method, path template and the zod schema of each status (and any non-JSON media types). */
function declaredRoutes() {
  const routes: { method: string; path: string; match: RegExp; responses: Map<number, z.ZodType>; files: Map<number, string[]> }[] = [];
  for (const def of tb.service.app.openAPIRegistry.definitions) {
    if (def.type !== "route") continue;
    const responses = new Map<number, z.ZodType>();
    const files = new Map<number, string[]>();
    for (const [status, response] of Object.entries(def.route.responses)) {
      const schema = "content" in response ? response.content?.["application/json"] : undefined;
      if (schema && "schema" in schema && schema.schema instanceof z.ZodType) responses.set(Number(status), schema.schema);
      const others = Object.keys(("content" in response ? response.content : undefined) ?? {}).filter((t) => t !== "application/json");
      if (others.length > 0) files.set(Number(status), others);
    }
    const pattern = def.route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
    routes.push({ method: def.route.method.toUpperCase(), path: def.route.path, match: new RegExp(`^${pattern}$`), responses, files });
  }
  return routes;
}

async function signTyped(privateKey: `0x${string}`, td: Record<string, any>, uints: string[]) {
  const message = { ...td.message };
  for (const k of uints) message[k] = BigInt(message[k]);
  return privateKeyToAccount(privateKey).signTypedData({
    domain: { ...td.domain, chainId: Number(td.domain.chainId) },
    types: td.types,
    primaryType: td.primaryType,
    message,
  });
}

/** Three members sign a committee action through the API; waits until it is on chain. */
async function signThrough(action: { id: string; typedData: Record<string, any> }) {
  for (const k of MEMBERS.slice(0, 3)) {
    const s = await ask("POST", `/api/actions/${action.id}/signatures`, { signature: await signTyped(k, action.typedData, ["communityId", "deadline"]) });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
  }
  await waitFor(async () => {
    const a = await ask("GET", `/api/actions/${action.id}`);
    if (a.body.action.status === "failed") throw new Error(`action failed: ${a.body.action.error}`);
    return a.body.action.status === "confirmed" ? true : null;
  });
  await tb.service.ctx.indexer.waitFor();
}

async function receiptConfirmed(id: string) {
  await waitFor(async () => ((await ask("GET", `/api/ballots/${id}`)).body.receipt.status === "confirmed" ? true : null));
  await tb.service.ctx.indexer.waitFor();
}

beforeAll(async () => {
  // a document batch closes with every upload, so that its proof is reached here
  tb = await createTestbed({ service: { documents: { anchoring: { batchSize: 1, batchSeconds: 1 } } } });
}, 120_000);

afterAll(async () => {
  await tb?.stop();
});

it("answers, on every route, only what the route's schema describes", async () => {
  const cid = tb.communityId;
  await tb.service.ctx.indexer.waitFor();

  // the service and sign-in
  await ask("GET", "/healthz");
  await ask("GET", "/api/config");
  const message = await siweMessage(tb, MEMBERS[1]!);
  const signedIn = await ask("POST", "/api/auth/sign-in", { message, signature: await privateKeyToAccount(MEMBERS[1]!).signMessage({ message }) });
  await ask("POST", "/api/auth/nonce");
  await ask("GET", "/api/auth/session", undefined, signedIn.body.token);
  await ask("POST", "/api/auth/sign-out", {}, signedIn.body.token);
  await ask("GET", "/api/auth/session");
  const token = await memberToken(tb);
  await ask("GET", "/api/auth/session", undefined, token);

  // the registry: communities, units, a committee's registry action, a supervisor's action
  await ask("GET", "/api/communities");
  await ask("GET", `/api/communities/${cid}`);
  await ask("GET", `/api/communities/${cid}/units?buildingId=1`);
  await ask("GET", `/api/communities/${cid}/buildings`);
  await ask("GET", `/api/communities/${cid}/rooms/1-101`);
  await ask("GET", `/api/communities/${cid}/rooms/9-9-909`);
  await ask("GET", `/api/communities/${cid}/rooms/${encodeURIComponent("not a room")}`);
  const nul = await ask("GET", `/api/communities/${cid}/rooms/%00?proposalId=1`);
  expect([nul.status, nul.body.error?.code]).toEqual([400, "ROOM_MALFORMED"]);
  await ask("GET", `/api/communities/${cid + 100n}`);
  const units = await ask("POST", `/api/communities/${cid}/registry-drafts`, {
    action: "registerUnits",
    units: [{ unitId: 108, buildingId: 1, areaCm2: "8800", areaSource: 3, kind: 1, developerHeld: false, label: "1-108" }],
  }, token);
  expect(units.status).toBe(201);
  await signThrough(units.body.action);
  await ask("POST", `/api/communities/${cid}/registry-drafts`, { action: "deliverUnits", unitIds: [101] }, token);
  const community = {
    action: "createCommunity",
    name: "第二小区",
    settings: { noticeDays: 15, adHocNoticeDays: 7, objectionDays: 7, allowBallotChange: true, excludeParkingArea: true },
    members: [addr("m2-0"), addr("m2-1"), addr("m2-2")],
    threshold: 2,
  };
  const td = await ask("POST", "/api/supervisor-actions/typed-data", community);
  const supervised = await ask("POST", "/api/supervisor-actions", {
    ...community,
    salt: td.body.typedData.message.salt,
    deadline: td.body.typedData.message.deadline,
    signature: await signTyped(SUPERVISOR, td.body.typedData, ["deadline"]),
  });
  expect(supervised.status).toBe(202);
  await receiptConfirmed(supervised.body.receipt.id);

  // voting: two proposals in one window, one voted on and one left without a quorum
  const now = await tb.driver.now();
  const votingStart = now + 15n * DAY + 3600n;
  const votingEnd = votingStart + 10n * DAY;
  const proposalIds: string[] = [];
  for (const title of ["屋面防水 Roof", "电梯 Lift"]) {
    const draft = await ask("POST", `/api/communities/${cid}/proposal-drafts`, {
      matter: 5,
      scope: { kind: 1, ids: [1] },
      votingStart: votingStart.toString(),
      votingEnd: votingEnd.toString(),
      title,
      text: `${title}: the text.`,
      options: ["同意", "反对", "弃权"],
    }, token);
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    await signThrough(draft.body.action);
    const list = await ask("GET", `/api/proposals?communityId=${cid}`);
    proposalIds.push(list.body.proposals[0].id);
  }
  const [voted, unvoted] = proposalIds as [string, string];
  await ask("GET", `/api/proposals/${voted}`);
  await ask("GET", `/api/proposals/${voted}/roll?limit=3`);
  await ask("GET", "/api/proposals/999");
  const alice = await ask("GET", `/api/proposals/${voted}/voters/${addr("alice")}`);
  const mandate = await ask("POST", `/api/proposals/${voted}/mandate-drafts`, {
    mandates: [{ entryId: alice.body.entries[0].entryId, proxy: addr("henry"), mandateHash: keccak256(toHex("mandate")) }],
  }, token);
  expect(mandate.status).toBe(201);

  await advanceChainTime(tb, votingStart - (await tb.driver.now()));
  const entry = alice.body.entries[0];
  const ballot = {
    proposalId: voted,
    entryId: entry.entryId,
    voter: addr("alice"),
    choice: 0,
    nonce: 1,
    deadline: votingEnd.toString(),
    signature: await signBallot(tb, "alice", { proposalId: BigInt(voted), entryId: entry.entryId, choice: 0, nonce: 1, deadline: votingEnd }),
  };
  const cast = await ask("POST", "/api/ballots", ballot);
  expect(cast.status).toBe(202);
  await ask("POST", "/api/ballots", ballot);
  await ask("POST", "/api/ballots", { ...ballot, choice: 9 });
  await receiptConfirmed(cast.body.receipt.id);
  // bob, carol and the developer vote too: the fund-use vote passes, and its plan is rated below
  for (const label of ["bob", "carol", "developer"]) {
    const e = (await ask("GET", `/api/proposals/${voted}/voters/${addr(label)}`)).body.entries[0].entryId as number;
    const b = await ask("POST", "/api/ballots", {
      proposalId: voted,
      entryId: e,
      voter: addr(label),
      choice: 0,
      nonce: 1,
      deadline: votingEnd.toString(),
      signature: await signBallot(tb, label, { proposalId: BigInt(voted), entryId: e, choice: 0, nonce: 1, deadline: votingEnd }),
    });
    await receiptConfirmed(b.body.receipt.id);
  }
  await ask("GET", `/api/proposals/${voted}/voters/${addr("alice")}`);
  await ask("GET", `/api/proposals/${voted}`);
  const paper = await ask("POST", `/api/proposals/${voted}/paper-ballot-drafts`, {
    ballots: [{ entryId: 1, choice: 0, scanHash: keccak256(toHex("scan")) }],
  }, token);
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  await ask("GET", `/api/communities/${cid}/actions`);

  await advanceChainTime(tb, votingEnd - (await tb.driver.now()) + 1n);
  for (const id of [voted, unvoted]) {
    const f = await ask("POST", `/api/proposals/${id}/finalize`);
    expect(f.status).toBe(202);
    await receiptConfirmed(f.body.receipt.id);
  }
  const provisional = await ask("GET", `/api/proposals/${unvoted}`);
  expect(provisional.body.outcome).toBe("NoQuorum");
  const extension = await ask("POST", `/api/proposals/${unvoted}/extension-drafts`, {
    newVotingEnd: ((await tb.driver.now()) + 10n * DAY).toString(),
  }, token);
  expect(extension.status, JSON.stringify(extension.body)).toBe(201);
  // an objection to the provisional result, and the committee's answer drafted
  const objectionText = "The notice was not posted in building 1.";
  const objectionDeadline = (await tb.driver.now()) + DAY;
  const objection = await ask("POST", `/api/proposals/${unvoted}/objections`, {
    entryId: entry.entryId,
    voter: addr("alice"),
    text: objectionText,
    deadline: objectionDeadline.toString(),
    signature: await privateKeyToAccount(key("alice")).signTypedData({
      domain: votingDomain(tb.deployment.chainId, tb.deployment.voting),
      types: objectionTypes,
      primaryType: "Objection",
      message: { proposalId: BigInt(unvoted), entryId: entry.entryId, textHash: keccak256(toHex(objectionText)), deadline: objectionDeadline },
    }),
  });
  expect(objection.status, JSON.stringify(objection.body)).toBe(202);
  await receiptConfirmed(objection.body.receipt.id);
  await tb.service.ctx.indexer.waitFor();
  await ask("GET", `/api/proposals/${unvoted}/objections`);
  const answerDraft = await ask("POST", `/api/proposals/${unvoted}/objections/1/answer-drafts`, { text: "It was posted on the first day." }, token);
  expect(answerDraft.status, JSON.stringify(answerDraft.body)).toBe(201);
  await ask("POST", `/api/proposals/${unvoted}/objections/7/answer-drafts`, { text: "none" }, token);
  await ask("POST", `/api/proposals/${voted}/confirm`);
  await advanceChainTime(tb, BigInt(provisional.body.objectionEnd) - (await tb.driver.now()) + 1n);
  const confirmed = await ask("POST", `/api/proposals/${voted}/confirm`);
  expect(confirmed.status).toBe(202);
  await receiptConfirmed(confirmed.body.receipt.id);
  await ask("GET", `/api/proposals/${voted}`);
  await ask("GET", `/api/proposals`);
  await ask("GET", `/api/communities/${cid}/rooms/1-101?proposalId=${voted}`);

  // the maintenance fund: settings, the custodian's deposits, an emergency plan (committee and
  // supervisor), a payment held and posted, a statement published and confirmed, every read
  const custodianKey = key("custodian");
  await tb.driver.setCustodian(SUPERVISOR, cid, privateKeyToAccount(custodianKey).address);
  await tb.service.ctx.indexer.waitFor();
  const custodianToken = await signIn(tb, custodianKey);
  let idem = 0;
  const write = (url: string, body: unknown, as: string) => askWith("POST", url, body, as, `answers-${idem++}`);
  const custodianSigns = async (action: { id: string; typedData: Record<string, any> }) => {
    await ask("POST", `/api/actions/${action.id}/signatures`, { signature: await signTyped(custodianKey, action.typedData, ["communityId", "deadline"]) });
    await waitFor(async () => ((await ask("GET", `/api/actions/${action.id}`)).body.action.status === "confirmed" ? true : null));
    await tb.service.ctx.indexer.waitFor();
  };
  const settings = await write(`/api/communities/${cid}/fund-drafts`, { action: "changeFundSettings", depositRateFenPerM2: "12000", emergencyCapFen: "5000000", emergencyReportDays: 30 }, token);
  expect(settings.status, JSON.stringify(settings.body)).toBe(201);
  await signThrough(settings.body.action);
  const deposits = await write(`/api/communities/${cid}/custodian-drafts`, { action: "recordFirstDeposits", unitIds: [101, 102, 103, 104], bankRecordHash: keccak256(toHex("first")) }, custodianToken);
  expect(deposits.status, JSON.stringify(deposits.body)).toBe(201);
  await custodianSigns(deposits.body.action);
  const emergencyDraft = await write(
    `/api/communities/${cid}/fund-drafts`,
    { action: "createEmergencyPlan", category: 2, scope: { kind: 2, ids: [101, 102] }, budgetFen: "100000", payee: "防水公司", textHash: keccak256(toHex("t")), quoteHash: keccak256(toHex("q")), contractHash: keccak256(toHex("c")) },
    token,
  );
  expect(emergencyDraft.status, JSON.stringify(emergencyDraft.body)).toBe(201);
  for (const k of MEMBERS.slice(0, 3)) {
    await ask("POST", `/api/actions/${emergencyDraft.body.action.id}/signatures`, { signature: await signTyped(k, emergencyDraft.body.action.typedData, ["communityId", "deadline"]) });
  }
  await ask("POST", `/api/actions/${emergencyDraft.body.action.id}/signatures`, {
    signature: await signTyped(SUPERVISOR, emergencyDraft.body.action.supervisor.typedData, ["deadline"]),
  });
  await waitFor(async () => ((await ask("GET", `/api/actions/${emergencyDraft.body.action.id}`)).body.action.status === "confirmed" ? true : null));
  await tb.service.ctx.indexer.waitFor();
  const plans = await ask("GET", `/api/communities/${cid}/fund/plans`);
  const planId = plans.body.plans[0].planId as string;
  const payment = await write(`/api/communities/${cid}/fund-drafts`, { action: "requestPayment", planId, amountFen: "90001", invoiceHash: keccak256(toHex("invoice")) }, token);
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  await signThrough(payment.body.action);
  await write(`/api/communities/${cid}/fund-drafts`, { action: "requestPayment", planId, amountFen: "1", invoiceHash: keccak256(toHex("next")) }, token);
  const plan = await ask("GET", `/api/communities/${cid}/fund/plans/${planId}`);
  const posted = await write(`/api/communities/${cid}/custodian-drafts`, { action: "postPayment", paymentId: plan.body.payments[0].paymentId, bankRecordHash: keccak256(toHex("transfer")) }, custodianToken);
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  await custodianSigns(posted.body.action);
  await advanceChainTime(tb, DAY);
  const periodEnd = (await tb.driver.now()) - 10n;
  const statement = await write(`/api/communities/${cid}/fund-drafts`, { action: "publishStatement", periodStart: "0", periodEnd: periodEnd.toString(), documentHash: keccak256(toHex("doc")) }, token);
  expect(statement.status, JSON.stringify(statement.body)).toBe(201);
  await signThrough(statement.body.action);
  const published = await ask("GET", `/api/communities/${cid}/fund/statements`);
  const confirm = await write(`/api/communities/${cid}/custodian-drafts`, { action: "confirmStatement", statementId: "1", bankBalanceFen: published.body.statements[0].ledgerBalanceFen, bankRecordHash: keccak256(toHex("balance")) }, custodianToken);
  await custodianSigns(confirm.body.action);
  // the voted plan: its payment carries the acceptance report, and an owner of the vote rates the work
  const votedPlan = await write(
    `/api/communities/${cid}/fund-drafts`,
    { action: "createPlan", proposalId: voted, budgetFen: "100000", payee: "防水公司", textHash: keccak256(toHex("t")), quoteHash: keccak256(toHex("q")), contractHash: keccak256(toHex("c")) },
    token,
  );
  expect(votedPlan.status, JSON.stringify(votedPlan.body)).toBe(201);
  await signThrough(votedPlan.body.action);
  const votedPlanId = (await ask("GET", `/api/communities/${cid}/fund/plans`)).body.plans.find((p: { kind: string }) => p.kind === "voted").planId as string;
  const accepted = await write(`/api/communities/${cid}/fund-drafts`, { action: "requestPayment", planId: votedPlanId, amountFen: "1000", invoiceHash: keccak256(toHex("i")), acceptanceHash: keccak256(toHex("a")) }, token);
  await signThrough(accepted.body.action);
  const acceptedPlan = await ask("GET", `/api/communities/${cid}/fund/plans/${votedPlanId}`);
  await custodianSigns((await write(`/api/communities/${cid}/custodian-drafts`, { action: "postPayment", paymentId: acceptedPlan.body.payments[0].paymentId, bankRecordHash: keccak256(toHex("t2")) }, custodianToken)).body.action);
  const ratingDeadline = (await tb.driver.now()) + DAY;
  const rated = await ask("POST", `/api/communities/${cid}/fund/plans/${votedPlanId}/ratings`, {
    entryId: entry.entryId,
    voter: addr("alice"),
    stars: 4,
    comment: "好",
    deadline: ratingDeadline.toString(),
    signature: await privateKeyToAccount(key("alice")).signTypedData({
      domain: fundReportsDomain(tb.deployment.chainId, tb.deployment.reports),
      types: workRatingTypes,
      primaryType: "WorkRating",
      message: { planId: BigInt(votedPlanId), entryId: entry.entryId, stars: 4, commentHash: keccak256(toHex("好")), deadline: ratingDeadline },
    }),
  });
  expect(rated.status, JSON.stringify(rated.body)).toBe(202);
  await receiptConfirmed(rated.body.receipt.id);
  await tb.service.ctx.indexer.waitFor();
  await ask("GET", `/api/communities/${cid}/fund/plans/${votedPlanId}`);
  await ask("GET", `/api/communities/${cid}/fund`);
  await ask("GET", `/api/communities/${cid}/fund/units/101`);
  await ask("GET", `/api/communities/${cid}/fund/units/201`);
  await ask("GET", `/api/communities/${cid}/fund/plans/${planId}`);
  await ask("GET", `/api/communities/${cid}/fund/plans/99`);
  await ask("GET", `/api/communities/${cid}/fund/statements`);
  await ask("GET", `/api/communities/${cid}/fund/statement?from=0&to=${periodEnd}`);
  await ask("GET", `/api/communities/${cid}/fund/statements/1/lines/102`);
  // the common-income statement: an income received, the current quarter's and a period's, a refusal
  const income = await write(`/api/communities/${cid}/custodian-drafts`, { action: "recordCommonIncome", amountFen: "180000", source: "电梯广告", bankRecordHash: keccak256(toHex("ads")) }, custodianToken);
  expect(income.status, JSON.stringify(income.body)).toBe(201);
  await custodianSigns(income.body.action);
  const quarter = await ask("GET", `/api/communities/${cid}/fund/common-income`);
  expect(quarter.body.receipts[0]).toMatchObject({ amountFen: "180000", source: "电梯广告" });
  await ask("GET", `/api/communities/${cid}/fund/common-income?from=0&to=${(await tb.driver.now()) + 1n}`);
  await ask("GET", `/api/communities/${cid}/fund/common-income?quarter=2026-Q5`);
  await ask("GET", `/api/auth/session`, undefined, custodianToken);

  // documents: an upload (and the same again), the file, its metadata, its proof, a record's list
  const docUrl = `/api/communities/${cid}/documents?kind=proposal-text&record=proposal:${voted}`;
  const file = new Uint8Array(Buffer.from("%PDF-1.4\n% answers\n%%EOF\n"));
  const uploaded = await askUpload(docUrl, file, token);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
  expect((await askUpload(docUrl, file, token)).status).toBe(200);
  expect((await askUpload(docUrl, new Uint8Array(Buffer.from("not a pdf")), token)).status).toBe(415);
  const docHash = uploaded.body.document.sha256 as string;
  expect(await askFile(`/api/documents/${docHash}`)).toBe(200);
  const restricted = await askUpload(`/api/communities/${cid}/documents?kind=proposal-text&record=proposal:${voted}&visibility=restricted`, new Uint8Array(Buffer.from("%PDF-1.4\n% restricted\n")), token);
  expect(await askFile(`/api/documents/${restricted.body.document.sha256}`)).toBe(401);
  expect(await askFile(`/api/documents/${restricted.body.document.sha256}`, custodianToken)).toBe(403);
  await ask("GET", `/api/documents/${docHash}/meta`);
  await ask("GET", `/api/documents/0x${"00".repeat(32)}/meta`);
  await waitFor(async () => ((await call(tb, "GET", `/api/documents/${docHash}/proof`)).status === 200 ? true : null), 60_000);
  await ask("GET", `/api/documents/${docHash}/proof`);
  await ask("GET", `/api/communities/${cid}/documents?record=proposal:${voted}`);
  // the texts the ledger holds, filed as text documents once on chain: the proposal's, the objection's
  const filed = (record: string, kind: string) =>
    waitFor(async () => {
      const r = await call(tb, "GET", `/api/communities/${cid}/documents?record=${record}`);
      return (r.body.documents as { kind: string; mediaType: string }[]).some((d) => d.kind === kind && d.mediaType === "text/plain; charset=utf-8") ? true : null;
    }, 60_000);
  await filed(`proposal:${voted}`, "proposal-text");
  await filed(`objection:${unvoted}/1`, "objection-text");
  await ask("GET", `/api/communities/${cid}/documents?record=objection:${unvoted}/1`);

  // every answer against its route's declared schema
  const routes = declaredRoutes();
  const problems: string[] = [];
  const reached = new Set<string>();
  for (const a of answers) {
    const pathOnly = a.url.split("?")[0]!;
    const route = routes.find((r) => r.method === a.method && r.match.test(pathOnly));
    if (!route) {
      problems.push(`${a.method} ${a.url}: no route declares it`);
      continue;
    }
    const schema = route.responses.get(a.status);
    if (!schema) {
      problems.push(`${a.method} ${route.path} answered ${a.status}, which it does not declare`);
      continue;
    }
    const parsed = schema.safeParse(a.body);
    if (!parsed.success) {
      problems.push(`${a.method} ${route.path} ${a.status}: ${z.prettifyError(parsed.error)}\n${JSON.stringify(a.body)}`);
    } else if (!isDeepStrictEqual(parsed.data, a.body)) {
      // a schema that strips or rewrites a field does not describe the answer as sent
      problems.push(`${a.method} ${route.path} ${a.status}: the schema changes the answer\n${JSON.stringify(a.body)}\n${JSON.stringify(parsed.data)}`);
    }
    if (a.status < 300) reached.add(`${route.method} ${route.path}`);
  }
  for (const a of fileAnswers) {
    const route = routes.find((r) => r.method === a.method && r.match.test(a.url.split("?")[0]!));
    if (!route) problems.push(`${a.method} ${a.url}: no route declares it`);
    else if (!(route.files.get(a.status) ?? []).includes(a.contentType)) problems.push(`${a.method} ${route.path} answered ${a.status} ${a.contentType}, which it does not declare`);
    else if (a.status < 300) reached.add(`${route.method} ${route.path}`);
  }
  expect(problems).toEqual([]);
  // the refusals above are in the one documented error shape
  expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThanOrEqual(5);
  for (const a of answers.filter((x) => x.status >= 400)) expect(ErrorBody.safeParse(a.body).success).toBe(true);
  const unreached = routes.map((r) => `${r.method} ${r.path}`).filter((r) => !reached.has(r));
  expect(unreached).toEqual([]);
}, 300_000);
