// One chart with its title, a text alternative, a PNG export, and its data table with CSV export.
import { useRef, type ReactNode } from "react";
import { useStamp } from "../api/stamp.tsx";
import { useT } from "../i18n/I18n.tsx";
import { download } from "../lib/download.ts";

interface Props {
  id: string;
  title: string;
  /** What the chart shows, in words: read by screen readers and printed under the chart. */
  description: string;
  pngName: string;
  children: ReactNode;
  /** The chart's data table (a DataTable), shown on demand. */
  table: ReactNode;
  tableOpen?: boolean;
  /** The view's own table holds the same figures: the chart's copy is left out of print. */
  tableElsewhere?: boolean;
  note?: ReactNode;
}

export function ChartFrame({ id, title, description, pngName, children, table, tableOpen, tableElsewhere, note }: Props) {
  const t = useT();
  const stamp = useStamp();
  const box = useRef<HTMLDivElement>(null);
  const exportPng = async () => {
    // The chart's own surface, not a legend icon (also an svg.recharts-surface).
    const svg = box.current?.querySelector<SVGSVGElement>(".recharts-wrapper > svg.recharts-surface");
    if (!svg) return;
    // The legend is HTML beside the SVG: its entries (and their colours) are read from it.
    const legend = [...(box.current?.querySelectorAll<HTMLElement>(".recharts-legend-item") ?? [])].map((item) => {
      const text = item.querySelector<HTMLElement>(".recharts-legend-item-text");
      return { label: (text?.textContent ?? item.textContent ?? "").trim(), color: text ? getComputedStyle(text).color : "#1b1b1b" };
    });
    const { chartToPng } = await import("../lib/png.ts");
    const frame = {
      title,
      legend: legend.filter((l) => l.label !== ""),
      footer: t("export.dataDate", { date: stamp.dataDate }) + (stamp.sample ? ` · ${t("export.sampleMark")}` : ""),
      sampleMark: stamp.sample ? t("export.sampleMark") : null,
      fontFamily: getComputedStyle(svg).fontFamily,
    };
    download(pngName, await chartToPng(svg, frame));
  };
  return (
    <figure className={tableElsewhere ? "chart table-elsewhere" : "chart"} aria-labelledby={`${id}-title`}>
      <div className="chart-head">
        <h3 id={`${id}-title`}>{title}</h3>
        <button type="button" className="export-png no-print" onClick={() => void exportPng()}>
          {t("export.png")}
        </button>
      </div>
      <div className="chart-box" ref={box}>
        {children}
      </div>
      <figcaption id={`${id}-desc`} className="chart-desc">
        {description}
      </figcaption>
      {note}
      <details className="chart-table" open={tableOpen}>
        <summary>{t("table.show")}</summary>
        {table}
      </details>
    </figure>
  );
}
