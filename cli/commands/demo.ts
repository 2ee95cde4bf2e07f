// `subsidy demo` (what `npm start` runs): builds the dashboard and add-in if they are missing, and the compiled CLI and
// service (dist/) if missing or older than the sources, so that the next start needs no tsx; starts the service on
// its embedded database (seeded with the sample ledger on first run), and prints where everything is.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { compiledIsFresh, DIST_FOLDER } from "../../build/compiled-fresh.mjs";
import { BUNDLE_DIR, REPO_ROOT } from "../../shared/repo-root.ts";
import { TERMS } from "../../shared/terms.ts";
import { CliError } from "../output.ts";

const BUILDS = [
  { script: "build:web", output: "webDist" },
  { script: "build:addin", output: "addinDist" },
] as const;

function buildIfMissing(script: string, dist: string): void {
  if (fs.existsSync(path.join(dist, "index.html")) || fs.existsSync(path.join(dist, "taskpane.html"))) return;
  runBuild(script);
}

/**
 * The compiled build, when missing or stale. From a compiled run itself only its catalog.json: rebuilding would
 * replace the chunks this very process may still import (and bin/subsidy.mjs only runs a build that is fresh).
 */
async function compileIfStale(): Promise<void> {
  if (BUNDLE_DIR !== null) {
    // Only the catalog can be brought up to date in place; its JSON is read once, at start.
    const { refreshPrebuiltCatalog } = await import("../../shared/catalog/load-node.ts");
    if (refreshPrebuiltCatalog(BUNDLE_DIR)) process.stderr.write(`已更新 / updated ${path.join(BUNDLE_DIR, "catalog.json")}\n`);
    return;
  }
  if (!compiledIsFresh(path.join(REPO_ROOT, DIST_FOLDER), REPO_ROOT)) runBuild("build:compiled");
}

function runBuild(script: string): void {
  process.stderr.write(`构建 ${script} … / building ${script} …\n`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["run", "--silent", script], { stdio: "inherit" });
  if (r.status !== 0) throw new CliError("build_failed", { zh: `构建失败：npm run ${script}`, en: `build failed: npm run ${script}` });
}

export function register(program: Command): void {
  program
    .command("demo")
    .description("以示例数据运行整个产品 / run the whole product with demo data")
    .action(async () => {
      // Loaded here, not at the top: `subsidy eval` should not pay for starting a web server's modules.
      const { serviceConfig } = await import("./db-option.ts");
      const { closeOnSignals, startServer } = await import("../../dashboard/server/start.ts");
      const { describeTarget } = await import("../../dashboard/server/db/target.ts");
      const config = serviceConfig();
      for (const { script, output } of BUILDS) buildIfMissing(script, config[output]);
      await compileIfStale();
      const server = await startServer({ ...config, logLevel: process.env.SUBSIDY_LOG_LEVEL ? config.logLevel : "warn" });
      closeOnSignals(server);
      const lines = [
        "",
        "重庆制造业补贴兑现工具已启动 / Chongqing subsidy tools are running",
        `  看板 Dashboard:        ${server.dashboardUrl}`,
        `  加载项清单 Manifest:   ${server.manifestUrl}`,
        `  接口 API:              ${server.origin}/api/openapi.json`,
        `  数据库 Database:       ${describeTarget(config.dbPath)}`,
        ...(server.seededRows > 0 ? [`  已载入示例数据 ${server.seededRows} 行（示例数据，可用 \`npx subsidy data remove-sample\` 删除）/ seeded ${server.seededRows} sample rows`] : []),
        ...(server.firstToken
          ? [`  本机编辑者令牌（仅显示这一次）/ local editor token (shown only now): ${server.firstToken}`]
          : [`  编辑者令牌已在首次运行时显示；新建：npx subsidy token create --jurisdiction <${TERMS.office.zh}> --role editor --name "…" / create one with that command`]),
        "  按 Ctrl+C 停止 / Ctrl+C to stop",
        "",
      ];
      process.stdout.write(lines.join("\n") + "\n");
    });
}
