// The sample ledger: a deterministic, realistic year-and-more of applications to 九龙坡区, 渝北区 and 重庆市 (2024 to
// late 2026), with valid credit codes, every computable provision used, amounts that respect every cap (decided in
// ledger order through the same evaluator the check uses), a few planted violations listed by ID, and sample
// commitments for the jurisdictions and years the documents state none. It is sample data wherever it is shown.
import { spansApplications } from "../catalog/cap-scopes.ts";
import type { CatalogEntry } from "../catalog/catalog.ts";
import type { Commitment, FactName, Provision, Text } from "../catalog/schema.ts";
import { windowOf as provisionWindow, todayInShanghai } from "../engine/dates.ts";
import { parametersOf } from "../engine/describe.ts";
import type { Engine } from "../engine/engine.ts";
import { defaultEngine } from "../node.ts";
import { LedgerEvaluator } from "./evaluate.ts";
import { ledgerOrder } from "./order.ts";
import { LedgerRow } from "./row.ts";
import { sampleEnterprises, seededRandom, type SampleEnterprise } from "./sample-enterprises.ts";
import type { ViolationCode } from "./violation.ts";

export interface SampleOptions {
  rows?: number;
  seed?: number;
  engine?: Engine;
  /**
   * For a store keyed by application ID (the ledger service): the planted duplicate ID keeps an ID of its own, so
   * seeding stores every row rather than merging two applications into one. A file keeps the plant.
   */
  distinctIds?: boolean;
}

export interface PlantedViolation {
  applicationId: string;
  code: ViolationCode;
  note: Text;
}

export interface SampleLedger {
  rows: LedgerRow[];
  /** Sample commitments (marked sample: true) for jurisdictions and years the documents state none. */
  commitments: Commitment[];
  planted: PlantedViolation[];
  /**
   * The day each row was approved, aligned with `rows` (null: never approved). After the application and within its
   * year — so that approvals by approval year equal approvals by application year on the sample — no later than the
   * first payment, and never after today in Shanghai. Each such row carries it as its approval date (核准日期), so
   * that an exported sample reads back as it was; the service records it as the approval's event when it seeds
   * (sample-data.ts).
   */
  approvedOn: (string | null)[];
}

export const SAMPLE_LABEL: Text = { zh: "示例数据", en: "sample data" };
/** The span the sample covers; fixed, so the sample does not change with the day it is made. */
export const SAMPLE_PERIOD = { start: "2024-01-02", end: "2026-11-20" } as const;
export const DEFAULT_SAMPLE_ROWS = 600;

const PREFIX: Record<string, string> = { jiulongpo: "JLP", yubei: "YB", chongqing: "CQ" };
const DAY = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

interface Draft {
  entry: CatalogEntry;
  enterprise: SampleEnterprise;
  date: string;
  amount: number | null;
  facts: Partial<Record<FactName, number>>;
  plant?: ViolationCode;
  /** Rows that must share a project (stacking) name the same tag. */
  projectTag?: string;
  /** The ID another draft must reuse (duplicate_id). */
  duplicateOf?: Draft;
  provisionOverride?: string;
  /** A status the plan needs (the first award of a planted pair), and whether it is approved at its full ceiling. */
  status?: LedgerRow["status"];
  full?: boolean;
  applicationId?: string;
  projectId?: string;
}

