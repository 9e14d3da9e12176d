/** Sends one generated request over HTTP/1.1 with a deadline, and says what came back. */
import http from "node:http";
import type { FuzzRequest } from "./cases";

export type Outcome =
  | { type: "answer"; status: number; contentType: string; body: string; retryAfter: string | null }
  /** No answer within the deadline: the server held the request. */
  | { type: "hang" }
  /** The server closed the connection without an answer. */
  | { type: "closed"; error: string };

export function send(base: { host: string; port: number; agent: http.Agent }, req: FuzzRequest, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body) headers["content-length"] = req.body.length;
    const r = http.request(
      { host: base.host, port: base.port, method: req.method, path: req.target, headers, agent: base.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          done({
            type: "answer",
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
          }),
        );
        res.on("error", (e) => done({ type: "closed", error: e.message }));
      },
    );
    const timer = setTimeout(() => {
      done({ type: "hang" });
      r.destroy();
    }, deadlineMs);
    r.on("error", (e) => done({ type: "closed", error: (e as NodeJS.ErrnoException).code ?? e.message }));
    r.end(req.body);
  });
}
