// `subsidy serve`: the ledger service alone, configured by SUBSIDY_* variables (see dashboard/server/README.md).
// `npm start` runs `subsidy demo`, which adds the first-run banner.
import type { Command } from "commander";
import { closeOnSignals, startServer } from "../../dashboard/server/start.ts";
import { serviceConfig } from "./db-option.ts";

export function register(program: Command): void {
  program
    .command("serve")
    .description("启动台账服务 / run the ledger service")
    .option("--port <port>", "端口 / port (SUBSIDY_PORT)")
    .option("--host <host>", "监听地址 / listen address (SUBSIDY_HOST)")
    .action(async (options: { port?: string; host?: string }) => {
      const config = serviceConfig({ ...(options.port ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) });
      const server = await startServer(config);
      closeOnSignals(server);
      if (server.firstToken) {
        process.stderr.write(`首个编辑者令牌（只显示一次）/ first editor token (shown once): ${server.firstToken}\n`);
      }
      server.app.log.info({ url: server.url, dashboard: server.dashboardUrl, manifest: server.manifestUrl }, "subsidy service ready");
    });
}
