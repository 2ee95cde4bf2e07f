// How long a client may take to send a request, and the answer it gets when it takes longer or sends
// something that is not HTTP. Node's defaults leave fastify's request timeout off: a client that sends its
// headers and then trickles the body one byte at a time would hold its connection, and the memory of its
// half-read body, for ever.
import http from "node:http";
import type { Socket } from "node:net";
import type { ServerConfig } from "../config.ts";
import { ApiError } from "../errors.ts";

/** Node checks for timed-out requests on a timer; often enough that a short timeout still means what it says. */
function checkingInterval(timeoutMs: number): number {
  return Math.max(250, Math.min(5_000, Math.floor(timeoutMs / 4)));
}

/** Options for http(s).createServer: the time allowed for the headers alone, and the checking interval. */
export function serverTimeouts(config: ServerConfig): { headersTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: Math.min(30_000, config.requestTimeoutMs),
    connectionsCheckingInterval: checkingInterval(config.requestTimeoutMs),
  };
}

function clientError(code: string | undefined): ApiError {
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return new ApiError(408, "request_timeout", { zh: "请求发送超时，连接已关闭；请检查网络后重试", en: "the request took too long to arrive; the connection is closed; check the network and retry" }, "body");
    case "HPE_HEADER_OVERFLOW":
      return new ApiError(431, "headers_too_large", { zh: "请求头过大", en: "the request headers are too large" }, "headers");
    default:
      return new ApiError(400, "bad_request", { zh: "请求不是有效的 HTTP", en: "the request is not valid HTTP" }, "request");
  }
}

/**
 * Fastify's clientErrorHandler: errors Node raises before a request reaches fastify (timeouts, malformed
 * HTTP) answered in the API's JSON error shape, then the connection closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  // Never write into a response already under way on this connection: the client would read a corrupt one.
  const inFlight = (socket as Socket & { _httpMessage?: http.ServerResponse })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy(error);
    return;
  }
  const apiError = clientError(error.code);
  const body = JSON.stringify(apiError.body());
  // end() rather than destroy(): a reset would throw away the answer before a client still sending reads it.
  // A client that keeps sending regardless is cut off shortly after.
  socket.end(
    `HTTP/1.1 ${apiError.status} ${http.STATUS_CODES[apiError.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), 2_000).unref();
}
