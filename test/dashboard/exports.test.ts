// Exports a leader forwards (issue 12 item 4): the monthly report (月度通报) as .xlsx, and PNGs that carry their title,
// legend, data date and sample mark. Real service, real SQLite ledger, real Chromium; figures against summarize().
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Commitment } from "../../shared/catalog/schema.ts";
import { evaluateLedger, type LedgerEvaluation } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { summarize } from "../../shared/ledger/summary.ts";
import { withPaidByPaymentYear } from "./paid-by-payment-year.ts";
import { defaultEngine } from "../../shared/node.ts";
import { downloadOf, OUTPUT, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let evaluation: LedgerEvaluation;
let commitments: Commitment[];
const NAMES: Record<string, string> = { jiulongpo: "九龙坡区", yubei: "渝北区", chongqing: "重庆市" };

beforeAll(async () => {
  h = await startHarness();
  const ledger = (await (await fetch(`${h.server.url}/api/ledger?limit=5000`)).json()) as { rows: { row: LedgerRow }[] };
  evaluation = evaluateLedger(defaultEngine(), ledger.rows.map((r) => r.row), { trace: false });
  const c = (await (await fetch(`${h.server.url}/api/commitments`)).json()) as { commitments: (Commitment & { amountFen: number })[] };
  commitments = c.commitments.map(({ amountFen, ...rest }) => ({ ...rest, amount: amountFen }));
}, 180_000);

afterAll(async () => {
  await h?.close();
});

async function pinned(): Promise<Page> {
  const { context, page } = await h.newPage("zh-CN");
  await context.clock.setFixedTime(new Date("2026-07-13T10:00:00+08:00"));
  return page;
}

async function open(page: Page, search: string): Promise<void> {
  await page.goto(`${h.server.url}/${search}`);
  await page.locator("main h2").first().waitFor();
  await page.waitForFunction(() => !document.querySelector("main .state-loading"), undefined, { timeout: 60_000 });
}

describe("exports", { timeout: 120_000 }, () => {
  it("月度通报: one click gives the month's execution table as .xlsx, Chinese headers, A4 landscape, sample marked", async () => {
    const page = await pinned();
    await open(page, "?view=year");
    await page.locator(".pace table").waitFor({ timeout: 60_000 });
    const { name, bytes } = await downloadOf(page, () => page.locator("button.export-monthly").click());
    expect(name).toBe("monthly-report-2026-07.xlsx");
    fs.writeFileSync(path.join(OUTPUT, name), bytes);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("月度通报")!;
    expect(sheet).toBeDefined();
    expect(String(sheet.getCell(1, 1).value)).toBe("2026年7月制造业补助预算执行情况通报（示例数据）");
    expect(String(sheet.getCell(2, 1).value)).toContain("序时进度 53.2%（已过天数 194 ÷ 全年天数 365）");
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual(["排名", "兑现主体", "政策文件", "预算承诺（元）", "承诺类型", "核定金额（元）", "拨付金额（元）", "核定执行率", "拨付执行率", "序时进度", "核定与序时进度之差（百分点）", "拨付与序时进度之差（百分点）", "预警"]);
    expect(sheet.pageSetup.orientation).toBe("landscape");
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.fitToWidth).toBe(1);
    expect(sheet.headerFooter.oddFooter).toContain("示例数据");

    const time = 194 / 365;
    // Paid by payment year (paid-by-payment-year.ts); approved as summarize() counts it.
    const expected = withPaidByPaymentYear(summarize({ rows: evaluation.rows.filter((e) => e.year === 2026), violations: [] }, ["jurisdiction", "year"], commitments), evaluation.rows).filter((r) => r.committed !== null);
    const byDocument = summarize({ rows: evaluation.rows.filter((e) => e.year === 2026), violations: [] }, ["jurisdiction", "document"], commitments);
    const lines: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 4) lines.push((row.values as unknown[]).slice(1));
    });
    const ranked = lines.filter((l) => typeof l[0] === "number");
    expect(ranked.map((l) => l[0])).toEqual(expected.map((_, i) => i + 1));
    const gaps = ranked.map((l) => l[10] as number);
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
    for (const r of expected) {
      const line = ranked.find((l) => l[1] === NAMES[String(r.key.jurisdiction)])!;
      expect(line, String(r.key.jurisdiction)).toBeDefined();
      expect(line[3]).toBe(r.committed);
      expect(line[5]).toBe(r.approved);
      expect(line[6]).toBe(r.paid);
      expect(line[7]).toBeCloseTo(r.approved / r.committed!, 12);
      expect(line[9]).toBeCloseTo(time, 12);
      const gap = r.approved / r.committed! - time;
      expect(line[10]).toBe((Math.sign(gap) * Math.round(Math.abs(gap) * 1000)) / 10);
      // Its documents' rows follow it and add up to it.
      const at = lines.indexOf(line);
      const docs = byDocument.filter((d) => d.key.jurisdiction === r.key.jurisdiction);
      const docLines = lines.slice(at + 1, at + 1 + docs.length);
      expect(docLines.every((l) => String(l[2]).startsWith("其中："))).toBe(true);
      expect(docLines.reduce((s, l) => s + Math.round((l[5] as number) * 100), 0)).toBe(Math.round(r.approved * 100));
    }
  });

  it("a chart's PNG carries its title, legend, data date and the sample mark", async () => {
    const page = await pinned();
    // Records what is drawn onto any canvas: the PNG is that canvas.
    await page.addInitScript(() => {
      const drawn: string[] = [];
      (window as unknown as { __drawn: string[] }).__drawn = drawn;
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (text: string, x: number, y: number, maxWidth?: number) {
        drawn.push(text);
        return maxWidth === undefined ? fillText.call(this, text, x, y) : fillText.call(this, text, x, y, maxWidth);
      };
    });
    await open(page, "");
    const figure = page.locator('figure[aria-labelledby="overview-jiulongpo-title"]');
    await figure.locator(".recharts-surface").first().waitFor();
    const svg = (await figure.locator(".recharts-wrapper > svg.recharts-surface").boundingBox())!;
    const { name, bytes } = await downloadOf(page, () => figure.locator("button.export-png").click());
    expect(name).toBe("overview-jiulongpo.png");
    fs.writeFileSync(path.join(OUTPUT, `export-${name}`), bytes);
    expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
    const drawn = await page.evaluate(() => (window as unknown as { __drawn: string[] }).__drawn);
    expect(drawn).toContain("九龙坡区：承诺、核定与拨付");
    expect(drawn).toEqual(expect.arrayContaining(["核定", "拨付", "示例数据"]));
    expect(drawn.some((d) => /^数据日期：\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 示例数据$/.test(d))).toBe(true);
    // Room for the title, legend and footer around the chart: the PNG is taller than the chart at scale 2.
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(Math.ceil(svg.width) * 2);
    expect(height).toBeGreaterThan(Math.ceil(svg.height) * 2 + 100);
  });
});
