/**
 * The Node HTTP server in front of the app: which interface it listens on, how long a client
 * may take to send its headers and its whole request and how long an idle keep-alive
 * connection stays open, and the documented error shape for what Node itself refuses before the
 * app sees a request (unparseable HTTP, oversized headers, a request not sent in time).
 */
import { STATUS_CODES, createServer, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { ApiError, type ErrorCode } from "../errors";

export interface HttpServerOptions {
  /** Interface to listen on: 127.0.0.1 unless the deployment says otherwise (e.g. 0.0.0.0 behind a proxy). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** A client must send all its request headers within this many seconds. */
  headersTimeoutSeconds: number;
  /** … and its whole request, body included, within this many (≥ headersTimeoutSeconds). */
  requestTimeoutSeconds: number;
  /** An idle keep-alive connection is closed after this many seconds. */
  keepAliveTimeoutSeconds: number;
}

export const DEFAULT_HTTP_SERVER: Omit<HttpServerOptions, "port"> = {
  host: "127.0.0.1",
  headersTimeoutSeconds: 10,
  requestTimeoutSeconds: 30,
  keepAliveTimeoutSeconds: 5,
};

type Fetch = Parameters<typeof getRequestListener>[0];

export function checkHttpServerOptions(o: HttpServerOptions): void {
  for (const k of ["headersTimeoutSeconds", "requestTimeoutSeconds", "keepAliveTimeoutSeconds"] as const) {
    if (!(Number.isFinite(o[k]) && o[k] > 0)) throw new Error(`${k} must be a positive number of seconds, got ${o[k]}`);
  }
  if (o.headersTimeoutSeconds > o.requestTimeoutSeconds) {
    throw new Error(`the headers timeout (${o.headersTimeoutSeconds} s) cannot exceed the request timeout (${o.requestTimeoutSeconds} s)`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new Error(`port must be 0 to 65535, got ${o.port}`);
  if (o.host.trim() === "") throw new Error("host must not be empty");
}

function errorBody(code: ErrorCode): string {
  return JSON.stringify(new ApiError(code).toBody());
}

function jsonResponse(code: ErrorCode): Response {
  const e = new ApiError(code);
  return new Response(errorBody(code), { status: e.status, headers: { "content-type": "application/json" } });
}

/** What Node refuses before a request reaches the app, answered in the API's error shape. */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (err.code === "ECONNRESET" || !socket.writable || (inFlight && inFlight.headersSent)) {
    socket.destroy();
    return;
  }
  const code: ErrorCode =
    err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "REQUEST_TIMEOUT" : err.code === "HPE_HEADER_OVERFLOW" ? "HEADERS_TOO_LARGE" : "BAD_REQUEST";
  const status = new ApiError(code).status;
  const body = errorBody(code);
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  socket.end(head + body, () => socket.destroy());
}

/** Creates the server with its timeouts and starts listening; resolves with the port bound. */
export function listenHttp(fetch: Fetch, o: HttpServerOptions): Promise<{ server: Server; port: number }> {
  checkHttpServerOptions(o);
  const headersMs = Math.round(o.headersTimeoutSeconds * 1000);
  const requestMs = Math.round(o.requestTimeoutSeconds * 1000);
  const listener = getRequestListener(fetch, {
    // A request Node parsed but the adapter cannot turn into a URL (bad Host, bad target).
    errorHandler: () => jsonResponse("BAD_REQUEST"),
  });
  const server = createServer(
    {
      headersTimeout: headersMs,
      requestTimeout: requestMs,
      // How often Node looks for connections past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersMs / 4))),
    },
    listener,
  );
  server.keepAliveTimeout = Math.round(o.keepAliveTimeoutSeconds * 1000);
  server.on("clientError", onClientError);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : o.port });
    });
  });
}
