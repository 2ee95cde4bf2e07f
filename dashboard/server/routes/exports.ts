// Exports of the evaluated ledger and of summaries as CSV or .xlsx. The tables come from shared/ledger, which
// makes every text cell formula-safe; this file only picks rows and sets the download headers.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { tableToCsv } from "../../../shared/ledger/csv.ts";
import { ledgerTable, summaryTable, type Table } from "../../../shared/ledger/export-table.ts";
import type { EvaluatedRow } from "../../../shared/ledger/evaluate.ts";
import { tablesToXlsx } from "../../../shared/ledger/xlsx.ts";
import type { ServiceContext } from "../context.ts";
import { ledgerState } from "../ledger/ledger-state.ts";
import { evaluatedRowOf, storedPages } from "../ledger/stored-rows.ts";
import { LedgerFilterQuery, scopedFilterOf } from "./ledger.ts";
import { GroupBy, summaryOf } from "./summary.ts";

const ExportOptions = {
  format: z.enum(["csv", "xlsx"]).default("csv"),
  lang: z.enum(["zh", "en"]).default("zh"),
};

const SAMPLE_BANNER = "含示例数据，可用 subsidy data remove-sample 删除 / contains sample data (remove with subsidy data remove-sample)";

async function send(reply: FastifyReply, format: "csv" | "xlsx", name: { zh: string; en: string }, lang: "zh" | "en", table: Table, sample: boolean) {
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${name[lang]}-${stamp}.${format}`;
  void reply.header("Content-Disposition", `attachment; filename="${name.en}-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  if (format === "csv") return reply.type("text/csv; charset=utf-8").send(tableToCsv(table));
  const sheet = { name: name[lang].slice(0, 31), table, ...(sample ? { banner: SAMPLE_BANNER } : {}) };
  const bytes = await tablesToXlsx([sheet]);
  return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(Buffer.from(bytes));
}

export function exportRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/ledger/export",
    {
      schema: {
        tags: ["exports"],
        summary: "The evaluated ledger (ceilings, problems, optional trace) as CSV or .xlsx",
        querystring: z.strictObject({ ...LedgerFilterQuery, ...ExportOptions, trace: z.enum(["true", "false"]).default("false") }),
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const { format, lang, trace, ...filters } = request.query;
      const { sample } = await ledgerState(ctx.db.k);
      const rows: EvaluatedRow[] = [];
      for await (const page of storedPages(ctx.db.k, scopedFilterOf(filters, request.token, ctx.config))) {
        for (const record of page) rows.push(evaluatedRowOf(ctx.engine, record, rows.length, { trace: trace === "true" }));
      }
      const table = ledgerTable(rows.map((r) => r.row), lang, { rows, violations: [] }, { trace: trace === "true" });
      return send(reply, format, { zh: "兑现台账", en: "ledger" }, lang, table, sample);
    },
  );
  api.get(
    "/api/summary/export",
    {
      schema: {
        tags: ["exports"],
        summary: "A summary under any grouping as CSV or .xlsx",
        querystring: z.strictObject({ ...LedgerFilterQuery, ...ExportOptions, by: GroupBy }),
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const { format, lang, by, ...filters } = request.query;
      const { state, rows } = await summaryOf(ctx, by, scopedFilterOf(filters, request.token, ctx.config));
      const { sample } = state;
      return send(reply, format, { zh: "预算执行汇总", en: "summary" }, lang, summaryTable(rows, by, lang), sample);
    },
  );
}
