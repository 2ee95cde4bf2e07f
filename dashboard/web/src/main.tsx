import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { prefetch } from "./api/prefetch.ts";
import { I18n } from "./i18n/I18n.tsx";
import { parseRoute } from "./lib/route.ts";
import { fetchOverviewData, overviewKey } from "./views/overview-data.ts";
import "./styles.css";

// Most links open the overview: its data is asked for now, not once its chunk has loaded and mounted.
const first = parseRoute(window.location.search);
if (first.view === "overview") prefetch(overviewKey(first.filters), () => fetchOverviewData(first.filters));

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18n>
        <App />
      </I18n>
    </StrictMode>,
  );
}
