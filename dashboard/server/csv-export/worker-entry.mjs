// The export thread's entry while the service runs from its TypeScript sources: a worker thread does not inherit
// the tsx loader its parent registered, so it registers its own (as writer/worker-entry.mjs does).
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
