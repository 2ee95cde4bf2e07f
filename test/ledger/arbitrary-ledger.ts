// Random ledgers that exercise every cross-row rule: few enterprises, projects, IDs and provisions, so that caps
// fill, duplicates and stacking occur, with inputs the engine refuses. The reference test and the service's stored
// evaluation test draw from it.
import fc from "fast-check";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { code, row } from "./helpers.ts";

const engine = defaultEngine();

// Provisions with caps across rows of every scope — enterpriseYear (jiulongpo-3, -5, yubei-9), a group shared by two
// provisions (jiulongpo-12b/12c, counts), two enterprise caps on one path (jiulongpo-6), project with enterpriseYear
// (jiulongpo-11), projectCumulative (jiulongpo-15), productYear (chongqing2023-11), an enterprise cap shared by a
// stacking group (yubei-6/6b/6c) — stacking groups under 就高 (jiulongpo-1/3/14; yubei-2/2b/5/4b), a range with a
// floor (chongqing2023-3) in two groups across documents under 就新 (with chongqing2026-6b, a document in force from
// 2026, and with 6c), a provision window narrower than its document's (yubei-3), no amount in the text (jiulongpo-4), an
// unknown provision; inputs the engine refuses or rounds; few enterprises, projects and IDs, so that caps fill,
// duplicates and stacking occur; rows under the sample notice (jiulongpo-5's 8% and 1500万 year cap drawn on with
// rows under the document's figures), under a notice of another document, and an unknown one; provisions that read
// facts through the batch path's fact kernel (chongqing2023-2: a threshold on the year's purchases, purchases either
// side of its 1亿) as well as the sequence path (jiulongpo-5, -6: a branch on funds received).
const IDS = [
  "jiulongpo-1", "jiulongpo-3", "jiulongpo-14", "jiulongpo-5", "jiulongpo-6", "jiulongpo-11", "jiulongpo-12b", "jiulongpo-12c", "jiulongpo-15", "jiulongpo-16",
  "jiulongpo-4", "yubei-2", "yubei-2b", "yubei-5", "yubei-4b", "yubei-6", "yubei-6b", "yubei-6c", "yubei-9", "chongqing2023-3", "chongqing2023-11", "chongqing2026-6b", "chongqing2026-6c", "yubei-3", "chongqing2023-2", "no-such-provision",
];
const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 300_000_000 }), weight: 12 },
  { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 3 },
  { arbitrary: fc.constantFrom(null, -5, Number.NaN), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 300_000_000 }).map((n) => n + 0.005), weight: 1 },
);
const award = fc.oneof(fc.integer({ min: 0, max: 30_000_000 }), fc.constantFrom(500_000, 1_000_000, 2_000_000, 10_000_000, 20_000_000), fc.integer({ min: 0, max: 3_000_000_000 }).map((f) => f / 100));
const day = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 900 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)), weight: 12 },
  { arbitrary: fc.constantFrom("2026-02-30", "2026-03-01"), weight: 1 },
);
const arbRow = fc.record({
  /** Which of the ledger's few provisions. */
  id: fc.nat(),
  enterprise: fc.integer({ min: 1, max: 3 }),
  badCode: fc.integer({ min: 0, max: 30 }),
  project: fc.integer({ min: 1, max: 3 }),
  applicationId: fc.integer({ min: 1, max: 25 }),
  day,
  amount,
  /** Facts of every kind; a row keeps those of its provision, or (one in ten) all, which the engine refuses. */
  facts: fc.record({ centralFunds: fc.integer({ min: 0, max: 9_000_000 }), municipalFunds: fc.integer({ min: 0, max: 9_000_000 }), rndGrowth: fc.oneof(fc.integer({ min: 0, max: 90_000_000 }), fc.constant(-1)), insuredValue: fc.integer({ min: 0, max: 900_000_000 }), annualPurchases: fc.oneof(fc.integer({ min: 0, max: 300_000_000 }), fc.constantFrom(99_999_999.99, 100_000_000, 100_000_000.01)) }, { requiredKeys: [] }),
  foreignFacts: fc.integer({ min: 0, max: 9 }),
  status: fc.constantFrom("applied", "applied", "approved", "approved", "paid", "rejected", "withdrawn"),
  approved: fc.option(award, { nil: null, freq: 8 }),
  /** Percent of the row's own ceiling (the engine's, no earlier rows) to approve instead, so that caps fill up. */
  share: fc.option(fc.integer({ min: 30, max: 100 }), { nil: null, freq: 1 }),
  paid: fc.option(award, { nil: null, freq: 3 }),
  paidDay: fc.option(day, { nil: null, freq: 3 }),
  /** 申报批次: mostly none, else the sample notice (jiulongpo's; another document's rows refuse it) or an unknown one. */
  notice: fc.constantFrom(undefined, undefined, undefined, undefined, null, "jiulongpo-2026-1-sample", "jiulongpo-2026-1-sample", "nope"),
});
// A ledger uses a few provisions (so that rows meet on the same caps), within one year or across three.
export const arbLedger = fc.tuple(fc.shuffledSubarray(IDS, { minLength: 1, maxLength: 4 }), fc.array(arbRow, { minLength: 1, maxLength: 24 }), fc.boolean()).map(([ids, specs, oneYear]) =>
  specs.map((spec): LedgerRow => {
    const id = ids[spec.id % ids.length] as string;
    const own = new Set<string>(engine.lookup(id)?.compiled.facts ?? []);
    const facts = spec.foreignFacts === 0 ? spec.facts : Object.fromEntries(Object.entries(spec.facts).filter(([name]) => own.has(name)));
    const s = { ...spec, id, facts, day: oneYear && spec.day.startsWith("202") ? `2026${spec.day.slice(4)}` : spec.day };
    const decided = s.status === "approved" || s.status === "paid";
    const creditCode = s.badCode === 0 ? code(s.enterprise).slice(0, 17) + "0" : code(s.enterprise);
    const alone = s.share === null ? null : engine.evaluate(s.id, s.amount, s.facts, { date: s.day, trace: false });
    const approved = alone?.ok && alone.ceilingFen !== null ? Math.floor((alone.ceilingFen * (s.share as number)) / 100) / 100 : s.approved;
    // Built past the schema on purpose: both must word every bad input as Engine.evaluate does.
    return {
      ...row({ applicationId: `A${s.applicationId}`, projectId: `P${s.project}`, creditCode }),
      provisionId: s.id,
      amount: s.amount,
      facts: s.facts,
      applicationDate: s.day,
      status: s.status,
      approved: decided || s.badCode < 3 ? approved : null,
      paid: s.status === "paid" ? (s.paid ?? approved) : s.badCode < 3 ? s.paid : null,
      paidDate: s.status === "paid" || s.badCode < 3 ? s.paidDay : null,
      ...(s.notice === undefined ? {} : { notice: s.notice }),
    } as LedgerRow;
  }),
);

