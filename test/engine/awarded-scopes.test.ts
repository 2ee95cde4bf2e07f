// Awarded by cap scope, one meaning everywhere (issue 13): for every provision with a cap across applications (and
// so every provision with more than one cap), the engine, the CLI's `--awarded` parse, the API's /api/evaluate, the
// add-in's REMAINING and the ledger agree on the ceiling after earlier rows, and on the cap and headroom by scope.
import Fastify from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headroom } from "../../addin/functions/lookup.ts";
import { awardedArg } from "../../cli/commands/eval.ts";
import { collectAwarded, type AwardedArgs } from "../../cli/inputs.ts";
import type { ServiceContext } from "../../dashboard/server/context.ts";
import { errorHandler } from "../../dashboard/server/errors.ts";
import { evaluateRoutes } from "../../dashboard/server/routes/evaluate.ts";
import { accountPeriod, spansApplications, type CapScope } from "../../shared/catalog/cap-scopes.ts";
import type { FactName } from "../../shared/catalog/schema.ts";
import type { AwardedByScope } from "../../shared/engine/awarded.ts";
import { capInScope, headroomInScope } from "../../shared/engine/caps-by-scope.ts";
import type { CapUse, TraceStep } from "../../shared/engine/types.ts";
import { evaluateLedger } from "../../shared/ledger/evaluate.ts";
import type { LedgerRow } from "../../shared/ledger/row.ts";
import { defaultEngine } from "../../shared/node.ts";
import { row } from "../ledger/helpers.ts";

const engine = defaultEngine();
const TARGET_DAY = "2026-09-30";
const EARLIER_DAYS = ["2025-06-01", "2025-12-15", "2026-03-01", "2026-06-30"];
const withSpanningCaps = [...engine.catalog.byId.values()]
  .filter(({ provision, document }) => {
    const compiled = engine.lookup(provision.id)?.compiled;
    return compiled?.computable && compiled.caps.some((cap) => spansApplications(cap.scope)) && document.inForce.start <= TARGET_DAY && (document.inForce.end ?? "9999") >= TARGET_DAY;
  })
  .map(({ provision }) => provision.id);
const multiCap = withSpanningCaps.filter((id) => (engine.lookup(id)?.compiled.caps.length ?? 0) > 1);

