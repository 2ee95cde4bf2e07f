// 政策计算器: an enterprise profile (district, application date, facts, the amounts provisions are computed on) →
// every provision it may claim, with its ceiling, what decided it and how it was reached, and the provisions left
// out with the reason. The profile lives in the URL, so an enterprise file can link here with its figures.
import { useMemo } from "react";
import { FACT_NAMES } from "../../../../shared/vocabulary.ts";
import type { ViewProps } from "../App.tsx";
import { useLocale, useT } from "../i18n/I18n.tsx";
import type { Profile } from "../lib/calc-profile.ts";
import { calculate, calculatorEngine } from "./report.ts";
import { ExcludedList, MatchedList } from "./Results.tsx";
import { YuanInput } from "./YuanInput.tsx";

const DISTRICT_CHOICES = [
  { value: "九龙坡区", label: "calc.district.jiulongpo" },
  { value: "渝北区", label: "calc.district.yubei" },
  { value: "重庆市", label: "calc.district.other" },
] as const;

/** Each fact's meaning as the provisions that read it word it, and which provisions those are. */
function factMeanings(): Map<string, { meaning: { zh: string; en: string }; readBy: string[] }> {
  const out = new Map<string, { meaning: { zh: string; en: string }; readBy: string[] }>();
  for (const [id, entry] of calculatorEngine().catalog.byId) {
    for (const f of entry.provision.facts) {
      const known = out.get(f.name) ?? { meaning: f.meaning, readBy: [] };
      known.readBy.push(id);
      out.set(f.name, known);
    }
  }
  return out;
}

export default function Calculator({ route, navigate }: ViewProps) {
  const t = useT();
  const { lang } = useLocale();
  const district = route.filters.district;
  const profile: Profile = route.profile ?? { facts: {}, amounts: {} };
  const key = JSON.stringify([route.profile, district]);
  // Recomputed when the profile itself changes (the route object is rebuilt on every navigation).
  const report = useMemo(() => calculate(route.profile, district), [key]);
  const meanings = useMemo(factMeanings, []);
  const setProfile = (next: Profile, nextDistrict = district) =>
    navigate({ view: "calculator", filters: nextDistrict ? { district: nextDistrict } : {}, profile: next }, { replace: true });
  const setAmount = (id: string, v: number | undefined) => {
    const amounts = { ...profile.amounts };
    if (v === undefined) delete amounts[id];
    else amounts[id] = v;
    setProfile({ ...profile, amounts });
  };
  const choices = DISTRICT_CHOICES.some((c) => c.value === district) || !district ? DISTRICT_CHOICES : [...DISTRICT_CHOICES, { value: district, label: null }];

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title">{t("calc.heading")}</h2>
      <p className="intro">{t("calc.intro")}</p>
      <form className="calc-form" aria-label={t("calc.profile")} onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t("calc.profile")}</legend>
          <div className="calc-field">
            <label htmlFor="calc-district">{t("calc.district")}</label>
            <select id="calc-district" name="district" value={district ?? ""} onChange={(e) => setProfile(profile, e.target.value || undefined)}>
              <option value="">{t("calc.district.all")}</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label ? t(c.label) : c.value}
                </option>
              ))}
            </select>
          </div>
          <div className="calc-field">
            <label htmlFor="calc-date">{t("calc.date")}</label>
            <input id="calc-date" name="date" type="date" value={report.date} required onChange={(e) => setProfile({ ...profile, date: e.target.value || undefined })} />
          </div>
          {FACT_NAMES.map((name) => {
            const m = meanings.get(name);
            if (!m) return null;
            return (
              <YuanInput
                key={name}
                name={name}
                label={m.meaning[lang]}
                hint={t("calc.readBy", { ids: m.readBy.join(lang === "zh" ? "、" : ", ") })}
                unit="yuan"
                value={profile.facts[name]}
                onChange={(v) => {
                  const facts = { ...profile.facts };
                  if (v === undefined) delete facts[name];
                  else facts[name] = v;
                  setProfile({ ...profile, facts });
                }}
              />
            );
          })}
        </fieldset>
        {route.profile && (
          <button type="button" onClick={() => navigate({ view: "calculator", filters: district ? { district } : {} }, { replace: true })}>
            {t("calc.clear")}
          </button>
        )}
      </form>
      <p className="calc-scope" role="status">
        {report.jurisdictions === null
          ? t("calc.scopeAll", { date: report.date })
          : t("calc.scope", { date: report.date, documents: report.jurisdictions.map((j) => t(`jurisdiction.${j}` as "jurisdiction.chongqing")).join(lang === "zh" ? "、" : ", ") })}
        {report.unknownDistrict && ` ${t("calc.unknownDistrict", { district: district ?? "" })}`}
      </p>
      <MatchedList report={report} amounts={profile.amounts} setAmount={setAmount} />
      <ExcludedList report={report} amounts={profile.amounts} setAmount={setAmount} />
    </section>
  );
}
