import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { formatMoney } from "~/domain/money/money";
import { localeTags, translate, type Locale, type MessageKey, type MessageParams } from "./messages";
import { dateTimeFormat } from "~/domain/platform/intl-format";

type I18n = {
  locale: Locale;
  t: (key: MessageKey, params?: MessageParams) => string;
  /** IDR minor units as the till shows them: "Rp 150.000". */
  rupiah: (amountMinor: number) => string;
  time: (iso: string) => string;
  date: (isoDate: string) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const t = useCallback((key: MessageKey, params?: MessageParams) => translate(locale, key, params), [locale]);
  const value = useMemo<I18n>(() => {
    const tag = localeTags[locale];
    const clock = dateTimeFormat(tag, { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Jakarta" });
    const day = dateTimeFormat(tag, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    return {
      locale,
      t,
      rupiah: (amountMinor) => formatMoney({ amountMinor, currency: "IDR" }),
      time: (iso) => clock.format(new Date(iso)),
      date: (isoDate) => day.format(new Date(`${isoDate}T00:00:00Z`)),
    };
  }, [locale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n needs an I18nProvider above it");
  return value;
}
