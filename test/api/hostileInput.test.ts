/**
 * Hostile input is turned away cleanly (issue 6): every route that takes a body requires it and
 * refuses a missing, mistyped or non-object one with a 4xx in the documented shape; the server
 * closes a request that never finishes once its timeout passes; it listens on 127.0.0.1 unless
 * told otherwise; drafts and writes are bounded.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../ledger-api/src/http/app";
import { TokenBuckets } from "../../ledger-api/src/http/tokenBucket";
import { serviceOptionsFromEnv } from "../../ledger-api/src/envConfig";
import { LIMITS } from "../../ledger-api/src/limits";
import { isDocumentedError } from "../../scripts/check/fuzz/errorShape";
import { operationsOf, type OpenApiDocument } from "../../scripts/check/fuzz/cases";
import { privateKeyToAccount } from "viem/accounts";
import { DAY, SUPERVISOR, advanceChainTime, callAsMember, createTestbed, key, memberToken, publishViaApi, signIn, type Testbed } from "./support/testbed";

const OPEN_DRAFTS = 4;
let tb: Testbed;
let base: string;

const CUSTODIAN = key("custodian");
let custodianToken = "";

beforeAll(async () => {
  tb = await createTestbed({
    service: {
      port: 0,
      http: { headersTimeoutSeconds: 1, requestTimeoutSeconds: 1, keepAliveTimeoutSeconds: 1 },
      rateLimits: { writesPerMinute: 0, writeBurst: 1, ballotsPerMinute: 0, ballotBurst: 1 },
      bounds: { openDraftsPerCommunity: OPEN_DRAFTS },
    },
  });
  base = `http://127.0.0.1:${tb.service.port}`;
  // proposal 1 exists, so that a proposal's draft routes get past finding its community
  await publishViaApi(tb, { matter: 5, scope: { kind: 1, ids: [1] } });
  // a custodian, so that the custodian's draft route gets as far as its body too
  await tb.driver.setCustodian(SUPERVISOR, tb.communityId, privateKeyToAccount(CUSTODIAN).address);
  await tb.service.ctx.indexer.waitFor();
  custodianToken = await signIn(tb, CUSTODIAN);
}, 180_000);

afterAll(async () => {
  await tb?.stop();
});

/** A path with its parameters filled: uuids for receipts and actions, "1" for numeric ids. */
function concrete(path: string, doc: OpenApiDocument, method: string): string {
  const params = doc.paths[path]?.[method]?.parameters ?? [];
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const p = params.find((x) => x.name === name);
    return p?.schema?.format === "uuid" ? "00000000-0000-4000-8000-000000000000" : "1";
  });
}

