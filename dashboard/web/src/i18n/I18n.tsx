// The locale for the whole app: react-intl for texts, shared/money for amounts.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { IntlProvider, useIntl } from "react-intl";
import { detectLocale, langOf, MESSAGES, rememberLocale, type Locale, type MessageId } from "./locale.ts";
import type { Lang } from "../../../../shared/money/format.ts";

interface LocaleState {
  locale: Locale;
  lang: Lang;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState>({ locale: "zh-CN", lang: "zh", setLocale: () => undefined });

export function I18n({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(detectLocale);
  const setLocale = useCallback((next: Locale) => {
    rememberLocale(next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = MESSAGES[locale]["app.title"];
  }, [locale]);
  const value = useMemo(() => ({ locale, lang: langOf(locale), setLocale }), [locale, setLocale]);
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={locale} defaultLocale="zh-CN" messages={MESSAGES[locale]}>
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

type Values = Record<string, string | number | null | undefined>;

/** t("id", values): the typed way to read a message. */
export function useT(): (id: MessageId, values?: Values) => string {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: Values) => intl.formatMessage({ id }, values as Record<string, string>), [intl]);
}

/** A jurisdiction's name; rows whose provision is unknown have none and say so. */
export function useJurisdictionName(): (jurisdiction: unknown) => string {
  const t = useT();
  return useCallback((j: unknown) => (j === "jiulongpo" || j === "yubei" || j === "chongqing" ? t(`jurisdiction.${j}`) : t("jurisdiction.unknown")), [t]);
}
