// What the enterprise file knows of an enterprise, as the policy calculator's profile: the district of its latest
// application, and for each fact and each provision's amount the latest figure its applications give. The date is
// left to the calculator (today in Chongqing): the question is what the enterprise may claim now.
import type { EnterpriseFile } from "../../../../shared/ledger/enterprise-file.ts";
import { FACT_NAMES } from "../../../../shared/vocabulary.ts";
import { calculatorRoute, type Profile } from "./calc-profile.ts";
import type { Route } from "./route.ts";

export function profileOfFile(file: Pick<EnterpriseFile, "applications">): { district: string | undefined; profile: Profile } {
  // The service lists applications in ledger order (date, then ID): later ones overwrite earlier figures.
  const profile: Profile = { facts: {}, amounts: {} };
  let district: string | undefined;
  for (const a of file.applications) {
    district = a.district;
    for (const name of FACT_NAMES) {
      const v = a.facts[name];
      if (v !== undefined) profile.facts[name] = v;
    }
    if (a.amount !== null) profile.amounts[a.provision] = a.amount;
  }
  return { district, profile };
}

/** The calculator opened on the enterprise's district and figures. */
export function calculatorRouteOf(file: Pick<EnterpriseFile, "applications">): Route {
  const { district, profile } = profileOfFile(file);
  const known = Object.keys(profile.facts).length > 0 || Object.keys(profile.amounts).length > 0;
  return calculatorRoute(district, known ? profile : undefined);
}
