// `subsidy`: the command line of the product. Each command group registers itself from cli/commands/.
import { Command, CommanderError } from "commander";
import { CliError, failAndExit } from "./output.ts";

/** Every command group, by its name on the command line; each module exports `register(program)`. */
const COMMANDS: Record<string, () => Promise<{ register: (program: Command) => void }>> = {
  eval: () => import("./commands/eval.ts"),
  rules: () => import("./commands/rules.ts"),
  explain: () => import("./commands/explain.ts"),
  ledger: () => import("./commands/ledger.ts"),
  token: () => import("./commands/token.ts"),
  data: () => import("./commands/data.ts"),
  db: () => import("./commands/db.ts"),
  serve: () => import("./commands/serve.ts"),
  demo: () => import("./commands/demo.ts"),
};

const program = new Command("subsidy")
  .description("重庆制造业补贴条款计算与兑现台账 / Chongqing manufacturing subsidy rules and award ledger")
  .exitOverride()
  // Parse errors are reported once, as the JSON error below, not also by commander.
  .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: () => {} });

// `subsidy rules | head` closes the pipe early; that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

// Load only the group named on the command line: `subsidy eval` should not pay for the service's or the
// spreadsheet libraries' start-up. Help and unknown commands load them all, so help lists everything.
const named = COMMANDS[process.argv[2] ?? ""];
for (const load of named ? [named] : Object.values(COMMANDS)) (await load()).register(program);

const langArg = process.argv.indexOf("--lang");
const lang = langArg > 0 && process.argv[langArg + 1] === "en" ? "en" : "zh";

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CliError) failAndExit(e, lang);
  if (e instanceof CommanderError) {
    // --help and --version end through here too, with exit code 0.
    if (e.exitCode === 0) process.exit(0);
    failAndExit(new CliError("invalid_input", { zh: e.message.replace(/^error: /, "命令行参数有误：") , en: e.message.replace(/^error: /, "") }), lang);
  }
  failAndExit(new CliError("internal", { zh: `内部错误：${(e as Error).message}`, en: `internal error: ${(e as Error).message}` }), lang);
}
