// Utilization as a percentage with its red/amber/green level, named in words as well as colour.
import { useLocale, useT } from "../i18n/I18n.tsx";
import type { MessageId } from "../i18n/locale.ts";
import { percent } from "../lib/money.ts";
import { utilizationLevel } from "../lib/utilization.ts";

export function Utilization({ value }: { value: number | null }) {
  const t = useT();
  const { lang } = useLocale();
  const level = utilizationLevel(value);
  const label = t(`overview.level.${level}` as MessageId);
  return (
    <span className={`level level-${level}`} data-level={level}>
      {value === null ? label : `${percent(value, lang)} · ${label}`}
    </span>
  );
}
