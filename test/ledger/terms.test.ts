// Every label table reads shared/terms.ts: each is pinned here to the terms, so a word changed in one place and
// not the others (or a table that grows its own word again) fails.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writerRefusal } from "../../dashboard/server/auth/permissions.ts";
import { UNSCOPED_LABEL } from "../../dashboard/server/auth/tokens.ts";
import { tokenLabel, UNSCOPED } from "../../shared/ledger/offices.ts";
import { REPO_ROOT } from "../../shared/repo-root.ts";
import { FACT_NAMES } from "../../shared/catalog/schema.ts";
import { BOUND_LABEL } from "../../shared/engine/explain.ts";
import { COLUMN_HEADER, DERIVED_HEADERS, FIELD_NAMES, STATUS_LABEL, columnForHeader } from "../../shared/ledger/columns.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import { groupLabel, ledgerTable, summaryTable } from "../../shared/ledger/export-table.ts";
import { paymentListTable } from "../../shared/ledger/payment-list.ts";
import { GROUP_KEYS } from "../../shared/ledger/summary.ts";
import { VIOLATION_CODES, VIOLATION_LABEL } from "../../shared/ledger/violation.ts";
import { defaultEngine } from "../../shared/node.ts";
import { BOUND_TERMS, COLUMN_TERMS, PAYMENT_LIST_TERMS, STATUS_TERMS, SUMMARY_TERMS, TERMS, VERDICT_TERMS, VIOLATION_TERMS, type Term } from "../../shared/terms.ts";
import { STATUSES } from "../../shared/vocabulary.ts";
import { summaryHead } from "../../cli/commands/ledger.ts";
import { termMessages } from "../../dashboard/web/src/i18n/terms.ts";
import { zhCN } from "../../dashboard/web/src/i18n/zh-CN.ts";
import { en } from "../../dashboard/web/src/i18n/en.ts";
import { fieldLabel } from "../../addin/functions/labels.ts";
import { ZH_CN } from "../../addin/functions/metadata-zh-CN.ts";
import { ledgerHeaders } from "../../addin/taskpane/logic/ledger-sheet.ts";
import { MESSAGES as PANE } from "../../addin/taskpane/ui/messages.ts";
import { row as ledgerRow } from "./helpers.ts";

const LANGS = ["zh", "en"] as const;
const both = (terms: readonly Term[]) => ({ zh: terms.map((t) => t.zh), en: terms.map((t) => t.en) });

describe("the terms", () => {
  it("give one concept one name: no two concepts share a Chinese or an English word", () => {
    for (const lang of LANGS) {
      const words = Object.values(TERMS).map((t) => t[lang]);
      expect(words.filter((w, i) => words.indexOf(w) !== i)).toEqual([]);
    }
    // The two figures called "remaining" before: a cap's headroom and a summary's commitment left.
    expect(TERMS.headroom).toEqual({ zh: "剩余额度", en: "Headroom" });
    expect(TERMS.commitmentLeft).toEqual({ zh: "剩余承诺", en: "Commitment left" });
    expect(TERMS.drawn).toEqual({ zh: "占用上限", en: "Drawn" });
    expect(TERMS.bound).toEqual({ zh: "决定因素", en: "Decided by" });
    expect(TERMS.notice.zh).toBe("申报批次");
    expect(TERMS.catalogVersion.zh).toBe("规则版本");
  });

  it("name an application 申请: 申报 only in the notice's words", () => {
    const all = [TERMS, COLUMN_TERMS, STATUS_TERMS, BOUND_TERMS, VIOLATION_TERMS, VERDICT_TERMS, SUMMARY_TERMS, PAYMENT_LIST_TERMS].flatMap((table) => Object.values(table));
    // 申报通知 / 申报批次 (the notice), 申报要素 (the glossary's fact).
    const stray = all.map((t) => t.zh).filter((zh) => zh.replace(/申报(通知|批次|要素)/g, "").includes("申报"));
    expect(stray).toEqual([]);
  });
});

describe("the ledger's tables read the terms", () => {
  it("column headers, statuses, violations and bounds are the terms' own tables", () => {
    for (const name of [...FIELD_NAMES, ...FACT_NAMES]) expect(COLUMN_HEADER[name]).toBe(COLUMN_TERMS[name]);
    for (const s of STATUSES) expect(STATUS_LABEL[s]).toBe(STATUS_TERMS[s]);
    for (const code of VIOLATION_CODES) expect(VIOLATION_LABEL[code]).toBe(VIOLATION_TERMS[code]);
    expect(BOUND_LABEL).toBe(BOUND_TERMS);
    expect(DERIVED_HEADERS).toContain(TERMS.drawn);
    expect(DERIVED_HEADERS).toContain(TERMS.bound);
  });

  it("an evaluated export heads its columns with the terms, and old exports' headers still import as derived", () => {
    const engine = defaultEngine();
    const rows = [ledgerRow({ facts: { centralFunds: 1000 } })];
    const evaluation = evaluateLedger(engine, rows);
    for (const lang of LANGS) {
      const { header } = ledgerTable(rows, lang, evaluation, { trace: true });
      const fields = [...FIELD_NAMES.map((f) => COLUMN_TERMS[f]), COLUMN_TERMS.centralFunds];
      const added = [TERMS.jurisdiction, TERMS.document, TERMS.year, TERMS.ceiling, TERMS.floor, TERMS.bound, TERMS.drawn, TERMS.verdict, TERMS.problems, TERMS.trace];
      expect(header).toEqual(both([...fields, ...added])[lang]);
    }
    for (const old of ["计入上限", "Counted", "Bound", "占用上限", "Drawn", "Decided by"]) expect(columnForHeader(old)).toBe("derived");
  });

  it("the summary export and the CLI summary head their figures with the summary terms", () => {
    for (const lang of LANGS) {
      const { header } = summaryTable([], ["jurisdiction", "year"], lang);
      expect(header).toEqual([TERMS.jurisdiction[lang], TERMS.year[lang], ...Object.values(SUMMARY_TERMS).map((t) => t[lang])]);
      const t = SUMMARY_TERMS;
      expect(summaryHead(["document"], lang)).toEqual([TERMS.document, t.count, t.requested, t.approved, t.paid, t.committed, t.utilization, t.commitmentLeft, t.paidRatio].map((x) => x[lang]));
      for (const key of GROUP_KEYS) expect(Object.values({ ...TERMS, ...COLUMN_TERMS }).map((x) => x[lang])).toContain(groupLabel(key, lang));
    }
  });

  it("the payment list heads its columns with the payment list's terms, the jurisdiction as 兑现主体", () => {
    for (const lang of LANGS) expect(paymentListTable([], lang).header).toEqual(Object.values(PAYMENT_LIST_TERMS).map((t) => t[lang]));
    expect(PAYMENT_LIST_TERMS.jurisdiction).toBe(TERMS.jurisdiction);
  });
});

