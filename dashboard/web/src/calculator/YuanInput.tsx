// A yuan figure typed by the user: kept as typed while it is being edited, applied once it reads as a sum not below
// 0, otherwise marked invalid with the reason beside it (never sent on, never a crash).
import { useId, useState } from "react";
import { Money } from "../components/Money.tsx";
import { useT } from "../i18n/I18n.tsx";
import { parseYuan } from "../lib/calc-profile.ts";

export function YuanInput({ name, label, hint, value, unit, onChange }: {
  name: string;
  label: string;
  hint?: string;
  value: number | undefined;
  unit: "yuan" | "count";
  onChange: (value: number | undefined) => void;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (value === undefined ? "" : String(value));
  const parsed = parseYuan(shown);
  const bad = shown.trim() !== "" && (parsed === undefined || (unit === "count" && !Number.isInteger(parsed)));
  return (
    <div className="calc-field">
      <label htmlFor={id}>
        {label}
        <span className="calc-unit">{unit === "count" ? t("calc.unitCount") : t("calc.unitYuan")}</span>
      </label>
      <input
        id={id}
        name={name}
        inputMode="decimal"
        value={shown}
        aria-invalid={bad || undefined}
        aria-describedby={bad ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const v = parseYuan(next);
          if (next.trim() === "") onChange(undefined);
          else if (v !== undefined && (unit === "yuan" || Number.isInteger(v))) onChange(v);
        }}
        onBlur={() => !bad && setText(null)}
      />
      {bad ? (
        <span className="field-error" id={`${id}-error`}>
          {unit === "count" ? t("calc.badCount") : t("calc.badYuan")}
        </span>
      ) : unit === "yuan" && value !== undefined && value > 0 ? (
        <span className="calc-echo">
          = <Money yuan={value} />
        </span>
      ) : null}
      {hint && !bad && (
        <span className="calc-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}
