// What "zod" resolves to in the browser bundles (dashboard and add-in: their vite configs alias it here). zod
// compiles its object parsers with `new Function`, which their Content-Security-Policy (script-src without
// 'unsafe-eval') forbids, and even zod's probe for it is reported as a violation. Schemas read the setting when
// they are defined; as the module every importer of zod gets, this runs before any schema is, in whatever order
// the bundler's chunks load (an import placed first in main.tsx did not: a shared chunk ran before it).
import { z } from "zod/v4";

z.config({ jitless: true });

export * from "zod/v4";
