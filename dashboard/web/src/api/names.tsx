// Names of documents and provisions, from GET /api/provisions, fetched once and shared by every view.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useLocale } from "../i18n/I18n.tsx";
import { fetchProvisions, type ProvisionListItem } from "./endpoints.ts";
import { useRequest } from "./useRequest.ts";

export interface Names {
  provisions: ProvisionListItem[];
  documents: { key: string; jurisdiction: string; title: { zh: string; en: string } | null }[];
  provisionTitle: (id: string) => string;
  documentTitle: (key: string) => string;
}

const NamesContext = createContext<Names | null>(null);

export function NamesProvider({ children }: { children: ReactNode }) {
  const request = useRequest("provisions", (signal) => fetchProvisions(signal));
  const { lang } = useLocale();
  const provisions = request.status === "ok" ? request.data : null;
  const value = useMemo<Names>(() => {
    const list = provisions ?? [];
    const byId = new Map(list.map((p) => [p.id, p]));
    const documents = new Map<string, Names["documents"][number]>();
    for (const p of list) {
      if (!documents.has(p.document)) documents.set(p.document, { key: p.document, jurisdiction: p.jurisdiction, title: p.documentTitle ?? null });
    }
    return {
      provisions: list,
      documents: [...documents.values()],
      provisionTitle: (id) => {
        const p = byId.get(id);
        return p ? `${id} ${p.title[lang]}` : id;
      },
      documentTitle: (key) => documents.get(key)?.title?.[lang] ?? key,
    };
  }, [provisions, lang]);
  return <NamesContext.Provider value={value}>{children}</NamesContext.Provider>;
}

export function useNames(): Names {
  const names = useContext(NamesContext);
  if (!names) throw new Error("useNames outside NamesProvider");
  return names;
}