describe("every route that takes a body requires it", () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApiDocument;
  });

  it("marks every request body in the OpenAPI document required", () => {
    const withBody = operationsOf(doc).filter((o) => o.body);
    expect(withBody.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        "POST /api/communities/{id}/proposal-drafts",
        "POST /api/proposals/{id}/paper-ballot-drafts",
        "POST /api/proposals/{id}/mandate-drafts",
        "POST /api/proposals/{id}/extension-drafts",
        "POST /api/ballots",
      ]),
    );
    expect(withBody.filter((o) => !o.bodyRequired).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  const variants: [string, RequestInit, number[]][] = [
    ["no body, no content type", {}, [400]],
    ["no body, JSON content type", { headers: { "content-type": "application/json" } }, [400]],
    ["a JSON body with no content type", { body: new TextEncoder().encode('{"a":1}') }, [415]],
    ["a JSON body as text/plain", { body: '{"a":1}', headers: { "content-type": "text/plain" } }, [415]],
    ["a form body", { body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" } }, [415]],
    ["null", { body: "null", headers: { "content-type": "application/json" } }, [400]],
    ["an array", { body: "[]", headers: { "content-type": "application/json" } }, [400]],
    ["a string", { body: '"x"', headers: { "content-type": "application/json" } }, [400]],
    ["an empty object", { body: "{}", headers: { "content-type": "application/json" } }, [400]],
  ];

  for (const [name, init, statuses] of variants) {
    it(`answers ${name} with a 4xx in the documented shape on every such route`, async () => {
      const actionsBefore = await tb.service.ctx.prisma.pendingAction.count();
      const jobsBefore = await tb.service.ctx.prisma.relayJob.count();
      for (const op of operationsOf(doc).filter((o) => o.body)) {
        const url = `${base}${concrete(op.path, doc, op.method.toLowerCase())}`;
        // signed in as a committee member (or the custodian, for its drafts), so that a draft route gets as far as its body
        const token = op.path.endsWith("/custodian-drafts") ? custodianToken : await memberToken(tb);
        const headers = { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` };
        const res = await fetch(url, { method: op.method, ...init, headers });
        const text = await res.text();
        expect(statuses, `${op.method} ${op.path} → ${res.status} ${text}`).toContain(res.status);
        expect(isDocumentedError(text), `${op.method} ${op.path} → ${text}`).toBe(true);
      }
      expect(await tb.service.ctx.prisma.pendingAction.count()).toBe(actionsBefore);
      expect(await tb.service.ctx.prisma.relayJob.count()).toBe(jobsBefore);
    });
  }
});

/** Opens a socket, sends `data`, and resolves with what came back once the server closes it. */
function rawExchange(data: string, boundMs: number): Promise<{ closed: boolean; response: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host: "127.0.0.1", port: tb.service.port! });
    let response = "";
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closed: false, response, ms: performance.now() - t0 });
    }, boundMs);
    socket.on("data", (d: Buffer) => (response += d.toString("utf8")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ closed: true, response, ms: performance.now() - t0 });
    });
    socket.on("connect", () => socket.write(data));
  });
}

describe("the server's timeouts (configured to 1 s here)", () => {
  it("answers and closes a request whose Content-Length promises a body that never comes", async () => {
    const r = await rawExchange(
      "POST /api/ballots HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n",
      15_000,
    );
    expect(r.closed).toBe(true);
    expect(r.response).toMatch(/^HTTP\/1\.1 408 /);
    const body = r.response.slice(r.response.indexOf("\r\n\r\n") + 4);
    expect(isDocumentedError(body)).toBe(true);
    expect(JSON.parse(body).error.code).toBe("REQUEST_TIMEOUT");
  });

  it("closes a connection whose headers never finish", async () => {
    const r = await rawExchange("POST /api/ballots HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Len", 15_000);
    expect(r.closed).toBe(true);
  });

  it("closes an idle keep-alive connection", async () => {
    const r = await rawExchange("GET /api/communities HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n", 15_000);
    expect(r.response).toMatch(/^HTTP\/1\.1 200 /);
    expect(r.closed).toBe(true);
  });

  it("answers unparseable HTTP in the documented shape", async () => {
    const r = await rawExchange("HELLO\r\n\r\n", 15_000);
    expect(r.response).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(r.response.slice(r.response.indexOf("\r\n\r\n") + 4)).error.code).toBe("BAD_REQUEST");
  });
});

describe("where the server listens, and its configuration", () => {
  it("listens on 127.0.0.1 by default", () => {
    expect(tb.service.host).toBe("127.0.0.1");
  });

  it("reads HOST, the timeouts and the bounds from the environment, refusing malformed values", () => {
    const d = serviceOptionsFromEnv({});
    expect(d.http).toEqual({ host: "127.0.0.1", headersTimeoutSeconds: 10, requestTimeoutSeconds: 30, keepAliveTimeoutSeconds: 5 });
    expect(d.bounds.openDraftsPerCommunity).toBe(50);
    const e = serviceOptionsFromEnv({
      HOST: "0.0.0.0",
      HTTP_HEADERS_TIMEOUT: "2",
      HTTP_REQUEST_TIMEOUT: "3",
      HTTP_KEEPALIVE_TIMEOUT: "1.5",
      WRITE_RATE_LIMIT: "10",
      MAX_OPEN_DRAFTS: "7",
    });
    expect(e.http).toEqual({ host: "0.0.0.0", headersTimeoutSeconds: 2, requestTimeoutSeconds: 3, keepAliveTimeoutSeconds: 1.5 });
    expect(e.rateLimits.writesPerMinute).toBe(10);
    expect(e.bounds.openDraftsPerCommunity).toBe(7);
    expect(() => serviceOptionsFromEnv({ HTTP_REQUEST_TIMEOUT: "soon" })).toThrow(/HTTP_REQUEST_TIMEOUT/);
    expect(() => serviceOptionsFromEnv({ MAX_OPEN_DRAFTS: "0" })).toThrow(/MAX_OPEN_DRAFTS/);
  });
});

describe("bounds on what anyone can store", () => {
  const settingsDraft = (objectionDays: number) => ({
    action: "changeSettings",
    settings: { noticeDays: 15, adHocNoticeDays: 7, objectionDays, allowBallotChange: true, excludeParkingArea: false },
  });

  it(`refuses a proposal text over ${LIMITS.proposalTextChars} characters, and ids the index cannot hold (above 2³¹ − 1)`, async () => {
    const now = await tb.driver.now();
    const draft = (text: string) =>
      callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
        matter: 9, scope: { kind: 0, ids: [] }, adHoc: true, votingStart: String(now + 8n * DAY), votingEnd: String(now + 20n * DAY),
        title: "t", text, options: ["a", "b", "c"],
      });
    const long = await draft("字".repeat(LIMITS.proposalTextChars + 1));
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe("VALIDATION_FAILED");
    expect(JSON.stringify(long.body.error.details)).toContain("text");
    const paper = await callAsMember(tb, "POST", "/api/proposals/1/paper-ballot-drafts", {
      ballots: [{ entryId: 2 ** 31, choice: 0, scanHash: `0x${"11".repeat(32)}` }],
    });
    expect(paper.status).toBe(400);
    expect(paper.body.error.code).toBe("VALIDATION_FAILED");
    const units = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, { action: "deliverUnits", unitIds: [2 ** 31, 105] });
    expect(units.status).toBe(400);
    expect(units.body.error.code).toBe("VALIDATION_FAILED");
  });

  it(`keeps at most ${OPEN_DRAFTS} drafts collecting signatures per community; an expired one no longer counts`, async () => {
    const prisma = tb.service.ctx.prisma;
    const open = await prisma.pendingAction.count({ where: { communityId: tb.communityId, status: "collecting" } });
    for (let i = open; i < OPEN_DRAFTS; i++) {
      const r = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, settingsDraft(7 + i));
      expect(r.status).toBe(201);
    }
    const before = await prisma.pendingAction.count();
    const docs = await prisma.document.count();
    const refused = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, settingsDraft(30));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("TOO_MANY_OPEN_DRAFTS");
    expect(refused.body.error.details).toMatchObject({ limit: OPEN_DRAFTS });
    const now = await tb.driver.now();
    const proposal = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/proposal-drafts`, {
      matter: 9, scope: { kind: 0, ids: [] }, adHoc: true, votingStart: String(now + 8n * DAY), votingEnd: String(now + 20n * DAY),
      title: "t", text: "a text that must not be stored for a refused draft", options: ["a", "b", "c"],
    });
    expect(proposal.body.error.code).toBe("TOO_MANY_OPEN_DRAFTS");
    expect(await prisma.pendingAction.count()).toBe(before);
    expect(await prisma.document.count()).toBe(docs);
    // Drafts live 7 days: past that, they stop counting.
    await advanceChainTime(tb, 8n * DAY);
    const later = await callAsMember(tb, "POST", `/api/communities/${tb.communityId}/registry-drafts`, settingsDraft(30));
    expect(later.status).toBe(201);
  });
});

describe("per-client write limits", () => {
  it("refuses writes beyond the burst with 429 RATE_LIMITED and Retry-After, per client address; ballots and reads are not limited", async () => {
    const app = createApp(tb.service.ctx, { rateLimits: { writesPerMinute: 60, writeBurst: 3, ballotsPerMinute: 0, ballotBurst: 1 } });
    const post = (path: string, address: string, body = "{}") =>
      app.fetch(new Request(`http://x${path}`, { method: "POST", headers: { "content-type": "application/json" }, body }), {
        incoming: { socket: { remoteAddress: address } },
      });
    for (let i = 0; i < 3; i++) expect((await post("/api/proposals/999/finalize", "10.0.0.1")).status).toBe(404);
    const limited = await post("/api/proposals/999/finalize", "10.0.0.1");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = await limited.text();
    expect(isDocumentedError(body)).toBe(true);
    expect(JSON.parse(body).error.code).toBe("RATE_LIMITED");
    // another client is not affected, nor are ballots or reads of the limited one
    expect((await post("/api/proposals/999/finalize", "10.0.0.2")).status).toBe(404);
    for (let i = 0; i < 10; i++) expect((await post("/api/ballots", "10.0.0.1")).status).toBe(400);
    const read = await app.fetch(new Request("http://x/api/communities"), { incoming: { socket: { remoteAddress: "10.0.0.1" } } });
    expect(read.status).toBe(200);
  });

  it("refills a bucket over time", () => {
    let now = 0;
    const b = new TokenBuckets({ capacity: 2, refillPerSecond: 0.5 }, () => now);
    expect(b.take("a").ok).toBe(true);
    expect(b.take("a").ok).toBe(true);
    const refused = b.take("a");
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 2 });
    now = 2000;
    expect(b.take("a").ok).toBe(true);
    expect(b.take("a").ok).toBe(false);
  });
});
