// Exports of the evaluated ledger and of summaries as CSV or .xlsx. The tables come from shared/ledger, which
// makes every text cell formula-safe; this file only picks rows and sets the download headers.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { PassThrough } from "node:stream";
import { FACT_NAMES } from "../../../shared/catalog/schema.ts";
import { tableToCsv } from "../../../shared/ledger/csv.ts";
import { ledgerTable, summaryTable, type Table } from "../../../shared/ledger/export-table.ts";
import type { EvaluatedRow } from "../../../shared/ledger/evaluate.ts";
import { tablesToXlsx, XlsxSheetWriter } from "../../../shared/ledger/xlsx.ts";
import type { ServiceContext } from "../context.ts";
import { csvLedgerPages } from "../csv-export/pages.ts";
import { ApiError } from "../errors.ts";
import { FAST_COMPRESSION } from "../http/compression.ts";
import { ledgerState } from "../ledger/ledger-state.ts";
import { evaluatedRowOf, storedPages, type ShownRecord } from "../ledger/stored-rows.ts";
import { LedgerFilterQuery, scopedFilterOf } from "./ledger.ts";
import { GroupBy, summaryOf } from "./summary.ts";

const ExportOptions = {
  format: z.enum(["csv", "xlsx"]).default("csv"),
  lang: z.enum(["zh", "en"]).default("zh"),
};

const SAMPLE_BANNER = "含示例数据，可用 subsidy data remove-sample 删除 / contains sample data (remove with subsidy data remove-sample)";

type Name = { zh: string; en: string };
const LEDGER_NAME: Name = { zh: "兑现台账", en: "ledger" };
/**
 * Rows per page of a streamed .xlsx. Smaller than storedPages' default: a page lives while the compressor takes it,
 * long enough for the collector to move it to the old generation, whose growth is the export's memory (100k rows
 * read, evaluated and written alone: peak RSS 302 MB in pages of 2,000, 277 MB in pages of 500; the compiled
 * service right after a 100k-row CSV export: 258–270 MB in pages of 500, 177–178 MB in pages of 100, for 5% more
 * CPU; pages of 50 hold no less and cost more).
 */
const XLSX_PAGE = 100;
/**
 * CSV exports of the ledger running at once, at most: each takes up to two export threads (pages.ts) and the CPU
 * they use, so a third reader waits for one of them (429 with Retry-After) rather than slowing every export down.
 */
export const MAX_CSV_EXPORTS = 2;
const EXPORTS_BUSY = {
  zh: `已有 ${MAX_CSV_EXPORTS} 个台账导出正在进行，请稍后重试`,
  en: `${MAX_CSV_EXPORTS} ledger exports are running already; retry shortly`,
};

/** Counted slots: `take()` gives a release to call once, or null when all are taken. */
function slots(size: number): { take: () => (() => void) | null } {
  let taken = 0;
  return {
    take: () => {
      if (taken >= size) return null;
      taken++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        taken--;
      };
    },
  };
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function attachment(reply: FastifyReply, name: Name, lang: "zh" | "en", format: "csv" | "xlsx"): void {
  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `${name[lang]}-${stamp}.${format}`;
  void reply.header("Content-Disposition", `attachment; filename="${name.en}-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

/** A sheet's name: the download's, within Excel's 31 characters. */
const sheetName = (name: Name, lang: "zh" | "en"): string => name[lang].slice(0, 31);

async function send(reply: FastifyReply, format: "csv" | "xlsx", name: Name, lang: "zh" | "en", table: Table, sample: boolean) {
  attachment(reply, name, lang, format);
  if (format === "csv") return reply.type("text/csv; charset=utf-8").send(tableToCsv(table));
  const sheet = { name: sheetName(name, lang), table, ...(sample ? { banner: SAMPLE_BANNER } : {}) };
  const bytes = await tablesToXlsx([sheet]);
  return reply.type(XLSX_TYPE).send(Buffer.from(bytes));
}

export function exportRoutes(app: FastifyInstance, ctx: ServiceContext): void {
  const exportSlots = slots(MAX_CSV_EXPORTS);
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/api/ledger/export",
    {
      schema: {
        tags: ["exports"],
        summary: "The evaluated ledger (ceilings, problems, optional trace) as CSV or .xlsx",
        querystring: z.strictObject({ ...LedgerFilterQuery, ...ExportOptions, trace: z.enum(["true", "false"]).default("false") }),
      },
      compress: FAST_COMPRESSION,
      config: { access: "read" },
    },
    async (request, reply) => {
      const { format, lang, trace, ...filters } = request.query;
      const filter = scopedFilterOf(filters, request.token, ctx.config);
      const withTrace = trace === "true";
      const evaluatedPage = (records: ShownRecord[], first: number): EvaluatedRow[] => records.map((record, i) => evaluatedRowOf(ctx.engine, record, first + i, { trace: withTrace }));
      if (format === "csv") {
        // Streamed page by page (csv-export/pages.ts: on export threads on a SQLite file): memory stays that of a
        // few pages however large the ledger; a client that goes away ends the stream, and with it the reading.
        const slot = exportSlots.take();
        if (!slot) {
          void reply.header("retry-after", "5");
          throw new ApiError(429, "exports_busy", EXPORTS_BUSY, "request");
        }
        const stream = csvLedgerPages({ db: ctx.db, engine: ctx.engine, filter, options: { lang, trace: withTrace } });
        stream.once("close", slot);
        // However the response ends — sent, the client gone, or a HEAD request, whose body fastify never reads — the
        // export ends with it (destroying an ended stream does nothing).
        reply.raw.once("close", () => stream.destroy());
        attachment(reply, LEDGER_NAME, lang, format);
        return reply.type("text/csv; charset=utf-8").send(stream);
      }
      // Streamed the same way, through exceljs's streaming writer: the sheet is committed page by page as the
      // pages are read, and the reading waits for the reader (XlsxSheetWriter). Every fact column is named.
      const { sample } = await ledgerState(ctx.db.k);
      const options = { trace: withTrace, facts: FACT_NAMES };
      const out = new PassThrough();
      const sheet = await XlsxSheetWriter.open(out, sheetName(LEDGER_NAME, lang), ledgerTable([], lang, { rows: [], violations: [] }, options), sample ? SAMPLE_BANNER : undefined);
      const write = async (): Promise<void> => {
        let first = 0;
        for await (const records of storedPages(ctx.db.k, filter, XLSX_PAGE)) {
          // Leaving the loop ends storedPages, and with it the reading.
          if (sheet.closed) return;
          const rows = evaluatedPage(records, first);
          first += rows.length;
          await sheet.write(ledgerTable(rows.map((r) => r.row), lang, { rows, violations: [] }, options).rows);
        }
        await sheet.end();
      };
      // The headers are sent by now: a failure midway can only cut the download short (logged by fastify).
      write().catch((error: unknown) => out.destroy(error as Error));
      attachment(reply, LEDGER_NAME, lang, format);
      return reply.type(XLSX_TYPE).send(out);
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
