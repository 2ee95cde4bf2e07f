// The dashboard's entries for the product's words, built from shared/terms.ts so that a column, a field or a
// status reads as it does in the exports, the CLI and Excel. zh-CN.ts and en.ts spread these; their other texts
// are sentences of their own.
import { BOUND_TERMS, COLUMN_TERMS, STATUS_TERMS, TERMS, termIn, type Term } from "../../../../shared/terms.ts";
import type { Lang } from "../../../../shared/money/format.ts";

const FIELDS = ["applicationId", "projectId", "enterprise", "creditCode", "district", "provisionId", "amount", "applicationDate", "status", "approved", "paid", "paidDate", "note", "notice"] as const;
type Field = (typeof FIELDS)[number];
type Status = keyof typeof STATUS_TERMS;
type Bound = keyof typeof BOUND_TERMS;

/** The term entries, by message id. */
export function termMessages(lang: Lang) {
  const w = (t: Term) => t[lang];
  const y = (t: Term) => termIn(t, lang, "yuan");
  // The bound's words complete "decided by …" in the trace; standing alone under the 决定因素 heading, English starts
  // with a capital.
  const alone = (t: Term) => (lang === "zh" ? t.zh : t.en.charAt(0).toUpperCase() + t.en.slice(1));
  const decidedBy = (t: Term) => (lang === "zh" ? `${TERMS.bound.zh}：${t.zh}` : `${TERMS.bound.en} ${t.en}`);
  return {
    "app.catalogVersion": w(TERMS.catalogVersion),
    ...(Object.fromEntries(Object.entries(STATUS_TERMS).map(([s, t]) => [`status.${s}`, w(t)])) as Record<`status.${Status}`, string>),
    "col.jurisdiction": w(TERMS.jurisdiction),
    "col.year": w(TERMS.year),
    "col.document": w(TERMS.document),
    "col.provision": w(TERMS.provision),
    "col.enterprise": w(COLUMN_TERMS.enterprise),
    "col.district": w(COLUMN_TERMS.district),
    "col.status": w(COLUMN_TERMS.status),
    "col.count": lang === "zh" ? `${TERMS.application.zh}数` : "Applications",
    "col.committed": y(TERMS.commitment),
    "col.approved": y(TERMS.approved),
    "col.paid": y(TERMS.paid),
    "col.utilization": w(TERMS.utilization),
    "col.commitmentLeft": y(TERMS.commitmentLeft),
    "col.paidRatio": w(TERMS.paidRatio),
    "col.bound": w(TERMS.bound),
    "calc.bound": w(TERMS.bound),
    ...(Object.fromEntries(Object.entries(BOUND_TERMS).map(([b, t]) => [`bound.${b}`, alone(t)])) as Record<`bound.${Bound}`, string>),
    "provision.capBoundCol": decidedBy(BOUND_TERMS.cap),
    "provision.headroomBoundCol": decidedBy(BOUND_TERMS.headroom),
    "col.applicationId": w(COLUMN_TERMS.applicationId),
    ...(Object.fromEntries(FIELDS.map((f) => [`field.${f}`, w(COLUMN_TERMS[f])])) as Record<`field.${Field}`, string>),
    "overview.cardRemaining": w(TERMS.commitmentLeft),
    "whatif.counted": lang === "zh" ? `${TERMS.drawn.zh}合计` : `${TERMS.drawn.en} (total)`,
    "ent.col.scope": w(TERMS.capScope),
    "ent.col.cap": y(TERMS.cap),
    "ent.col.drawn": y(TERMS.drawn),
    "ent.col.headroom": y(TERMS.headroom),
    "ent.col.ceiling": y(TERMS.ceiling),
    "ent.col.date": w(COLUMN_TERMS.applicationDate),
  };
}
