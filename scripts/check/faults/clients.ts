/**
 * Owners' clients as a careful app would be: each ballot is posted until the API gives a receipt;
 * a refused connection, a timeout or a 5xx (the API or its node is down) is retried with the
 * same signed ballot, which the API must recognise (same receipt, never a second ballot).
 */
import type { SignedBallotBody } from "./ledger";

export interface Submission {
  /** receipt id per ballot index, once the API returned one */
  receiptIds: (string | null)[];
  /** 4xx refusals by code: a valid ballot should get none */
  refusals: Map<string, number>;
  /** connection errors and 5xx answers, each retried */
  retries: number;
  /** 5xx answers by code: 503 (the chain or the database briefly away) is expected; 500 is not */
  serverErrors: Map<string, number>;
}

export async function submitAll(
  baseUrl: () => string,
  ballots: readonly SignedBallotBody[],
  opts: { concurrency: number; deadlineMs: number; onAccepted?: (count: number) => void },
): Promise<Submission> {
  const out: Submission = { receiptIds: ballots.map(() => null), refusals: new Map(), retries: 0, serverErrors: new Map() };
  let next = 0;
  let accepted = 0;
  const deadline = Date.now() + opts.deadlineMs;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (next < ballots.length) {
        const i = next++;
        for (;;) {
          if (Date.now() > deadline) return;
          try {
            const res = await fetch(`${baseUrl()}/api/ballots`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(ballots[i]),
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await res.json()) as { receipt?: { id: string }; error?: { code: string } };
            if (res.status === 200 || res.status === 202) {
              out.receiptIds[i] = body.receipt!.id;
              opts.onAccepted?.(++accepted);
              break;
            }
            if (res.status < 500) {
              const code = body.error?.code ?? String(res.status);
              out.refusals.set(code, (out.refusals.get(code) ?? 0) + 1);
              break;
            }
            const code = body.error?.code ?? String(res.status);
            out.serverErrors.set(code, (out.serverErrors.get(code) ?? 0) + 1);
          } catch {
            /* connection refused or reset: the API is down for a moment */
          }
          out.retries++;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    }),
  );
  return out;
}
