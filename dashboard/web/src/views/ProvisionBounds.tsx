// How often each bound decided the ceilings of one provision's ledger rows (engine run in the browser).
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { BOUNDS } from "../../../../shared/engine/types.ts";
import { useRequest } from "../api/useRequest.ts";
import { ChartFrame } from "../components/ChartFrame.tsx";
import { COLORS } from "../components/chart-bits.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { Await, Empty } from "../components/States.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { fileName } from "../lib/download.ts";
import { isCompactNow } from "../lib/useCompact.ts";
import { csvYuan } from "../lib/money.ts";
import { Money } from "../components/Money.tsx";
import type { Filters } from "../lib/route.ts";
import { loadLedger } from "../whatif/ledger-eval.ts";

export default function ProvisionBounds({ id, filters }: { id: string; filters: Filters }) {
  const t = useT();
  const { lang } = useLocale();
  const request = useRequest("ledger-in-browser", () => loadLedger());
  return (
    <Await request={request}>
      {(ledger) => {
        const rows = ledger.evaluation.rows.filter(
          (e) => e.row.provisionId === id && (filters.year === undefined || e.year === filters.year) && (filters.status === undefined || e.row.status === filters.status) && (filters.district === undefined || e.row.district === filters.district),
        );
        if (rows.length === 0) return <Empty />;
        const counts = new Map<string, number>([...BOUNDS, "error"].map((b) => [b, 0]));
        for (const e of rows) counts.set(e.bound ?? "error", (counts.get(e.bound ?? "error") ?? 0) + 1);
        const data = [...counts].filter(([, n]) => n > 0).map(([bound, count]) => ({ bound, name: t(`bound.${bound}` as MessageId), count }));
        // On a phone each bar is labelled by the bound's short name (cut to nine characters, "The formula" read
        // "The form…"); the full name stays in the tooltip and the table.
        const short = new Map(data.map((d) => [d.name, t(`boundShort.${d.bound}` as MessageId)]));
        const title = t("provision.bounds");
        const description = t("provision.boundsDesc", { details: data.map((d) => `${d.name} ${d.count}`).join(lang === "zh" ? "、" : ", ") });
        // Each cap on the path: how many rows it was considered for, and how often it (or the headroom left under it) bound.
        const caps = new Map<string, { key: string; scope: string; limit: number; citation: string; considered: number; cap: number; headroom: number }>();
        for (const e of rows) {
          for (const step of e.trace) {
            if (step.step !== "cap") continue;
            const c = caps.get(step.key) ?? { key: step.key, scope: step.scope, limit: step.limitFen / 100, citation: step.citation, considered: 0, cap: 0, headroom: 0 };
            c.considered++;
            if (step.bound === "cap") c.cap++;
            if (step.bound === "headroom") c.headroom++;
            caps.set(step.key, c);
          }
        }
        const capRows = [...caps.values()];
        return (
          <>
          <ChartFrame
            id="provision-bounds"
            title={title}
            description={description}
            pngName={fileName(["provision", id, "bounds"], "png")}
            table={<DataTable caption={title} columns={[{ key: "name", header: t("col.bound"), value: (d) => d.name }, { key: "count", header: t("col.rows"), value: (d) => d.count, numeric: true }]} rows={data} rowKey={(d) => d.bound} csvName={fileName(["provision", id, "bounds"], "csv")} />}
          >
            <BarChart data={data} layout="vertical" responsive style={{ width: "100%", height: Math.max(120, data.length * 40 + 40) }} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer title={title} desc={description}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={isCompactNow() ? 120 : 240} tick={{ fontSize: isCompactNow() ? 11 : 12 }} tickFormatter={isCompactNow() ? (v: string) => short.get(String(v)) ?? String(v) : undefined} />
              <Tooltip />
              <Bar dataKey="count" name={t("col.rows")} fill={COLORS.approved} isAnimationActive={false} />
            </BarChart>
          </ChartFrame>
          {capRows.length > 0 && (
            <DataTable
              caption={t("provision.caps")}
              columns={[
                { key: "citation", header: t("provision.capCol"), value: (c) => c.citation },
                { key: "scope", header: t("provision.scopeCol"), value: (c) => t(`scope.${c.scope}` as MessageId) },
                { key: "limit", header: t("provision.limitCol"), value: (c) => csvYuan(c.limit), render: (c) => <Money yuan={c.limit} mode="exact" />, numeric: true },
                { key: "considered", header: t("provision.consideredCol"), value: (c) => c.considered, numeric: true },
                { key: "cap", header: t("provision.capBoundCol"), value: (c) => c.cap, numeric: true },
                { key: "headroom", header: t("provision.headroomBoundCol"), value: (c) => c.headroom, numeric: true },
              ]}
              rows={capRows}
              rowKey={(c) => c.key}
              csvName={fileName(["provision", id, "caps"], "csv")}
            />
          )}
          </>
        );
      }}
    </Await>
  );
}