export function sampleLedger(options: SampleOptions = {}): SampleLedger {
  const engine = options.engine ?? defaultEngine();
  const random = seededRandom(options.seed ?? 1);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  const used = new Set<string>();
  // A real ledger has a few applications per enterprise, whatever its size: pools grow with the rows asked for
  // (a district office's 26 enterprises up to ~1,000 rows, one per 40 rows of the ledger beyond).
  const wanted = options.rows ?? DEFAULT_SAMPLE_ROWS;
  const district = Math.max(26, Math.ceil(wanted / 40));
  const pools: Record<string, SampleEnterprise[]> = {
    jiulongpo: sampleEnterprises("九龙坡区", district, random, used),
    yubei: sampleEnterprises("渝北区", district, random, used),
  };
  const others = ["沙坪坝区", "江北区", "南岸区", "北碚区", "巴南区", "大渡口区", "江津区", "璧山区"].flatMap((d) => sampleEnterprises(d, Math.max(3, Math.ceil(wanted / 400)), random, used));
  pools.chongqing = [...(pools.jiulongpo ?? []).slice(0, 10), ...(pools.yubei ?? []).slice(0, 10), ...others];
  // Planted violations use enterprises of their own, so that they interact with nothing else.
  const dedicated = [...sampleEnterprises("九龙坡区", 10, random, used), ...sampleEnterprises("渝北区", 10, random, used)];
  const plantEnterprise = (jurisdiction: string) => {
    const i = dedicated.findIndex((e) => (jurisdiction === "yubei" ? e.district === "渝北区" : e.district === "九龙坡区"));
    return dedicated.splice(i >= 0 ? i : 0, 1)[0] as SampleEnterprise;
  };

  const windowOf = (entry: CatalogEntry) => {
    const window = provisionWindow(entry);
    const start = Math.max(dayNumber(window.start), dayNumber(SAMPLE_PERIOD.start));
    const end = Math.min(dayNumber(window.end ?? SAMPLE_PERIOD.end), dayNumber(SAMPLE_PERIOD.end));
    return { start, end };
  };
  const computable = [...engine.catalog.byId.values()]
    .filter((entry) => entry.provision.formula.kind !== "notComputable")
    .filter((entry) => {
      const w = windowOf(entry);
      return w.start <= w.end;
    })
    .sort((a, b) => a.provision.id.localeCompare(b.provision.id, "en", { numeric: true }));

  const dateIn = (entry: CatalogEntry) => {
    const w = windowOf(entry);
    return isoOf(Math.floor(between(w.start, w.end + 1)));
  };
  const draft = (entry: CatalogEntry, enterprise: SampleEnterprise, extra: Partial<Draft> = {}): Draft => ({
    entry,
    enterprise,
    date: dateIn(entry),
    ...inputsFor(entry.provision, random),
    ...extra,
  });

  const drafts: Draft[] = [...plants(computable, plantEnterprise, draft, windowOf)];
  const plantCount = drafts.length;
  const target = Math.max(options.rows ?? DEFAULT_SAMPLE_ROWS, plantCount);
  // Every computable provision once (as far as the rows allow), then a mix weighted toward the district documents.
  for (const entry of computable) {
    if (drafts.length >= target) break;
    drafts.push(draft(entry, pick(pools[entry.document.jurisdiction] ?? others)));
  }
  const byJurisdiction = (j: string) => computable.filter((e) => e.document.jurisdiction === j);
  const weights: [string, number][] = [
    ["jiulongpo", 0.34],
    ["yubei", 0.38],
    ["chongqing", 0.28],
  ];
  while (drafts.length < target) {
    let r = random();
    const jurisdiction = weights.find(([, w]) => (r -= w) < 0)?.[0] ?? "chongqing";
    const entry = pick(byJurisdiction(jurisdiction));
    drafts.push(draft(entry, pick(pools[jurisdiction] ?? others)));
  }

  // IDs in date order per jurisdiction and year, as an office numbers its files.
  drafts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const seq = new Map<string, number>();
  const projects = new Map<string, string>();
  for (const d of drafts) {
    const prefix = PREFIX[d.entry.document.jurisdiction] ?? "CQ";
    const year = d.date.slice(0, 4);
    const n = (seq.get(prefix + year) ?? 0) + 1;
    seq.set(prefix + year, n);
    d.applicationId = `${prefix}-${year}-${String(n).padStart(4, "0")}`;
    const tagged = d.projectTag === undefined ? undefined : projects.get(d.projectTag);
    d.projectId = tagged ?? `${prefix}-XM-${year}-${String(n).padStart(4, "0")}`;
    if (d.projectTag !== undefined && !tagged) projects.set(d.projectTag, d.projectId);
  }
  for (const d of drafts) {
    if (!d.duplicateOf?.applicationId) continue;
    if (options.distinctIds) delete d.plant;
    else d.applicationId = d.duplicateOf.applicationId;
  }

  let rows: LedgerRow[] = drafts.map((d) =>
    LedgerRow.parse({
      applicationId: d.applicationId,
      projectId: d.projectId,
      enterprise: d.enterprise.name,
      creditCode: d.plant === "invalid_credit_code" ? corruptCode(d.enterprise.creditCode) : d.enterprise.creditCode,
      district: d.enterprise.district,
      provisionId: d.provisionOverride ?? d.entry.provision.id,
      amount: d.amount,
      facts: d.facts,
      applicationDate: d.date,
      status: "applied",
      approved: null,
      paid: null,
      paidDate: null,
      note: "",
    }),
  );

  // Decide each row's outcome in ledger order, through the evaluator the check uses, so amounts respect the caps.
  const planOf = new Map<LedgerRow, Draft>(rows.map((r, i) => [r, drafts[i] as Draft]));
  const evaluator = new LedgerEvaluator(engine, { trace: false });
  // Where a document states the year's budget, approvals stop at 85% of it, as an office stops when funds run low.
  const budget = new Map<string, number>();
  for (const c of engine.catalog.commitments) budget.set(`${c.jurisdiction}|${c.year}`, (budget.get(`${c.jurisdiction}|${c.year}`) ?? 0) + Math.round(c.amount * 0.85));
  const decided: LedgerRow[] = [];
  for (const i of ledgerOrder(rows)) {
    const row = rows[i] as LedgerRow;
    const plan = planOf.get(row) as Draft;
    let outcome = decide(row, plan, evaluator, random);
    const key = `${plan.entry.document.jurisdiction}|${row.applicationDate.slice(0, 4)}`;
    const left = budget.get(key);
    if (left !== undefined && outcome.approved !== null && !plan.plant && !plan.status) {
      const fen = Math.round(outcome.approved * 100);
      if (fen > left) outcome = { ...row, status: "rejected", note: "年度专项资金已用完 / the year's funds are used up" };
      else budget.set(key, left - fen);
    }
    decided.push(outcome);
    evaluator.next(outcome, decided.length - 1);
  }
  rows = decided;

  const planted: PlantedViolation[] = [];
  for (const d of drafts) if (d.plant) planted.push({ applicationId: d.applicationId ?? "", code: d.plant, note: PLANT_NOTE[d.plant] });
  planted.sort((a, b) => (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0));
  const commitments = sampleCommitments(engine, rows, random);
  // Drawn last, so that adding them changed none of the figures drawn before.
  const approvedOn = approvalDays(rows, random);
  rows = rows.map((row, i) => {
    const day = approvedOn[i];
    return day ? { ...row, approvalDate: day } : row;
  });
  return { rows, commitments, planted, approvedOn };
}

