// What every export carries besides its figures: the data's date (when the service last evaluated the ledger, in
// Chongqing time) and whether it is sample data. Asked once for the whole app.
import { createContext, useContext, type ReactNode } from "react";
import { todayInShanghai } from "../../../../shared/engine/dates.ts";
import { fetchSummaryWithMeta } from "./endpoints.ts";
import { useRequest } from "./useRequest.ts";

export interface DataStamp {
  /** "2026-07-13 10:00" (Asia/Shanghai). */
  dataDate: string;
  sample: boolean;
}

const StampContext = createContext<DataStamp>({ dataDate: todayInShanghai(), sample: false });

const SHANGHAI = new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });

export function StampProvider({ children }: { children: ReactNode }) {
  const meta = useRequest("stamp", (signal) => fetchSummaryWithMeta([], {}, signal));
  const value: DataStamp =
    meta.status === "ok"
      ? { dataDate: meta.data.computedAt ? SHANGHAI.format(new Date(meta.data.computedAt)) : todayInShanghai(), sample: meta.data.sample }
      : { dataDate: todayInShanghai(), sample: false };
  return <StampContext.Provider value={value}>{children}</StampContext.Provider>;
}

export function useStamp(): DataStamp {
  return useContext(StampContext);
}
