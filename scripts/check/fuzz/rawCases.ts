/**
 * Requests over raw TCP sockets, for what an HTTP client library will not send: a body shorter
 * than its Content-Length (sent slowly or cut off), headers never finished, a request line that
 * is not HTTP, oversized headers, more bytes than declared. Each must be answered or its
 * connection closed within `boundMs`; whatever answer comes must be in the documented shape.
 */
import net from "node:net";
import type { Rng } from "./rng";

export interface RawCase {
  kind: string;
  /** Chunks sent in order, `pauseMs` apart; `close` ends the client side after the last. */
  chunks: string[];
  pauseMs: number;
  closeAfter: boolean;
}

export type RawOutcome =
  | { type: "answered"; status: number; body: string; ms: number }
  | { type: "closed"; ms: number }
  | { type: "hang" };

export function rawCases(rng: Rng, count: number, paths: readonly string[]): RawCase[] {
  const out: RawCase[] = [];
  for (let i = 0; i < count; i++) {
    const path = rng.pick(paths);
    const head = (extra: string) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${extra}\r\n`;
    switch (i % 7) {
      case 0:
        out.push({ kind: "Content-Length and no body", chunks: [head("Content-Length: 10\r\n")], pauseMs: 0, closeAfter: false });
        break;
      case 1:
        out.push({ kind: "slow body (a byte at a time)", chunks: [head("Content-Length: 200\r\n"), "{", '"', "a", '"', ":"], pauseMs: 400, closeAfter: false });
        break;
      case 2:
        out.push({ kind: "truncated body, then closed", chunks: [head("Content-Length: 100\r\n"), '{"proposalId":"1"'], pauseMs: 50, closeAfter: true });
        break;
      case 3:
        out.push({ kind: "headers never finished", chunks: [`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Len`], pauseMs: 0, closeAfter: false });
        break;
      case 4:
        out.push({ kind: "not HTTP", chunks: [rng.pick(["HELLO\r\n\r\n", "GET\r\n\r\n", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", "POST /api/ballots HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nHost: [[\r\n\r\n"])], pauseMs: 0, closeAfter: false });
        break;
      case 5:
        out.push({ kind: "oversized headers", chunks: [`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${"a".repeat(20_000)}\r\n\r\n`], pauseMs: 0, closeAfter: false });
        break;
      default:
        out.push({ kind: "bad chunked encoding", chunks: [head("Transfer-Encoding: chunked\r\n"), "zz\r\n{}\r\n0\r\n\r\n"], pauseMs: 0, closeAfter: false });
    }
  }
  return out;
}

export function runRaw(host: string, port: number, c: RawCase, boundMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host, port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (o: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(() => finish({ type: "hang" }), boundMs);
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const ms = performance.now() - t0;
      const text = Buffer.concat(chunks).toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) return finish({ type: "closed", ms });
      const body = Buffer.from(text.slice(text.indexOf("\r\n\r\n") + 4), "latin1").toString("utf8");
      finish({ type: "answered", status: Number(m[1]), body, ms });
    });
    socket.on("connect", async () => {
      for (const [i, chunk] of c.chunks.entries()) {
        if (settled || socket.destroyed) return;
        if (i > 0 && c.pauseMs > 0) await new Promise((r) => setTimeout(r, c.pauseMs));
        socket.write(Buffer.from(chunk, "latin1"));
      }
      if (c.closeAfter) socket.end();
    });
  });
}