const PLANT_NOTE: Record<ViolationCode, Text> = {
  approved_above_ceiling: { zh: "核定金额高于条款最高额", en: "approved above the provision's ceiling" },
  approved_below_floor: { zh: "核定金额低于原文区间下限", en: "approved below the range the text sets" },
  paid_above_approved: { zh: "拨付多于核定", en: "paid more than approved" },
  cap_exceeded: { zh: "同一企业同年两笔合计超过年度上限", en: "two awards to one enterprise in one year exceed the annual cap" },
  not_in_force: { zh: "申请日早于文件施行日", en: "applied before the document came into force" },
  duplicate_id: { zh: "两行使用同一申请编号", en: "two rows share one application ID" },
  stacking: { zh: "同一项目申请同类条款两项", en: "one project under two provisions of one kind" },
  invalid_credit_code: { zh: "信用代码校验位错误", en: "credit code with a wrong check character" },
  unknown_provision: { zh: "条款编号不存在", en: "a provision ID that does not exist" },
  invalid_input: { zh: "车型数量不是整数", en: "a model count that is not whole" },
  status_inconsistent: { zh: "已拨付但未填拨付日期", en: "paid without a paid date" },
};

const REJECTION_NOTES = [
  "申报材料不全，逾期未补正 / documents incomplete and not supplied in time",
  "不符合主导产业方向 / not in the leading industries",
  "专家评审未通过 / not passed by the expert review",
  "项目未完成验收 / the project has not passed acceptance",
];
const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)] as T;

function corruptCode(code: string): string {
  const last = code[17] ?? "0";
  return code.slice(0, 17) + (last === "0" ? "1" : "0");
}

