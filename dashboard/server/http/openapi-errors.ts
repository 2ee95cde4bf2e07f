// Every route's error responses, declared once for all: what a route can answer follows from what it declares
// (a body, a query, path parameters, its access), so an onRoute hook adds them to each route's schema, where
// the OpenAPI document reads them and the serializer holds each error body to the one error schema. A route that
// declares a status itself (a 409 with its own body, say) keeps its own.
import type { FastifyInstance, RouteOptions } from "fastify";
import type { Access } from "../auth/access.ts";
import { ErrorSchema } from "../errors.ts";

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input: `field` names what to fix, `issues` lists every problem",
  401: "No token, or an unknown or revoked one (field `authorization`)",
  403: "The token's role may not do this (a viewer token writing)",
  404: "No such resource",
  413: "The body is over the 5 MB limit (field `body`)",
  415: "Content-Type must be application/json (field `content-type`)",
  421: "The Host header is not this service's (field `host`)",
  429: "Too many failed authentications from this address; Retry-After says when to try again",
  500: "Internal error; the request had no effect",
  503: "The database cannot take writes: its file was deleted or replaced under the service, or PostgreSQL is unreachable (field `database`); or a batch's writer thread stopped before acknowledging it (`writer_stopped`: resend with the same Idempotency-Key)",
};

interface RouteSchema {
  body?: unknown;
  querystring?: unknown;
  params?: unknown;
  headers?: unknown;
  hide?: boolean;
  response?: Record<string | number, unknown>;
}

/** The error statuses a route can answer with. */
export function errorStatuses(schema: RouteSchema, access: Access): number[] {
  const statuses = new Set<number>([421, 500]);
  if (schema.body !== undefined || schema.querystring !== undefined || schema.params !== undefined || schema.headers !== undefined) statuses.add(400);
  if (schema.body !== undefined) [413, 415].forEach((s) => statuses.add(s));
  if (schema.params !== undefined) statuses.add(404);
  if (access !== "public") [401, 429].forEach((s) => statuses.add(s));
  if (access === "write") [403, 503].forEach((s) => statuses.add(s));
  return [...statuses].sort((a, b) => a - b);
}

export function declareErrorResponses(app: FastifyInstance): void {
  app.addHook("onRoute", (route: RouteOptions) => {
    const schema = route.schema as RouteSchema | undefined;
    // Hidden routes (static files, the OpenAPI document itself) are not part of the API.
    if (!schema || schema.hide) return;
    const access: Access = (route.config as { access?: Access } | undefined)?.access ?? "public";
    const response = (schema.response ??= {});
    for (const status of errorStatuses(schema, access)) {
      response[status] ??= { description: DESCRIPTIONS[status] ?? "Error", content: { "application/json": { schema: ErrorSchema } } };
    }
  });
}