describe("the dashboard and the add-in read the terms", () => {
  it("the dashboard's term entries are in both catalogs as the terms give them", () => {
    const zh = termMessages("zh");
    const english = termMessages("en");
    for (const [id, text] of Object.entries(zh)) expect([id, zhCN[id as keyof typeof zhCN]]).toEqual([id, text]);
    for (const [id, text] of Object.entries(english)) expect([id, en[id as keyof typeof en]]).toEqual([id, text]);
    expect(zh["field.notice"]).toBe(TERMS.notice.zh);
    expect(zh["col.bound"]).toBe(TERMS.bound.zh);
    expect(zh["ent.col.drawn"]).toBe("占用上限（元）");
    expect(english["col.commitmentLeft"]).toBe("Commitment left (yuan)");
  });

  it("the dashboard calls an application 申请: 申报 only in 申报通知 and 申报批次", () => {
    const stray = Object.entries(zhCN).filter(([, text]) => text.replace(/申报(通知|批次|要素)/g, "").includes("申报"));
    expect(stray).toEqual([]);
  });

  it("the add-in names its inputs and its ledger sheet's columns with the terms", () => {
    expect(fieldLabel("awarded", "zh")).toBe(TERMS.awarded.zh);
    expect(fieldLabel("notice", "zh")).toBe(TERMS.noticeDocument.zh);
    for (const f of FACT_NAMES) expect(fieldLabel(f, "zh")).toBe(COLUMN_TERMS[f].zh);
    for (const lang of LANGS) {
      const h = ledgerHeaders(lang);
      expect([h.ceiling, h.verdict, h.problems]).toEqual([TERMS.ceiling[lang], TERMS.verdict[lang], TERMS.problems[lang]]);
      expect(h.inputs).toEqual([...FIELD_NAMES, ...FACT_NAMES].map((c) => COLUMN_TERMS[c][lang]));
    }
    expect(PANE["zh-CN"]["catalog.version"]).toBe(`${TERMS.catalogVersion.zh} {version}`);
    // What decided a ceiling: the trace's and the CLI's words, the English standing alone with a capital.
    expect(zhCN["calc.bound"]).toBe(TERMS.bound.zh);
    for (const [bound, term] of Object.entries(BOUND_TERMS)) {
      expect(zhCN[`bound.${bound}` as keyof typeof zhCN]).toBe(term.zh);
      expect(en[`bound.${bound}` as keyof typeof en].toLowerCase()).toBe(term.en.toLowerCase());
    }
    // CQ.REMAINING keeps its name: in Excel "remaining" is a cap's headroom, as the glossary has it.
    expect(ZH_CN["SUBSIDY.REMAINING"]?.name).toBe(`补贴.${TERMS.headroom.zh}`);
  });
});

describe("the token messages name the office with the terms", () => {
  const office = TERMS.office;

  it("an unscoped token, its refusal and an `all` token read the office and jurisdiction terms", () => {
    expect(UNSCOPED.zh).toBe(`未限定${office.zh}`);
    expect(UNSCOPED_LABEL.zh.startsWith(UNSCOPED.zh)).toBe(true);
    expect(tokenLabel({ jurisdiction: "all", roles: ["viewer"] }, "zh")).toBe(`全部${TERMS.jurisdiction.zh} · 查看`);
    const refusal = writerRefusal({ id: 1, name: "旧令牌", jurisdiction: null, roles: ["clerk"], createdAt: "2026-01-01T00:00:00.000Z", revokedAt: null });
    expect(refusal?.text.zh).toContain(`--jurisdiction <${office.zh}>`);
    expect(refusal?.text.en).toContain(`--jurisdiction <${office.en.toLowerCase()}>`);
    expect(PANE["zh-CN"]["token.unscoped"]).toContain(`未限定${office.zh}`);
  });

  it("no token message writes its own word for the office", () => {
    const files = ["dashboard/server/auth/permissions.ts", "dashboard/server/auth/tokens.ts", "cli/commands/token.ts", "cli/commands/demo.ts", "shared/ledger/offices.ts", "addin/taskpane/ui/messages.ts"];
    for (const file of files) expect([file, fs.readFileSync(path.join(REPO_ROOT, file), "utf8").includes("辖区")]).toEqual([file, false]);
  });
});
