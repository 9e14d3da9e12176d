/**
 * A fuzz run against a listening ledger: reads its OpenAPI document, sends `requests` generated
 * requests from `concurrency` clients, each with a deadline, and `rawRequests` raw-socket ones,
 * and tallies the outcomes by kind of request. The verdict holds when no answer is a 5xx, none
 * hangs, every 4xx is in the documented error shape, and every body-taking route marks its body
 * required.
 */
import http from "node:http";
import { RequestGenerator, operationsOf, type OpenApiDocument } from "./cases";
import { send } from "./client";
import { isDocumentedError } from "./errorShape";
import { rawCases, runRaw } from "./rawCases";
import { Rng } from "./rng";
import type { Hints } from "./schema";

export interface FuzzOptions {
  host: string;
  port: number;
  requests: number;
  rawRequests: number;
  seed: number;
  concurrency?: number;
  /** A request not answered within this is a hang. */
  deadlineMs?: number;
  /** A raw-socket request neither answered nor closed within this is a hang. */
  rawBoundMs?: number;
  hints?: Hints;
  maxBodyBytes?: number;
  /** A committee member's session: sent on three requests in four, so drafts get past sign-in. */
  authToken?: string;
}

export interface KindTally {
  sent: number;
  ok2xx: number;
  refused4xx: number;
  server5xx: number;
  hangs: number;
  /** Closed by the server without an answer. */
  closed: number;
  badShape: number;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  rawRequests: number;
  byKind: Record<string, KindTally>;
  total: KindTally;
  statuses: Record<string, number>;
  /** Routes with a request body that the document does not mark `required: true`. */
  bodiesNotRequired: string[];
  /** The first few failures, to reproduce. */
  examples: string[];
  seconds: number;
}

const empty = (): KindTally => ({ sent: 0, ok2xx: 0, refused4xx: 0, server5xx: 0, hangs: 0, closed: 0, badShape: 0 });

export function verdictHolds(r: FuzzReport): boolean {
  return r.total.server5xx === 0 && r.total.hangs === 0 && r.total.badShape === 0 && r.bodiesNotRequired.length === 0;
}

export async function fetchDocument(host: string, port: number): Promise<OpenApiDocument> {
  const res = await fetch(`http://${host}:${port}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const t0 = performance.now();
  const doc = await fetchDocument(o.host, o.port);
  const gen = new RequestGenerator(doc, o.seed, o.hints ?? {}, o.maxBodyBytes);
  const report: FuzzReport = {
    seed: o.seed,
    requests: 0,
    rawRequests: 0,
    byKind: {},
    total: empty(),
    statuses: {},
    bodiesNotRequired: operationsOf(doc)
      .filter((op) => op.body && !op.bodyRequired)
      .map((op) => `${op.method} ${op.path}`),
    examples: [],
    seconds: 0,
  };
  const tally = (kind: string, f: (t: KindTally) => void, example?: string) => {
    const t = (report.byKind[kind] ??= empty());
    f(t);
    f(report.total);
    if (example && report.examples.length < 20) report.examples.push(example);
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency ?? 8 });
  const deadline = o.deadlineMs ?? 20_000;
  let left = o.requests;
  await Promise.all(
    Array.from({ length: o.concurrency ?? 8 }, async () => {
      while (left > 0) {
        left--;
        const req = gen.next();
        if (o.authToken && left % 4 !== 0) req.headers = { ...req.headers, authorization: `Bearer ${o.authToken}` };
        const out = await send({ host: o.host, port: o.port, agent }, req, deadline);
        report.requests++;
        const where = `${req.kind}: ${req.method} ${req.target.slice(0, 120)}`;
        tally(req.kind, (t) => t.sent++);
        if (out.type === "hang") tally(req.kind, (t) => t.hangs++, `hang — ${where}`);
        else if (out.type === "closed") tally(req.kind, (t) => t.closed++, `closed (${out.error}) — ${where}`);
        else {
          report.statuses[out.status] = (report.statuses[out.status] ?? 0) + 1;
          if (out.status >= 500) tally(req.kind, (t) => t.server5xx++, `${out.status} — ${where} → ${out.body.slice(0, 200)}`);
          else if (out.status >= 400) {
            tally(req.kind, (t) => t.refused4xx++);
            if (!isDocumentedError(out.body)) tally(req.kind, (t) => t.badShape++, `shape — ${where} → ${out.status} ${out.body.slice(0, 200)}`);
          } else tally(req.kind, (t) => t.ok2xx++);
        }
      }
    }),
  );
  agent.destroy();

  // Raw sockets, many at once: each is held by the server's timeouts, not by this loop.
  const paths = operationsOf(doc).filter((op) => op.body).map((op) => op.path.replace(/\{[^}]+\}/g, "1"));
  const cases = rawCases(new Rng(o.seed ^ 0x5eed), o.rawRequests, paths);
  const bound = o.rawBoundMs ?? 60_000;
  const batch = 25;
  for (let i = 0; i < cases.length; i += batch) {
    const outs = await Promise.all(cases.slice(i, i + batch).map(async (c) => ({ c, out: await runRaw(o.host, o.port, c, bound) })));
    for (const { c, out } of outs) {
      report.rawRequests++;
      const kind = `raw: ${c.kind}`;
      tally(kind, (t) => t.sent++);
      if (out.type === "hang") tally(kind, (t) => t.hangs++, `hang — ${kind}`);
      else if (out.type === "closed") tally(kind, (t) => t.closed++);
      else {
        report.statuses[out.status] = (report.statuses[out.status] ?? 0) + 1;
        if (out.status >= 500) tally(kind, (t) => t.server5xx++, `${out.status} — ${kind} → ${out.body.slice(0, 200)}`);
        else if (out.status >= 400) {
          tally(kind, (t) => t.refused4xx++);
          if (!isDocumentedError(out.body)) tally(kind, (t) => t.badShape++, `shape — ${kind} → ${out.status} ${out.body.slice(0, 200)}`);
        } else tally(kind, (t) => t.ok2xx++);
      }
    }
  }
  report.seconds = (performance.now() - t0) / 1000;
  return report;
}

/** The verdict as a Markdown table. */
export function verdictTable(r: FuzzReport): string {
  const row = (k: string, t: KindTally) => `| ${k} | ${t.sent} | ${t.ok2xx} | ${t.refused4xx} | ${t.server5xx} | ${t.hangs} | ${t.closed} | ${t.badShape} |`;
  return [
    "| requests | sent | 2xx | 4xx | 5xx | hangs | closed, no answer | 4xx not in the error shape |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...Object.entries(r.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, t]) => row(k, t)),
    row("**all**", r.total),
  ].join("\n");
}
