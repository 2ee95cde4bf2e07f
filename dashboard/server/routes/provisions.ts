// GET /api/provisions and /api/provisions/:id: the catalog as the dashboard and the add-in show it.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CatalogEntry } from "../../../shared/catalog/catalog.ts";
import { parametersOf } from "../../../shared/engine/describe.ts";
import { overridesFor } from "../../../shared/engine/notices.ts";
import { formulaParameters } from "../../../shared/engine/parameters.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError } from "../errors.ts";

function summaryOf({ provision, document }: CatalogEntry) {
  return {
    id: provision.id,
    document: document.key,
    jurisdiction: document.jurisdiction,
    documentTitle: document.title,
    documentNumber: document.number,
    clause: provision.clause,
    title: provision.title,
    amount: provision.amount ?? null,
    facts: provision.facts,
    beneficiary: provision.beneficiary,
    discretionary: provision.discretionary,
    inForce: { start: document.inForce.start, end: document.inForce.end },
  };
}

export function provisionRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/provisions",
    {
      schema: {
        tags: ["catalog"],
        summary: "Every provision of every document",
        querystring: z.strictObject({ document: z.string().max(40).optional(), jurisdiction: z.string().max(40).optional() }),
      },
      config: { access: "read" },
    },
    async (request) => {
      const { document, jurisdiction } = request.query;
      const provisions = [...ctx.engine.catalog.byId.values()]
        .filter((e) => (document === undefined || e.document.key === document) && (jurisdiction === undefined || e.document.jurisdiction === jurisdiction))
        .map(summaryOf);
      return { provisions };
    },
  );
  api.get(
    "/api/provisions/:id",
    {
      schema: {
        tags: ["catalog"],
        summary: "One provision with its citation, formula and parameters",
        params: z.strictObject({ id: z.string().min(1).max(40) }),
      },
      config: { access: "read" },
    },
    async (request) => {
      const entry = ctx.engine.catalog.byId.get(request.params.id.trim().toLowerCase());
      if (!entry) {
        throw new ApiError(404, "unknown_provision", { zh: `没有条款 ${request.params.id}`, en: `no provision ${request.params.id}` }, "id");
      }
      const { provision, document } = entry;
      return {
        ...summaryOf(entry),
        citation: provision.citation,
        conditions: provision.conditions ?? null,
        notes: provision.notes ?? null,
        formula: provision.formula,
        parameters: parametersOf(provision.formula),
        /** Every figure by its path (shared/engine/parameters.ts). */
        paths: formulaParameters(provision.id, provision.formula).map(({ at: _at, ...p }) => p),
        /** The document's application notices, with the figures each sets for this provision beside the document's. */
        notices: ctx.engine.catalog.notices
          .filter((n) => n.document === document.key)
          .map((n) => ({ id: n.id, title: n.title, number: n.number, window: n.window, budget: n.budget, sample: n.sample, overrides: overridesFor(ctx.engine.catalog, n, provision.id), conditions: n.conditions[provision.id] ?? null })),
        source: document.source,
        stacking: document.stacking ?? null,
      };
    },
  );
}
