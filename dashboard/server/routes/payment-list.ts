// GET /api/payment-list: the payment list (拨付清单) for the treasury at a cut-off day, as CSV, .xlsx or JSON. Read
// scoped as every read is: a token of one office gets its office's list (another office asked: 403 `jurisdiction`).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { Jurisdiction } from "../../../shared/catalog/schema.ts";
import { tableToCsv } from "../../../shared/ledger/csv.ts";
import { paymentListTable, paymentListTotalRow, paymentListTotals } from "../../../shared/ledger/payment-list.ts";
import { IsoDay } from "../../../shared/ledger/row.ts";
import { tablesToXlsx } from "../../../shared/ledger/xlsx.ts";
import { amountInCapitals } from "../../../shared/money/capitals.ts";
import { yuanFromFen } from "../../../shared/money/fen.ts";
import { readScope, scopedJurisdiction } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { paymentListOf } from "../ledger/payment-list.ts";

const NAME = { zh: "拨付清单", en: "payment-list" };

export function paymentListRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/payment-list",
    {
      schema: {
        tags: ["payments"],
        summary: "The payment list (拨付清单) at a cut-off day: every approved award not fully paid, with what is to pay in figures and in Chinese capitals",
        description:
          "Awards with status approved (or paid in part) approved on or before `cutoff` — the day of the row's last " +
          "`approved` decision, or its application date where it has none (`dateBasis` and the 日期类别 column say " +
          "which) — approved above what is paid. CSV is formula-safe and has no " +
          "total row (one award a line, for the treasury's import); .xlsx has Chinese headers (lang=zh) and a bold " +
          "total row; JSON has the entries and the totals (amounts in yuan).",
        querystring: z.strictObject({
          jurisdiction: Jurisdiction.optional(),
          cutoff: IsoDay,
          format: z.enum(["csv", "xlsx", "json"]).default("csv"),
          lang: z.enum(["zh", "en"]).default("zh"),
        }),
      },
      config: { access: "read" },
    },
    async (request, reply) => {
      const { cutoff, format, lang } = request.query;
      const jurisdiction = scopedJurisdiction(readScope(request.token, ctx.config), request.query.jurisdiction) ?? null;
      const entries = await paymentListOf(ctx.db.k, ctx.engine, { jurisdiction, cutoff });
      const totals = paymentListTotals(entries);
      if (format === "json") {
        const yuan = yuanFromFen;
        return {
          jurisdiction,
          cutoff,
          entries: entries.map(({ approvedFen, paidFen, toPayFen, ...e }) => ({ ...e, approved: yuan(approvedFen), paid: yuan(paidFen), toPay: yuan(toPayFen), toPayInCapitals: amountInCapitals(toPayFen) })),
          totals: { count: totals.count, approved: yuan(totals.approvedFen), paid: yuan(totals.paidFen), toPay: yuan(totals.toPayFen), toPayInCapitals: amountInCapitals(totals.toPayFen) },
        };
      }
      const table = paymentListTable(entries, lang);
      const stem = `${NAME[lang]}-${jurisdiction ?? "all"}-${cutoff}`;
      void reply.header("Content-Disposition", `attachment; filename="${NAME.en}-${jurisdiction ?? "all"}-${cutoff}.${format}"; filename*=UTF-8''${encodeURIComponent(`${stem}.${format}`)}`);
      if (format === "csv") return reply.type("text/csv; charset=utf-8").send(tableToCsv(table));
      const bytes = await tablesToXlsx([{ name: NAME[lang], table, totalRow: paymentListTotalRow(totals, lang) }]);
      return reply.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(Buffer.from(bytes));
    },
  );
}