/** Inputs that make a provision's formula yield a plausible award: base = target award ÷ rate, above thresholds. */
function inputsFor(provision: Provision, random: () => number): { amount: number | null; facts: Partial<Record<FactName, number>> } {
  const p = parametersOf(provision.formula);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const roundTo = (yuan: number, step: number) => Math.max(step, Math.round(yuan / step) * step);
  const capFen = p.caps.length > 0 ? Math.min(...p.caps.map((c) => c.limit)) : null;
  const targetFen = capFen !== null ? capFen * between(0.08, 0.75) : between(200_000, 5_000_000) * 100;
  const facts: Partial<Record<FactName, number>> = {};
  let amount: number | null = null;
  if (provision.amount) {
    if (provision.amount.unit === "count") amount = 1 + Math.floor(random() * 4);
    else {
      const rate = p.rates.find((r) => r.of === "amount")?.rate ?? 10_000;
      amount = roundTo(targetFen / 100 / (rate / 10_000), 1000);
      const threshold = p.thresholds.find((t) => t.on === "amount");
      if (threshold && amount * 100 <= threshold.valueFen) amount = roundTo((threshold.valueFen / 100) * between(1.1, 4), 1000);
    }
  }
  for (const { name } of provision.facts) {
    const threshold = p.thresholds.find((t) => t.on === name);
    if (threshold) facts[name] = roundTo((threshold.valueFen / 100) * between(1.05, 5), 10_000);
    else if (name === "insuredValue" && amount !== null) facts[name] = roundTo(amount / between(0.015, 0.05), 10_000);
    else if (name === "rndGrowth" && amount !== null) {
      if (random() < 0.45) facts[name] = roundTo(amount * between(0.05, 0.3), 1000);
    } else if (random() < 0.5) facts[name] = roundTo(targetFen / 100, 10_000);
  }
  return { amount, facts };
}

type DraftFn = (entry: CatalogEntry, enterprise: SampleEnterprise, extra?: Partial<Draft>) => Draft;

/** The planted violations: each on rows of its own enterprise, so that it causes exactly its own violation. */
function plants(computable: CatalogEntry[], enterpriseFor: (j: string) => SampleEnterprise, draft: DraftFn, windowOf: (e: CatalogEntry) => { start: number; end: number }): Draft[] {
  const out: Draft[] = [];
  const params = (e: CatalogEntry) => parametersOf(e.provision.formula);
  const noSpanningCap = (e: CatalogEntry) => params(e).caps.every((c) => !spansApplications(c.scope));
  const plainFixed = computable.filter((e) => e.provision.formula.kind === "fixed" && !(e.provision.formula as { exact: boolean }).exact && noSpanningCap(e));
  const range = computable.find((e) => e.provision.formula.kind === "range");
  const fixedFor = (n: number) => plainFixed[n % Math.max(1, plainFixed.length)];

  const add = (entry: CatalogEntry | undefined, code: ViolationCode, extra: Partial<Draft> = {}) => {
    if (!entry) return undefined;
    const d = draft(entry, enterpriseFor(entry.document.jurisdiction), { plant: code, ...extra });
    out.push(d);
    return d;
  };
  add(fixedFor(0), "approved_above_ceiling");
  add(range, "approved_below_floor");
  add(fixedFor(1), "paid_above_approved");
  add(fixedFor(2), "status_inconsistent");
  add(fixedFor(3), "invalid_credit_code");
  const first = fixedFor(4);
  if (first) {
    const original = draft(first, enterpriseFor(first.document.jurisdiction), { status: "approved" });
    out.push(original);
    add(fixedFor(5), "duplicate_id", { duplicateOf: original, date: isoOf(dayNumber(original.date) + 20) });
  }

  // Two awards in one year under an annual per-enterprise cap: each within its own ceiling, together above the cap.
  const annual = computable.find((e) => {
    const p = params(e);
    return p.caps.length === 1 && p.caps[0]?.scope === "enterpriseYear" && p.rates.length === 1 && p.rates[0]?.of === "amount" && p.thresholds.length === 0 && e.provision.facts.length === 0;
  });
  if (annual) {
    const cap = params(annual).caps[0]?.limit ?? 0;
    const rate = params(annual).rates[0]?.rate ?? 10_000;
    const enterprise = enterpriseFor(annual.document.jurisdiction);
    const w = windowOf(annual);
    const year = new Date(w.end * DAY).getUTCFullYear();
    const yearStart = Math.max(w.start, dayNumber(`${year}-01-01`));
    const base = (fen: number) => Math.round(fen / 100 / (rate / 10_000));
    out.push(draft(annual, enterprise, { amount: base(cap * 0.8), facts: {}, date: isoOf(yearStart + 10), status: "paid", full: true }));
    out.push(draft(annual, enterprise, { amount: base(cap * 0.5), facts: {}, date: isoOf(yearStart + 40), plant: "cap_exceeded" }));
  }

  // Stacking: one project under two provisions of one sameKind group (amount-based, no facts needed).
  for (const document of new Set(computable.map((e) => e.document))) {
    // 就高 only: the second claim below is made the smaller so that the first stands.
    if (document.stacking?.principle !== "higher") continue;
    const kinds = document.stacking.sameKind;
    const members = kinds
      .map((k) => k.provisions.map((id) => computable.find((e) => e.provision.id === id)).filter((e): e is CatalogEntry => !!e && e.provision.facts.length === 0 && e.provision.amount?.unit === "yuan"))
      .find((list) => list.length >= 2);
    if (!members) continue;
    const enterprise = enterpriseFor(document.jurisdiction);
    const [a, b] = members as [CatalogEntry, CatalogEntry];
    const da = draft(a, enterprise, { projectTag: "stacking", status: "paid", full: true });
    out.push(da);
    // The second claim is the smaller, so the first stands (就高) and the second is the one to withdraw.
    const rateOf = (e: CatalogEntry) => params(e).rates.find((r) => r.of === "amount")?.rate ?? 10_000;
    const awardA = ((da.amount ?? 0) * rateOf(a)) / 10_000;
    const amountB = Math.round((awardA * 0.4) / (rateOf(b) / 10_000) / 1000) * 1000;
    out.push(draft(b, enterprise, { projectTag: "stacking", amount: amountB, date: isoOf(dayNumber(da.date) + 15), plant: "stacking" }));
    break;
  }

  // Not yet in force: a district document that took effect inside the sample period, applied to before.
  const late = computable.find((e) => e.document.inForce.start > SAMPLE_PERIOD.start && noSpanningCap(e) && e.provision.formula.kind === "fixed");
  if (late) add(late, "not_in_force", { date: isoOf(dayNumber(late.document.inForce.start) - 120) });

  const anyFixed = fixedFor(6);
  if (anyFixed) add(anyFixed, "unknown_provision", { provisionOverride: `${anyFixed.document.key}-99` });
  const counted = computable.find((e) => e.provision.amount?.unit === "count" && e.provision.facts.length === 0);
  if (counted) add(counted, "invalid_input", { amount: 2.5, facts: {} });
  return out;
}

