// The streamed .xlsx writer waits for its reader: a page the reader has not taken stays unwritten (the memory of
// a slow download is bounded by a page, not the sheet), the reader reading lets it finish, and a reader that
// closes the stream ends the waiting at once.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLedgerXlsx, XlsxSheetWriter } from "../../shared/ledger/xlsx.ts";
import { ledgerTable } from "../../shared/ledger/export-table.ts";
import { row } from "./helpers.ts";

/** Text that compresses poorly (a linear congruential sequence in hex), so that a page outgrows every buffer. */
function noise(seed: number, length: number): string {
  let x = seed;
  let out = "";
  while (out.length < length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += x.toString(16);
  }
  return out.slice(0, length);
}

const rows = Array.from({ length: 2000 }, (_, i) => row({ note: noise(i + 1, 200) }));
const table = ledgerTable(rows, "en");

/** Whether the promise is still pending once the event loop has gone round (the zip works in between). */
async function pending(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return !settled;
}

describe("the streamed .xlsx writer", () => {
  it("waits while its reader takes nothing, and finishes once it reads", async () => {
    const out = new PassThrough();
    const sheet = await XlsxSheetWriter.open(out, "ledger", table);
    const page = sheet.write(table.rows);
    expect(await pending(page)).toBe(true);
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    await page;
    await sheet.end();
    const back = await readLedgerXlsx(new Uint8Array(Buffer.concat(chunks)));
    expect(back.ok && back.rows).toEqual(rows);
  }, 60_000);

  it("stops waiting when its reader closes the stream, and writes nothing more", async () => {
    const out = new PassThrough();
    const sheet = await XlsxSheetWriter.open(out, "ledger", table);
    const page = sheet.write(table.rows);
    expect(await pending(page)).toBe(true);
    out.destroy();
    await page;
    expect(sheet.closed).toBe(true);
    await sheet.write(table.rows);
    await sheet.end();
  }, 60_000);
});