const yuan = fc.integer({ min: 0, max: 400_000_000 });
const application = fc.record({
  sameProject: fc.boolean(),
  day: fc.constantFrom(...EARLIER_DAYS),
  amount: yuan,
  facts: fc.array(fc.option(fc.integer({ min: 1, max: 30_000_000 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
  approved: fc.integer({ min: 0, max: 30_000_000 }),
});

function factsOf(id: string, values: (number | undefined)[]): Record<string, number> {
  const names = engine.catalog.byId.get(id)?.provision.facts.map((f) => f.name) ?? [];
  return Object.fromEntries(names.flatMap((name: FactName, k) => (values[k] === undefined ? [] : [[name, values[k]]])));
}

const caseArb = fc.record({
  id: fc.oneof({ arbitrary: fc.constantFrom(...multiCap), weight: 3 }, { arbitrary: fc.constantFrom(...withSpanningCaps), weight: 1 }),
  target: application,
  earlier: fc.array(application, { maxLength: 8 }),
});

type Application = { sameProject: boolean; day: string; amount: number; facts: (number | undefined)[]; approved: number };
type Case = { id: string; target: Application; earlier: Application[] };

function ledgerRows(c: Case): { rows: LedgerRow[]; target: LedgerRow } {
  const count = engine.catalog.byId.get(c.id)?.provision.amount?.unit === "count";
  const amountOf = (a: Application) => (engine.catalog.byId.get(c.id)?.provision.amount === undefined ? null : count ? a.amount % 40 : a.amount);
  const rows = c.earlier.map((a, k) =>
    row({
      applicationId: `E-${String(k).padStart(3, "0")}`,
      projectId: a.sameProject ? "P-target" : "P-other",
      provisionId: c.id,
      amount: amountOf(a),
      facts: factsOf(c.id, a.facts),
      applicationDate: a.day,
      status: "approved",
      approved: a.approved,
    }),
  );
  const target = row({ applicationId: "Z-target", projectId: "P-target", provisionId: c.id, amount: amountOf(c.target), facts: factsOf(c.id, c.target.facts), applicationDate: TARGET_DAY });
  return { rows: [...rows, target], target };
}

/**
 * What the enterprise already received in each scope of the caps on the target's path, worked out here from the
 * rows: the approved amounts of earlier rows that drew on the same cap in the same account (project, year).
 */
function awardedByScope(rows: LedgerRow[], target: LedgerRow, path: readonly CapUse[]): AwardedByScope {
  const out: AwardedByScope = {};
  for (const cap of path) {
    if (!spansApplications(cap.scope)) continue;
    let sum = 0;
    for (const r of rows.slice(0, -1)) {
      const e = engine.evaluate(r.provisionId, r.amount, r.facts, { date: r.applicationDate, trace: false });
      if (e.ok && e.caps.some((c) => c.key === cap.key) && accountPeriod(cap.scope, r) === accountPeriod(cap.scope, target)) sum += r.approved ?? 0;
    }
    out[cap.scope] = sum;
  }
  return out;
}

describe("awarded by scope agrees across engine, CLI, API, add-in and ledger", () => {
  const app = Fastify();
  beforeAll(async () => {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    evaluateRoutes(app, { engine } as unknown as ServiceContext);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it("covers the provisions with more than one cap", () => {
    expect(multiCap).toEqual(expect.arrayContaining(["jiulongpo-6", "jiulongpo-11"]));
  });

  it("refuses a figure for a scope no earlier award counts in, naming it, in the engine and the API", async () => {
    expect(engine.evaluate("jiulongpo-11", 1, {}, { date: TARGET_DAY, awarded: { award: 1 } })).toMatchObject({ ok: false, error: { code: "invalid_input", field: "awarded.award" } });
    const reply = await app.inject({ method: "POST", url: "/api/evaluate", payload: { rows: [{ provisionId: "jiulongpo-11", amount: 1, awarded: { bogus: 1 } }] } });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: { field: "rows.0.awarded.bogus" } });
  });

  it("gives the ledger's ceiling, cap and headroom for the figures by scope earlier rows add up to", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const { rows, target } = ledgerRows(c);
        const alone = engine.evaluate(c.id, target.amount, target.facts, { date: TARGET_DAY });
        if (!alone.ok) return; // a required input missing: nothing to compare
        const byScope = awardedByScope(rows, target, alone.caps);
        const scopes = Object.keys(byScope) as CapScope[];
        expect(new Set(alone.caps.filter((cap) => spansApplications(cap.scope)).map((cap) => cap.scope)).size, "one cap per scope on a path").toBe(scopes.length);

        const ledger = evaluateLedger(engine, rows).rowAt(rows.length - 1);
        const single = engine.evaluate(c.id, target.amount, target.facts, { date: TARGET_DAY, awarded: byScope });
        expect(single.ok && single.ceilingFen).toBe(ledger.ceilingFen);

        // The CLI: --awarded scope=value, repeated (and a bare figure where it covers every scope on the path).
        const args = scopes.reduce<AwardedArgs>((acc, scope) => collectAwarded(`${scope}=${byScope[scope]}`, acc), { byScope: {} });
        const cli = engine.evaluate(c.id, target.amount, target.facts, { date: TARGET_DAY, awarded: awardedArg(engine, c.id, args) });
        expect(cli.ok && cli.ceilingFen).toBe(ledger.ceilingFen);
        const bareScopes = engine.lookup(c.id)!.compiled.bareScopes;
        const figures = new Set(scopes.map((s) => byScope[s]));
        if (scopes.every((s) => bareScopes.includes(s)) && figures.size === 1) {
          const bare = engine.evaluate(c.id, target.amount, target.facts, { date: TARGET_DAY, awarded: awardedArg(engine, c.id, collectAwarded(String([...figures][0]))) });
          expect(bare.ok && bare.ceilingFen).toBe(ledger.ceilingFen);
        }

        // The API.
        const reply = await app.inject({ method: "POST", url: "/api/evaluate", payload: { rows: [{ provisionId: c.id, amount: target.amount, facts: target.facts, date: TARGET_DAY, awarded: byScope }] } });
        expect(reply.statusCode).toBe(200);
        const [api] = reply.json<{ results: { ok: boolean; ceilingFen: number | null }[] }>().results;
        expect(api?.ok && api.ceilingFen).toBe(ledger.ceilingFen);

        // CAP and REMAINING by scope (and branch) against the ledger's own accounts, as its trace states them.
        const entry = engine.catalog.byId.get(c.id)!;
        const compiled = engine.lookup(c.id)!.compiled;
        for (const step of ledger.trace.filter((s): s is Extract<TraceStep, { step: "cap" }> => s.step === "cap" && spansApplications(s.scope))) {
          expect(step.awardedFen, `what the ledger counts ${step.scope}`).toBe((byScope[step.scope] ?? 0) * 100);
          const cap = alone.caps.find((u) => u.key === step.key)!;
          const query = { scope: step.scope, branch: cap.branch ?? undefined };
          expect(capInScope(c.id, compiled, query)).toMatchObject({ ok: true, fen: step.limitFen });
          expect(headroomInScope(c.id, compiled, step.awardedFen, query)).toMatchObject({ ok: true, fen: step.headroomFen });
          expect(headroom(engine, entry, [[step.awardedFen / 100]], step.scope, cap.branch, "en")).toEqual([[step.headroomFen / 100]]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
