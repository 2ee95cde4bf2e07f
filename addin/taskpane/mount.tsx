// Renders the task pane into the shared runtime's page. Inside Excel, Excel.run does the sheet work; in a plain
// browser (the screenshot test) the pane renders with its Excel buttons disabled.
import { createRoot } from "react-dom/client";
import { addinEngine } from "../functions/engine.ts";
import { displayLang } from "../functions/runtime.ts";
import type { ExcelRun } from "./logic/ledger-sheet.ts";
import { officeLoaded } from "./logic/service-status.ts";
import { defaultStore } from "./logic/settings.ts";
import { App } from "./ui/App.tsx";

export function mountTaskpane(): void {
  const element = document.getElementById("root");
  if (!element || element.dataset.mounted) return;
  element.dataset.mounted = "1";
  const excel = (globalThis as { Excel?: { run?: ExcelRun } }).Excel;
  const lang = displayLang();
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  createRoot(element).render(
    <App lang={lang} engine={addinEngine()} excel={excel?.run ? excel.run.bind(excel) : null} store={defaultStore()} defaultServiceUrl={location.origin} officeLoaded={officeLoaded()} />,
  );
}