/** A decided row: status by how long ago it was filed, an approved amount within the ceiling after earlier rows. */
function decide(row: LedgerRow, plan: Draft, evaluator: LedgerEvaluator, random: () => number): LedgerRow {
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const age = dayNumber(SAMPLE_PERIOD.end) - dayNumber(row.applicationDate);
  const r = random();
  let status: LedgerRow["status"] =
    age > 240
      ? r < 0.62 ? "paid" : r < 0.8 ? "approved" : r < 0.93 ? "rejected" : r < 0.97 ? "withdrawn" : "applied"
      : age > 90
        ? r < 0.3 ? "paid" : r < 0.65 ? "approved" : r < 0.85 ? "applied" : r < 0.95 ? "rejected" : "withdrawn"
        : r < 0.6 ? "applied" : r < 0.85 ? "approved" : r < 0.95 ? "rejected" : "withdrawn";
  const plant = plan.plant;
  if (plant === "not_in_force" || plant === "unknown_provision" || plant === "invalid_input") return { ...row, status: "applied" };
  if (plant === "approved_above_ceiling" || plant === "approved_below_floor" || plant === "paid_above_approved" || plant === "status_inconsistent" || plant === "cap_exceeded" || plant === "stacking") status = "paid";
  if (plant === "duplicate_id" || plant === "invalid_credit_code") status = "approved";
  if (plan.status) status = plan.status;
  if (status === "rejected") return { ...row, status, note: pick(REJECTION_NOTES, random) };
  if (status === "withdrawn") return { ...row, status, note: "企业主动撤回 / withdrawn by the enterprise" };
  if (status === "applied") return { ...row, status };

  const { evaluation } = evaluator.ceilingOf(row);
  if (!evaluation.ok) return { ...row, status: "rejected", note: pick(REJECTION_NOTES, random) };
  const ceiling = evaluation.ceilingFen;
  const floor = evaluation.floorFen;
  let approvedFen: number;
  if (plant === "cap_exceeded") {
    // Within this row's own ceiling, above what the first award left of the cap.
    approvedFen = ceiling === null ? 0 : ceiling;
    const limit = evaluator.engine.evaluate(row.provisionId, row.amount, row.facts, { date: row.applicationDate, trace: false });
    approvedFen = limit.ok && limit.ceilingFen !== null ? limit.ceilingFen : approvedFen;
  } else if (ceiling === 0) return { ...row, status: "rejected", note: "未达到条款门槛或上限已用完 / below the threshold or the cap is used up" };
  else if (ceiling === null) approvedFen = Math.round(((floor ?? 0) * between(1, 2)) / 1_000_000) * 1_000_000;
  else if ((floor !== null && floor === ceiling) || plan.full) approvedFen = ceiling;
  else {
    const entry = evaluator.engine.catalog.byId.get(row.provisionId);
    const factor = entry?.provision.discretionary ? between(0.55, 1) : between(0.85, 1);
    const step = ceiling >= 100_000_000 ? 100_000 : 10_000;
    approvedFen = Math.min(ceiling, Math.max(floor ?? 0, Math.floor((ceiling * factor) / step) * step));
  }
  if (plant === "approved_above_ceiling") approvedFen = (ceiling ?? 0) + 5_000_000;
  if (plant === "approved_below_floor") approvedFen = Math.max(0, (floor ?? 0) - 2_000_000);
  const approved = approvedFen / 100;

  const paidDay = dayNumber(row.applicationDate) + Math.floor(between(30, 150));
  if (status === "paid" && paidDay > dayNumber(SAMPLE_PERIOD.end) && !plant) status = "approved";
  if (status === "paid") {
    const paid = plant === "paid_above_approved" ? approved + 20_000 : approved;
    return { ...row, status, approved, paid, paidDate: plant === "status_inconsistent" ? null : isoOf(Math.min(paidDay, dayNumber(SAMPLE_PERIOD.end))) };
  }
  if (random() < 0.25 && paidDay <= dayNumber(SAMPLE_PERIOD.end)) {
    const paid = (Math.floor((approvedFen * between(0.3, 0.7)) / 10_000) * 10_000) / 100;
    return { ...row, status, approved, paid, paidDate: isoOf(paidDay) };
  }
  return { ...row, status, approved };
}

