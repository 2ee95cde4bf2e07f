// Runs the service alone (no demo banner): `node --import tsx dashboard/server/main.ts`, configured by the
// environment. Tests and benchmarks start it this way as a real process; `subsidy serve` does the same.
import { closeOnSignals, startServer } from "./start.ts";
import { loadConfig } from "./config.ts";

const server = await startServer(loadConfig());
closeOnSignals(server);
server.app.log.info({ url: server.url, dashboard: server.dashboardUrl, manifest: server.manifestUrl }, "subsidy service ready");
