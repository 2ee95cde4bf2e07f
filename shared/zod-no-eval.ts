// Imported first by the browser bundles (dashboard, add-in): zod compiles its object parsers with `new Function`,
// which their Content-Security-Policy (script-src without 'unsafe-eval') forbids, and even zod's probe for it is
// reported as a violation. Schemas read the setting when they are defined, so this must run before any is.
import { z } from "zod";

z.config({ jitless: true });
