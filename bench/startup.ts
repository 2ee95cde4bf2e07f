// `npm run bench -- startup`: how fast the CLI and the service start, compiled (dist/, build/compile.ts) against
// the bare minimum of the same runtime, in the same run; the tsx figures (what runs from the sources) beside them.
//   `subsidy eval jiulongpo-5 1000000` cold, through bin/subsidy.mjs, against `node -e 0`           (target ≤ 5×)
//   service start to the first 200 on /api/health, on a fresh SQLite file, against a bare fastify +
//   better-sqlite3 process answering one route (bench/startup/bare-service.mjs)                      (target ≤ 2×)
//   the service's RSS once it answers, compiled and through tsx
// Each figure is the fastest of BENCH_STARTUP_RUNS (7) runs, the runs of all variants interleaved so that the
// machine's load falls on each alike; the median is printed beside it.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { compile, DIST } from "../build/compile.ts";
import { REPO_ROOT } from "../shared/repo-root.ts";
import { freePort, tempDir } from "../test/service/harness.ts";
import { median, report } from "./measure.ts";
import { memoryOf } from "./service/rss.ts";

const RUNS = Number(process.env.BENCH_STARTUP_RUNS || 7);
const BIN = path.join(REPO_ROOT, "bin", "subsidy.mjs");
const EVAL = [BIN, "eval", "jiulongpo-5", "1000000"];

interface Variant {
  name: string;
  args: string[];
  env?: Record<string, string>;
}

const CLI: Variant[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "subsidy eval (compiled)", args: EVAL },
  { name: "subsidy eval (tsx)", args: EVAL, env: { SUBSIDY_FROM_SOURCES: "1" } },
];

const SERVICE: Variant[] = [
  { name: "bare fastify + better-sqlite3", args: [path.join(REPO_ROOT, "bench", "startup", "bare-service.mjs")] },
  { name: "service (compiled)", args: [path.join(DIST, "service.mjs")] },
  { name: "service (tsx)", args: ["--import", "tsx", path.join(REPO_ROOT, "dashboard", "server", "main.ts")] },
];

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

function cliSeconds(v: Variant): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, v.args, { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...v.env } });
  const s = seconds(start);
  if (r.status !== 0) throw new Error(`${v.name} exited with ${r.status}: ${r.stderr.toString()}`);
  // A stale prebuilt catalog would put YAML parsing back into the compiled figure: say so rather than hide it.
  if (r.stderr.length > 0) throw new Error(`${v.name} warned: ${r.stderr.toString()}`);
  return s;
}

/** Spawn to the first 200 on /api/health (polled every 5 ms), and the process's RSS then. */
async function serviceStart(v: Variant): Promise<{ seconds: number; rssMb: number }> {
  const dir = tempDir("subsidy-startup-");
  const port = await freePort();
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, v.args, {
    cwd: REPO_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, SUBSIDY_DB: path.join(dir, "subsidy.db"), SUBSIDY_PORT: String(port), SUBSIDY_HOST: "127.0.0.1", SUBSIDY_LOG_LEVEL: "error", SUBSIDY_SEED_SAMPLE: "0", SUBSIDY_CONFIG: "" },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${v.name} exited with ${child.exitCode}: ${stderr}`);
      if (seconds(start) > 60) throw new Error(`${v.name} gave no 200 within 60 s: ${stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const s = seconds(start);
    return { seconds: s, rssMb: memoryOf(child.pid).rssMb };
  } finally {
    child.kill("SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const best = (xs: number[]) => Math.min(...xs);
const ms = (s: number) => s * 1000;

export async function run(): Promise<void> {
  // Always from the sources as they are now, with the catalog of rules/ as it is now.
  await compile();
  const cli = new Map<string, number[]>(CLI.map((v) => [v.name, []]));
  for (const v of CLI) cliSeconds(v); // warm the disk cache, once each
  for (let i = 0; i < RUNS; i++) for (const v of CLI) cli.get(v.name)?.push(cliSeconds(v));
  const [bare, compiledCli, tsxCli] = CLI.map((v) => cli.get(v.name) ?? []);
  const base = ms(best(bare ?? []));
  report(`startup: CLI cold start (best of ${RUNS})`, [
    { name: "node -e 0 (baseline)", value: base, unit: "ms", note: `median ${ms(median(bare ?? [])).toFixed(0)} ms` },
    { name: "subsidy eval jiulongpo-5 1000000, compiled", value: ms(best(compiledCli ?? [])), unit: "ms", ratioTo: base, target: "≤ 5×", met: best(compiledCli ?? []) <= 5 * best(bare ?? []), note: `median ${ms(median(compiledCli ?? [])).toFixed(0)} ms` },
    { name: "subsidy eval jiulongpo-5 1000000, tsx", value: ms(best(tsxCli ?? [])), unit: "ms", ratioTo: base, note: `median ${ms(median(tsxCli ?? [])).toFixed(0)} ms` },
  ]);

  const service = new Map<string, { seconds: number; rssMb: number }[]>(SERVICE.map((v) => [v.name, []]));
  for (let i = 0; i < RUNS; i++) for (const v of SERVICE) service.get(v.name)?.push(await serviceStart(v));
  const [bareSvc, compiledSvc, tsxSvc] = SERVICE.map((v) => service.get(v.name) ?? []);
  const times = (xs: { seconds: number }[] | undefined) => (xs ?? []).map((x) => x.seconds);
  const rss = (xs: { rssMb: number }[] | undefined) => median((xs ?? []).map((x) => x.rssMb));
  const baseSvc = ms(best(times(bareSvc)));
  report(`startup: service start to first 200 on /api/health, fresh SQLite file (best of ${RUNS})`, [
    { name: "bare fastify + better-sqlite3 (baseline)", value: baseSvc, unit: "ms", note: `median ${ms(median(times(bareSvc))).toFixed(0)} ms, RSS ${rss(bareSvc).toFixed(0)} MB` },
    { name: "service, compiled", value: ms(best(times(compiledSvc))), unit: "ms", ratioTo: baseSvc, target: "≤ 2×", met: best(times(compiledSvc)) <= 2 * best(times(bareSvc)), note: `median ${ms(median(times(compiledSvc))).toFixed(0)} ms` },
    { name: "service, tsx", value: ms(best(times(tsxSvc))), unit: "ms", ratioTo: baseSvc, note: `median ${ms(median(times(tsxSvc))).toFixed(0)} ms` },
    { name: "service RSS after start, compiled", value: rss(compiledSvc), unit: "MB", note: "median of the runs" },
    { name: "service RSS after start, tsx", value: rss(tsxSvc), unit: "MB", note: "median of the runs" },
  ]);
}
