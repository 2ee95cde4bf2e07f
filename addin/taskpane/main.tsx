// The shared runtime's page: registers the custom functions (functions.ts, with the associate calls the build
// appends) and, once Office is ready, renders the task pane into the same runtime.
import "../functions/functions.ts";
import { mountTaskpane } from "./mount.tsx";

const office = (globalThis as { Office?: { onReady?: (cb: (info: { host: unknown }) => void) => unknown } }).Office;
if (office?.onReady) office.onReady(() => mountTaskpane());
else mountTaskpane();
