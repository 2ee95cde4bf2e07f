// One chart with its title, a text alternative, a PNG export, and its data table with CSV export.
import { useRef, type ReactNode } from "react";
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
  note?: ReactNode;
}

export function ChartFrame({ id, title, description, pngName, children, table, tableOpen, note }: Props) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const exportPng = async () => {
    // The chart's own surface, not a legend icon (also an svg.recharts-surface).
    const svg = box.current?.querySelector<SVGSVGElement>(".recharts-wrapper > svg.recharts-surface");
    if (!svg) return;
    const { svgToPng } = await import("../lib/png.ts");
    download(pngName, await svgToPng(svg));
  };
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
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
