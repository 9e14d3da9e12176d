/**
 * A JSON-RPC proxy in front of a real node that can be switched off: while down it drops every
 * connection, as a node that crashed or restarts would. The relayer must treat that as transient.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FlakyRpc {
  url: string;
  /** Sets the node requests go to; returns the proxy's URL. */
  forwardTo(target: string): string;
  down(): void;
  up(): void;
  /** Requests dropped while down. */
  dropped(): number;
  close(): Promise<void>;
}

export async function startFlakyRpc(): Promise<FlakyRpc> {
  let target = "";
  let isDown = false;
  let dropped = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (isDown) {
        dropped++;
        req.socket.destroy();
        return;
      }
      fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) })
        .then(async (r) => {
          res.writeHead(r.status, { "content-type": "application/json" });
          res.end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    forwardTo: (t) => {
      target = t;
      return url;
    },
    down: () => {
      isDown = true;
    },
    up: () => {
      isDown = false;
    },
    dropped: () => dropped,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
