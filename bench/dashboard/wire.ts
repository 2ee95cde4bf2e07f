// Initial JavaScript as the running service serves it: the dashboard's page fetched with an Accept-Encoding, its
// module entry and every modulepreload fetched the same way, and the bytes that came over the socket summed (the
// body as sent, still compressed: node:http does not decode it, unlike fetch()).
import http from "node:http";

export interface Served {
  /** Bytes of the scripts' bodies on the wire, and of the page itself. */
  scriptBytes: number;
  htmlBytes: number;
  files: string[];
  /** Content-Encoding of each script as answered ("identity" when none). */
  encodings: string[];
}

function get(url: string, acceptEncoding: string): Promise<{ status: number; body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { "accept-encoding": acceptEncoding, accept: "text/html,*/*" } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts), encoding: String(res.headers["content-encoding"] ?? "identity") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** The page's module entry and modulepreloads, fetched from `base` with `acceptEncoding`. */
export async function initialJsServed(base: string, acceptEncoding: string): Promise<Served> {
  const page = await get(`${base}/`, acceptEncoding);
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
  // The page's own text, to find its scripts: fetched again uncompressed (its wire size is the first fetch's).
  const html = (await get(`${base}/`, "identity")).body.toString("utf8");
  const files = [...html.matchAll(/<(?:script[^>]*type="module"[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+)"/g)].map((m) => m[1]!);
  let scriptBytes = 0;
  const encodings: string[] = [];
  for (const file of files) {
    const res = await get(new URL(file, `${base}/`).toString(), acceptEncoding);
    if (res.status !== 200) throw new Error(`GET ${file} answered ${res.status}`);
    scriptBytes += res.body.length;
    encodings.push(res.encoding);
  }
  return { scriptBytes, htmlBytes: page.body.length, files, encodings };
}
