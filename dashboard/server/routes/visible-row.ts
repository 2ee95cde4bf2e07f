// A row's events (payments, decisions) are read only where the row itself may be: a row of another office than a
// scoped reader's is answered 404 as an absent one, so that a reader learns nothing of other offices' IDs.
import type { TokenInfo } from "../auth/tokens.ts";
import { readScope } from "../auth/permissions.ts";
import type { ServiceContext } from "../context.ts";
import { ApiError } from "../errors.ts";

export async function assertVisibleRow(ctx: ServiceContext, token: TokenInfo | null, applicationId: string): Promise<void> {
  const scope = readScope(token, ctx.config);
  const jurisdiction = await ctx.store.storedJurisdiction(applicationId);
  if (jurisdiction === undefined || (scope !== null && jurisdiction !== scope)) {
    throw new ApiError(404, "not_found", { zh: `台账中没有申报编号 ${applicationId}`, en: `no ledger row with application ID ${applicationId}` }, "applicationId");
  }
}
