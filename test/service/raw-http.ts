// HTTP the way fetch will not send it: any Host header, no transparent decompression (so bytes are counted as
// sent), and bare sockets for clients that trickle, stall or stream a body without a length.
import http from "node:http";
import net from "node:net";

export interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as received, still compressed if it was sent so. */
  bytes: Buffer;
  json: unknown;
}

/** One request through node:http, which lets the caller set Host and reads the body as sent. */
export function request(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string): Promise<RawReply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port: Number(port), method, path, headers, setHost: !("host" in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const bytes = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = res.headers["content-encoding"] ? undefined : JSON.parse(bytes.toString("utf8"));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes, json });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export interface SocketExchange {
  socket: net.Socket;
  /** Everything the server sent so far. */
  received: () => string;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
}

/** A bare connection to the service; the caller writes what it likes. */
export function connect(base: string): SocketExchange {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  let received = "";
  socket.setEncoding("utf8");
  socket.on("data", (d: string) => (received += d));
  socket.on("error", () => {
    // EPIPE/ECONNRESET when the server closes under a client still writing: what these tests provoke.
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return { socket, received: () => received, closed };
}

/** The status line's code and the JSON body of a response read off a socket. */
export function parseResponse(text: string): { status: number; headers: string; body: unknown } {
  const end = text.indexOf("\r\n\r\n");
  const head = end < 0 ? text : text.slice(0, end);
  let body: unknown;
  try {
    body = JSON.parse(end < 0 ? "" : text.slice(end + 4));
  } catch {
    body = undefined;
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head, body };
}
