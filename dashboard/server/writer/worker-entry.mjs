// The writer thread's entry while the service runs from its TypeScript sources: a worker thread does not inherit
// the tsx loader its parent registered (bin/subsidy.mjs, `--import tsx`), so it registers its own, as the CLI does.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
