// An amount scaled for reading, with the exact yuan in its tooltip and for screen readers.
import { useLocale } from "../i18n/I18n.tsx";
import type { AmountScale } from "../../../../shared/money/format.ts";
import { exact, inScale, scaled } from "../lib/money.ts";

/** `scale`: the figure alone in the column's scale, whose header names the unit (termIn with the same scale). */
export function Money({ yuan, mode = "scaled", scale }: { yuan: number | null; mode?: "scaled" | "exact"; scale?: AmountScale }) {
  const { lang } = useLocale();
  if (yuan === null) return <span>—</span>;
  if (mode === "exact") return <span className="num">{exact(yuan, lang)}</span>;
  if (scale !== undefined)
    return (
      <span className="num money" title={exact(yuan, lang)} data-yuan={yuan}>
        {inScale(yuan, scale)}
      </span>
    );
  return (
    <span className="num money" title={exact(yuan, lang)} data-yuan={yuan}>
      {scaled(yuan, lang)}
    </span>
  );
}
