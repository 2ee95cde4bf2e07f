// `subsidy ledger` end to end, as a new user would run it: a real process, real files, exit codes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/subsidy.mjs", import.meta.url).pathname;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-cli-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function subsidy(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each test spawns the CLI a few times (TypeScript through tsx at start): on a loaded two-core machine that takes
// longer than the default 30 s.
describe("subsidy ledger", { timeout: 180_000 }, () => {
  it("sample --out l.csv && check l.csv shows every planted violation and nothing else", () => {
    const made = subsidy("ledger", "sample", "--out", "l.csv");
    expect(made.code).toBe(0);
    expect(made.stderr).toContain("示例数据 / sample data");
    const planted = [...made.stderr.matchAll(/^ {2}(\S+) {2}\[(\w+)\]/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(planted).toHaveLength(11);
    expect(fs.existsSync(path.join(dir, "l.commitments.yaml"))).toBe(true);

    const human = subsidy("ledger", "check", "l.csv");
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("【示例数据 / sample data】");
    expect(human.stdout).toContain("问题 11 项");

    const json = subsidy("ledger", "check", "l.csv", "--json");
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.label).toBe("示例数据 / sample data");
    expect(out.violations.map((v: { applicationId: string; code: string }) => `${v.applicationId} ${v.code}`).sort()).toEqual(planted);
    expect(out.rows).toHaveLength(600);
    // The summary agrees with a count of the rows themselves.
    const approvedFen = out.rows.filter((r: { status: string }) => r.status === "approved" || r.status === "paid").reduce((s: number, r: { approved: number }) => s + Math.round(r.approved * 100), 0);
    const summedFen = out.summary.reduce((s: number, r: { approved: number }) => s + Math.round(r.approved * 100), 0);
    expect(summedFen).toBe(approvedFen);
    expect(out.summary.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(600);
    expect(out.summary.filter((r: { sample: boolean }) => r.sample).length).toBeGreaterThan(0);
  });

  it("summary groups as asked, in JSON, and writes .xlsx; check --out writes the evaluated ledger", () => {
    subsidy("ledger", "sample", "--rows", "150", "--seed", "9", "--out", "s.xlsx");
    const r = subsidy("ledger", "summary", "s.xlsx", "--by", "jurisdiction,status", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.by).toEqual(["jurisdiction", "status"]);
    expect(out.total.count).toBe(150);
    const checked = subsidy("ledger", "check", "s.xlsx", "--out", "checked.xlsx", "--trace");
    expect(checked.code).toBe(1);
    expect(fs.statSync(path.join(dir, "checked.xlsx")).size).toBeGreaterThan(5000);
  });

  it("exits 0 on a clean ledger", () => {
    const csv = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,核定金额\nA1,P1,重庆测试有限公司,91500107MA61K3DW0R,九龙坡区,jiulongpo-3,100万,2026-03-01,已核定,20万\n";
    fs.writeFileSync(path.join(dir, "clean.csv"), csv);
    const r = subsidy("ledger", "check", "clean.csv", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).violations).toEqual([]);
  });

  it("evaluates a row under its 申报批次 and refuses a file naming a notice the catalog does not have (exit 2, the field named)", () => {
    const head = "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态,申报批次\n";
    const rowOf = (id: string, notice: string) => `${id},P${id},重庆测试有限公司,91500107MA61K3DW0R,九龙坡区,jiulongpo-5,1亿,2026-03-10,已申请,${notice}\n`;
    fs.writeFileSync(path.join(dir, "notice.csv"), head + rowOf("A1", "jiulongpo-2026-1-sample") + rowOf("A2", ""));
    const r = subsidy("ledger", "check", "notice.csv", "--json");
    const out = JSON.parse(r.stdout);
    // 1亿 × 8% under the sample notice; 10% under the document's own figures.
    expect(out.rows.map((row: { applicationId: string; notice?: string; ceiling: number }) => [row.applicationId, row.notice, row.ceiling])).toEqual([
      ["A1", "jiulongpo-2026-1-sample", 8_000_000],
      ["A2", undefined, 10_000_000],
    ]);
    fs.writeFileSync(path.join(dir, "bad-notice.csv"), head + rowOf("A1", "jiulongpo-2026-9"));
    const bad = subsidy("ledger", "check", "bad-notice.csv", "--json");
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.problems).toEqual([{ row: 2, column: "申报批次", field: "notice", reason: "没有申报通知 jiulongpo-2026-9（可选：jiulongpo-2026-1-sample）" }]);
  });

  it("reads CSV saved by Chinese Excel in GBK and says which encoding it used; refuses it as UTF-8 when told so", () => {
    const file = new URL("./fixtures/ledger-excel-gbk.csv", import.meta.url).pathname;
    const r = subsidy("ledger", "check", file, "--json");
    expect(r.stderr).toContain("GB18030 编码（自动识别）");
    const out = JSON.parse(r.stdout);
    expect(out.encoding).toBe("gb18030");
    expect(out.rows.map((row: { applicationId: string }) => row.applicationId)).toEqual(["JLP-2026-0201", "JLP-2026-0202", "JLP-2026-0203"]);
    const asUtf8 = subsidy("ledger", "check", file, "--encoding", "utf-8");
    expect(asUtf8.code).toBe(2);
    expect(JSON.parse(asUtf8.stdout).error.problems[0].field).toBe("encoding");
    expect(subsidy("ledger", "summary", file, "--encoding", "big5").code).toBe(2);
  });

  it("lists every problem of a file with mixed line endings (exit 2), none left unread", () => {
    const r = subsidy("ledger", "check", new URL("./fixtures/ledger-mixed-line-endings.csv", import.meta.url).pathname, "--json");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [3, "计算基数"],
      [4, "申请日期"],
      [5, "状态"],
    ]);
  });

  it("exits 2 with a JSON error listing every rejected row, and on a missing file or bad option", () => {
    fs.writeFileSync(path.join(dir, "bad.csv"), "申请编号,项目编号,企业名称,统一社会信用代码,所属区县,条款,计算基数,申请日期,状态\nA1,P1,x,y,z,jiulongpo-3,abc,2026-03-01,已申请\nA2,P2,x,y,z,jiulongpo-3,1,2026-13-01,已申请\n");
    const bad = subsidy("ledger", "check", "bad.csv");
    expect(bad.code).toBe(2);
    const err = JSON.parse(bad.stdout).error;
    expect(err.code).toBe("rejected_file");
    expect(err.problems.map((p: { row: number; column: string }) => [p.row, p.column])).toEqual([
      [2, "计算基数"],
      [3, "申请日期"],
    ]);
    expect(subsidy("ledger", "check", "missing.csv").code).toBe(2);
    expect(subsidy("ledger", "check", "notes.pdf").code).toBe(2);
    expect(subsidy("ledger", "sample", "--rows", "0").code).toBe(2);
    const by = subsidy("ledger", "summary", "bad.csv", "--by", "colour");
    expect(by.code).toBe(2);
    expect(JSON.parse(by.stdout).error.field).toBe("by");
  });
});
