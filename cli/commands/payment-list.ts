// `subsidy ledger payment-list`: the payment list (拨付清单) of the service's database at a cut-off day, written as
// .csv or .xlsx (with its total row), as GET /api/payment-list gives it; the totals printed as JSON.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { paymentListOf } from "../../dashboard/server/ledger/payment-list.ts";
import { parseTarget } from "../../dashboard/server/db/target.ts";
import { Jurisdiction } from "../../shared/catalog/schema.ts";
import { tableToCsv } from "../../shared/ledger/csv.ts";
import { paymentListTable, paymentListTotalRow, paymentListTotals } from "../../shared/ledger/payment-list.ts";
import { IsoDay } from "../../shared/ledger/row.ts";
import { tablesToXlsx } from "../../shared/ledger/xlsx.ts";
import { amountInCapitals } from "../../shared/money/capitals.ts";
import { yuanFromFen } from "../../shared/money/fen.ts";
import { defaultEngine } from "../../shared/node.ts";
import { TERMS } from "../../shared/terms.ts";
import { CliError, parseLang, printJson } from "../output.ts";
import { DB_OPTION_HELP, serviceConfig, withServiceDb } from "./db-option.ts";

interface Options {
  db?: string;
  jurisdiction?: string;
  cutoff?: string;
  out?: string;
  lang?: string;
}

export function registerPaymentList(ledger: Command): void {
  ledger
    .command("payment-list")
    .description("拨付清单：截至某日已核定未拨足的补助，含大写金额 / the payment list at a cut-off day: approved awards not fully paid, with the amount in capitals")
    .option("--db <file|url>", DB_OPTION_HELP)
    .option("--jurisdiction <name>", `${TERMS.jurisdiction.zh} / jurisdiction: jiulongpo, yubei, chongqing (default: all)`)
    .requiredOption("--cutoff <YYYY-MM-DD>", "截止日期（核定日期不晚于此日，无核定记录的按申请日期）/ cut-off day (approved on or before it; the application date where no approval is recorded)")
    .option("--out <file>", "写入 .csv 或 .xlsx / write .csv or .xlsx")
    .option("--lang <zh|en>", "表头语言 / header language", "zh")
    .action(async (options: Options) => {
      const lang = parseLang(options.lang);
      const cutoff = IsoDay.safeParse(options.cutoff);
      if (!cutoff.success) throw new CliError("invalid_input", { zh: `--cutoff 应为 YYYY-MM-DD 日期：${options.cutoff}`, en: `--cutoff takes a YYYY-MM-DD day: ${options.cutoff}` }, "cutoff");
      const jurisdiction = options.jurisdiction === undefined ? null : Jurisdiction.safeParse(options.jurisdiction).data;
      if (jurisdiction === undefined) throw new CliError("invalid_input", { zh: `没有${TERMS.jurisdiction.zh} ${options.jurisdiction}`, en: `no jurisdiction ${options.jurisdiction}` }, "jurisdiction");
      const format = options.out === undefined ? null : path.extname(options.out).toLowerCase();
      if (format !== null && format !== ".csv" && format !== ".xlsx") throw new CliError("invalid_input", { zh: `只支持 .csv 或 .xlsx：${options.out}`, en: `only .csv and .xlsx are written: ${options.out}` }, "out");
      const spec = options.db ?? serviceConfig().dbPath;
      const target = parseTarget(spec);
      if (target.kind === "sqlite" && target.file !== ":memory:" && !fs.existsSync(target.file)) {
        throw new CliError("not_found", { zh: `没有数据库文件 ${target.file}`, en: `no database file ${target.file}` }, "db");
      }
      const entries = await withServiceDb(spec, (db) => paymentListOf(db.k, defaultEngine(), { jurisdiction, cutoff: cutoff.data }));
      const totals = paymentListTotals(entries);
      if (options.out !== undefined) {
        const table = paymentListTable(entries, lang);
        const body = format === ".csv" ? tableToCsv(table) : await tablesToXlsx([{ name: lang === "zh" ? "拨付清单" : "Payment list", table, totalRow: paymentListTotalRow(totals, lang) }]);
        fs.writeFileSync(options.out, body);
      }
      printJson({
        jurisdiction,
        cutoff: cutoff.data,
        ...(options.out === undefined ? {} : { out: options.out }),
        count: totals.count,
        approved: yuanFromFen(totals.approvedFen),
        paid: yuanFromFen(totals.paidFen),
        toPay: yuanFromFen(totals.toPayFen),
        toPayInCapitals: amountInCapitals(totals.toPayFen),
      });
    });
}
