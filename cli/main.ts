// `subsidy`: the command line of the product. Each command group registers itself from cli/commands/.
import { Command, CommanderError } from "commander";
import { CliError, failAndExit } from "./output.ts";
import { register as registerEval } from "./commands/eval.ts";
import { register as registerRules } from "./commands/rules.ts";
import { register as registerExplain } from "./commands/explain.ts";
import { register as registerToken } from "./commands/token.ts";
import { register as registerData } from "./commands/data.ts";
import { register as registerLedger } from "./commands/ledger.ts";
import { register as registerServe } from "./commands/serve.ts";
import { register as registerDemo } from "./commands/demo.ts";

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

registerEval(program);
registerRules(program);
registerExplain(program);
// Command groups owned by the other parts register below, one line each.
registerToken(program);
registerData(program);
registerLedger(program);
registerServe(program);
registerDemo(program);

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
