#!/usr/bin/env node
// `subsidy` CLI entry: runs the TypeScript sources through tsx, so `npx subsidy …` works in a fresh clone.
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
