// The jurisdictions and statuses for the initial bundle, from shared/vocabulary.ts, which (unlike the zod schema
// files that also export them) pulls no library into the first download.
export { JURISDICTIONS, STATUSES } from "../../../../shared/vocabulary.ts";
