// Measures of a view as printed, shared by the print tests and `npm run screenshots`: the PDF's page count and how
// full each of its pages is.
import { inflateSync } from "node:zlib";
import type { Page } from "playwright-core";

/** A view has rendered: its heading, no loading state left, no request in flight, charts drawn. */
export async function settle(page: Page): Promise<void> {
  await page.locator("main h2").first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => [...document.querySelectorAll("main .chart-box")].every((box) => box.querySelector("svg.recharts-surface")), undefined, { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The pages of a PDF as Chromium writes it: one `/Type /Page` object each (the tree's nodes are `/Pages`). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;
}

type Matrix = [number, number, number, number, number, number];
const times = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

/** The lowest point (PDF points from the page's foot) anything visible is drawn at in one page's content stream. */
function lowestDrawn(content: string, floor: number): number {
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let text: Matrix = [1, 0, 0, 1, 0, 0];
  let white = false;
  let path: [number, number][] = [];
  let lowest = Infinity;
  const at = (x: number, y: number, m: Matrix = ctm) => x * m[1] + y * m[3] + m[5];
  const ops: number[] = [];
  // Strings, names and dictionaries carry no geometry: dropped before reading operators and their numbers.
  const tokens = content.replace(/\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|<<[^]*?>>|\/[^\s/<>()[\]]+/g, " ").split(/\s+/);
  for (const tok of tokens) {
    if (tok === "") continue;
    const n = Number(tok);
    if (!Number.isNaN(n)) {
      ops.push(n);
      continue;
    }
    const a = ops.splice(0);
    switch (tok) {
      case "q": stack.push(ctm); break;
      case "Q": ctm = stack.pop() ?? ctm; break;
      case "cm": ctm = times(a as Matrix, ctm); break;
      case "rg": white = a.length === 3 && a.every((v) => v > 0.99); break;
      case "m": case "l": path.push([a[0]!, a[1]!]); break;
      case "c": path.push([a[4]!, a[5]!]); break;
      case "re": path.push([a[0]!, a[1]!], [a[0]! + a[2]!, a[1]! + a[3]!]); break;
      case "W": case "W*": path = []; break;
      case "n": path = []; break;
      case "f": case "f*": case "B": case "b":
        if (!white) for (const [x, y] of path) lowest = Math.min(lowest, at(x, y));
        path = [];
        break;
      case "S": case "s":
        for (const [x, y] of path) lowest = Math.min(lowest, at(x, y));
        path = [];
        break;
      case "BT": text = [1, 0, 0, 1, 0, 0]; break;
      case "Tm": text = a as Matrix; break;
      case "Td": text = times([1, 0, 0, 1, a[0]!, a[1]!], text); break;
      case "Tj": case "TJ": lowest = Math.min(lowest, at(0, 0, times(text, ctm))); break;
      case "Do": lowest = Math.min(lowest, at(0, 0), at(1, 1), at(0, 1), at(1, 0)); break;
    }
  }
  return Math.max(lowest, floor);
}

/**
 * How full each page of a Chromium PDF is: from the page box's top margin down to the lowest thing drawn on it,
 * over the page box's height (A4 landscape, 12 mm margins). Read from the PDF's own content streams, so pages
 * pushed on by break-inside: avoid count as Chromium laid them out.
 */
export function pdfPageFills(pdf: Buffer): number[] {
  const text = pdf.toString("latin1");
  const objects = new Map<number, { dict: string; stream?: Buffer }>();
  for (const m of text.matchAll(/(\d+) 0 obj\s*/g)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endobj", start);
    const body = text.slice(start, end);
    const s = /stream\r?\n/.exec(body);
    const entry: { dict: string; stream?: Buffer } = { dict: s ? body.slice(0, s.index) : body };
    if (s) {
      const from = start + s.index + s[0].length;
      const raw = pdf.subarray(from, text.indexOf("endstream", from));
      entry.stream = /FlateDecode/.test(entry.dict) ? inflateSync(raw) : raw;
    }
    objects.set(Number(m[1]), entry);
  }
  const pageHeight = 595.28;
  const margin = (12 / 25.4) * 72;
  const fills: number[] = [];
  const kids = [...text.matchAll(/\/Kids\s*\[([^\]]*)\]/g)].flatMap((k) => [...k[1]!.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1])));
  for (const id of kids) {
    const page = objects.get(id);
    if (!page || !/\/Type\s*\/Page(?![a-z])/.test(page.dict)) continue;
    const refs = /\/Contents\s*(?:\[([^\]]*)\]|(\d+) 0 R)/.exec(page.dict);
    const ids = refs ? [...(refs[1] ?? `${refs[2]} 0 R`).matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1])) : [];
    const content = ids.map((c) => objects.get(c)?.stream?.toString("latin1") ?? "").join("\n");
    const lowest = lowestDrawn(content, margin);
    fills.push(Math.min(1, Math.max(0, (pageHeight - margin - lowest) / (pageHeight - 2 * margin))));
  }
  return fills;
}
