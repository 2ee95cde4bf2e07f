// An amount scaled for reading, with the exact yuan in its tooltip and for screen readers.
import { useLocale } from "../i18n/I18n.tsx";
import { exact, scaled } from "../lib/money.ts";

export function Money({ yuan, mode = "scaled" }: { yuan: number | null; mode?: "scaled" | "exact" }) {
  const { lang } = useLocale();
  if (yuan === null) return <span>—</span>;
  if (mode === "exact") return <span className="num">{exact(yuan, lang)}</span>;
  return (
    <span className="num money" title={exact(yuan, lang)} data-yuan={yuan}>
      {scaled(yuan, lang)}
    </span>
  );
}
