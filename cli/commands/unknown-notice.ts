// `subsidy eval --notice <id>` naming a notice the CLI does not have: exit 2 saying where it looked (rules/notices/,
// and the ledger database of --db when given), and why a published one it found there was left out.
import { describeTarget } from "../../dashboard/server/db/target.ts";
import type { Admission } from "../../shared/engine/admit-notices.ts";
import type { Engine } from "../../shared/engine/engine.ts";
import { CliError } from "../output.ts";

/** The notice named is in neither place: say where the CLI looked, and why a published one it found was left out. */
export function unknownNotice(engine: Engine, id: string, db: string | undefined, admission: Admission | null): CliError {
  const known = engine.catalog.notices.map((n) => n.id).join(", ") || "—";
  const refused = admission?.refused.find((r) => r.id === id);
  if (refused) {
    const why = (lang: "zh" | "en") => refused.issues.map((i) => `${i.path}: ${i.message[lang]}`).join("; ");
    return new CliError("notice_refused", { zh: `${describeTarget(db ?? "")} 中已发布的申报通知 ${id} 不符合现行规则：${why("zh")}`, en: `the notice ${id} published in ${describeTarget(db ?? "")} does not hold within the rules as they now stand: ${why("en")}` }, "notice");
  }
  const where = db === undefined
    ? { zh: "rules/notices/（未给 --db，未读取台账数据库中已发布的通知）", en: "rules/notices/ (no --db given, so no ledger database's published notices were read)" }
    : { zh: `rules/notices/ 及 ${describeTarget(db)} 中已发布的通知`, en: `rules/notices/ and the notices published in ${describeTarget(db)}` };
  return new CliError("invalid_input", { zh: `没有申报通知 ${id}；已查找 ${where.zh}（可选：${known}）`, en: `no notice ${id}; looked in ${where.en} (one of: ${known})` }, "notice");
}