/** Each approved or paid row's approval day: 5 to 60 days after it was filed, clipped as SampleLedger.approvedOn says. */
function approvalDays(rows: readonly LedgerRow[], random: () => number, today = todayInShanghai()): (string | null)[] {
  return rows.map((row) => {
    if (row.status !== "approved" && row.status !== "paid") return null;
    const filed = dayNumber(row.applicationDate);
    const latest = Math.min(filed + 60, dayNumber(`${row.applicationDate.slice(0, 4)}-12-31`), dayNumber(today), row.paidDate === null ? Infinity : dayNumber(row.paidDate));
    const earliest = Math.min(filed + 5, latest);
    // A day from the generator even when the range is one day, so one row's clipping does not shift the others'.
    const r = random();
    return isoOf(Math.max(filed, earliest + Math.floor(r * (latest - earliest + 1))));
  });
}

/**
 * Sample commitments for each jurisdiction and year with approved awards and no commitment in the documents,
 * sized so that utilization (approved ÷ committed) falls between 50% and 90%, rounded up to 100万元.
 */
function sampleCommitments(engine: Engine, rows: readonly LedgerRow[], random: () => number): Commitment[] {
  const approved = new Map<string, number>();
  for (const row of rows) {
    if ((row.status !== "approved" && row.status !== "paid") || row.approved === null) continue;
    const entry = engine.catalog.byId.get(row.provisionId);
    if (!entry) continue;
    const key = `${entry.document.jurisdiction}|${row.applicationDate.slice(0, 4)}`;
    approved.set(key, (approved.get(key) ?? 0) + Math.round(row.approved * 100));
  }
  const out: Commitment[] = [];
  for (const [key, fen] of [...approved].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [jurisdiction, yearText] = key.split("|") as [Commitment["jurisdiction"], string];
    const year = Number(yearText);
    if (engine.catalog.commitments.some((c) => c.jurisdiction === jurisdiction && c.year === year)) continue;
    const utilization = 0.5 + random() * 0.4;
    const amount = Math.ceil(fen / utilization / 100_000_000) * 100_000_000;
    out.push({
      jurisdiction,
      year,
      amount,
      kind: "ceiling",
      atLeast: false,
      sample: true,
      source: { kind: "entered", enteredBy: "sample", enteredAt: "2026-01-05T09:00:00+08:00" },
      note: { zh: "示例数据：文件未规定该年度预算，仅供演示", en: "sample data: the documents state no budget for this year; for demonstration only" },
    });
  }
  return out;
}
