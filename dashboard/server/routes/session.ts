// GET /api/session: who the presented token is and what it may do, for the add-in's task pane (and any client) to
// offer only the actions the service would take. `may` comes from permissions.ts's capabilities, the checks the
// write routes make, so the two cannot disagree.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { capabilities } from "../auth/permissions.ts";
import { RoleName, TokenJurisdiction } from "../auth/tokens.ts";

export const Session = z.object({
  name: z.string(),
  /** null: the token was made before offices (unscoped), reads as before and may not write until re-issued. */
  jurisdiction: TokenJurisdiction.nullable(),
  roles: z.array(RoleName),
  unscoped: z.boolean(),
  may: z.object({
    /** Enter and submit rows of its office (经办). */
    submit: z.boolean(),
    /** Approve or reject (审核). */
    approve: z.boolean(),
    /** Record payments (拨付). */
    pay: z.boolean(),
    /** Enter commitments of its office (管理). */
    commitments: z.boolean(),
    /** Draft and edit application notices (申报通知) of its office (经办 or 管理). */
    draftNotice: z.boolean(),
    /** Publish its office's notices, after which their figures are paid (管理). */
    publishNotice: z.boolean(),
    read: z.boolean(),
  }),
});

export function sessionRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/session",
    {
      schema: {
        tags: ["service"],
        summary: "The presented token: its name, office (jurisdiction), roles, and what it may do there; 401 without a live token",
        response: { 200: Session },
      },
      config: { access: "token" },
    },
    async (request) => {
      const token = request.token;
      if (!token) throw new Error("session route reached without a token");
      return { name: token.name, jurisdiction: token.jurisdiction, roles: token.roles, unscoped: token.jurisdiction === null, may: capabilities(token) };
    },
  );
}
