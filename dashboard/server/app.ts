// The fastify application: logging with request IDs, the Host check, security headers, compression, timeouts and
// body limit, CORS, auth, OpenAPI, the API routes and the static files. No listening here: start.ts does that,
// tests and benchmarks use it through start.ts.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import compress from "@fastify/compress";
import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { registerAccess } from "./auth/access.ts";
import type { ServiceContext } from "./context.ts";
import { ApiError, BODY_TOO_LARGE, errorHandler } from "./errors.ts";
import { registerHostCheck } from "./http/host-check.ts";
import { COMPRESSION } from "./http/compression.ts";
import { declareErrorResponses } from "./http/openapi-errors.ts";
import { registerSecurityHeaders } from "./http/security-headers.ts";
import { clientErrorHandler, serverTimeouts } from "./http/timeouts.ts";
import { ResponseCache } from "./ledger/response-cache.ts";
import { commitmentRoutes } from "./routes/commitments.ts";
import { enterpriseRoutes } from "./routes/enterprises.ts";
import { evaluateRoutes } from "./routes/evaluate.ts";
import { exportRoutes } from "./routes/exports.ts";
import { healthRoutes } from "./routes/health.ts";
import { paymentListRoutes } from "./routes/payment-list.ts";
import { paymentRoutes } from "./routes/payments.ts";
import { decisionRoutes } from "./routes/decisions.ts";
import { ledgerRoutes } from "./routes/ledger.ts";
import { noticeHistoryRoutes } from "./routes/notice-history.ts";
import { noticeRoutes } from "./routes/notices.ts";
import { provisionRoutes } from "./routes/provisions.ts";
import { sessionRoutes } from "./routes/session.ts";
import { receiptRoutes } from "./routes/receipts.ts";
import { summaryRoutes } from "./routes/summary.ts";
import { ageingRoutes } from "./routes/ageing.ts";
import { whatIfRoutes } from "./routes/whatif.ts";
import { registerStatic } from "./static.ts";

/** Excel on the web refuses requests over 5 MB; the add-in chunks below it, and so must every client. */
export const BODY_LIMIT = 5 * 1024 * 1024;

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export async function buildApp(ctx: ServiceContext): Promise<FastifyInstance> {
  const { config } = ctx;
  const timeouts = serverTimeouts(config);
  const https = config.tlsCert && config.tlsKey ? { cert: fs.readFileSync(config.tlsCert), key: fs.readFileSync(config.tlsKey), ...timeouts } : null;
  const app = Fastify({
    ...(https ? { https } : { http: timeouts }),
    requestTimeout: config.requestTimeoutMs,
    clientErrorHandler,
    trustProxy: config.trustProxy,
    logger: {
      level: config.logLevel,
      redact: { paths: ["req.headers.authorization"], censor: "[redacted]" },
    },
    bodyLimit: BODY_LIMIT,
    // Logged below instead: every write and every error at info, successful reads only at debug (a dashboard
    // polling the summary would otherwise spend more on log lines than on answers).
    logController: new LogController({ disableRequestLogging: true }),
    // A caller's own request ID (the add-in sends one per batch) is kept when it is harmless; else a new one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  // First of all: a request for another host name is answered before anything else looks at it.
  registerHostCheck(app, ctx.origin);
  await registerSecurityHeaders(app, config);
  // API answers compressed on the fly; the built pages and scripts are compressed at build time (static.ts).
  await app.register(compress, COMPRESSION);
  declareErrorResponses(app);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // The API speaks JSON only; a text body is refused with 415 rather than read as a string.
  app.removeContentTypeParser("text/plain");
  app.addHook("onSend", async (request, reply) => {
    void reply.header("X-Request-Id", request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const quiet = (request.method === "GET" || request.method === "HEAD") && reply.statusCode < 400;
    const entry = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, token: request.token?.name };
    if (quiet) request.log.debug(entry, "request completed");
    else request.log.info(entry, "request completed");
  });

  await app.register(cors, {
    // Same-origin pages (dashboard, add-in served from here) need no CORS; only the configured add-in origin gets it.
    origin: config.addinOrigin ? [config.addinOrigin] : false,
    methods: ["GET", "PUT", "POST"],
    allowedHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
    exposedHeaders: ["X-Request-Id", "Idempotent-Replayed", "Retry-After"],
    maxAge: 600,
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "重庆制造业补贴兑现台账服务 / Chongqing subsidy ledger service",
        version: "1",
        description: "Writes need an editor token (Authorization: Bearer …). Errors: { error: { code, message: { zh, en }, field } }.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook("onRequest", async (request, reply) => {
    const declared = Number(request.headers["content-length"] ?? 0);
    if (declared > BODY_LIMIT) {
      // Refused before reading. Node then drains the unread body so the client reads this answer instead of
      // a reset connection; a body far over the limit is not worth draining.
      if (declared > 4 * BODY_LIMIT) void reply.header("Connection", "close");
      throw new ApiError(413, "body_too_large", BODY_TOO_LARGE, "body");
    }
  });
  registerAccess(app, ctx.db, config);

  const cache = new ResponseCache(ctx.store);
  healthRoutes(app, ctx);
  sessionRoutes(app);
  provisionRoutes(app, ctx);
  evaluateRoutes(app, ctx);
  ledgerRoutes(app, ctx);
  summaryRoutes(app, ctx, cache);
  ageingRoutes(app, ctx, cache);
  commitmentRoutes(app, ctx);
  exportRoutes(app, ctx);
  paymentRoutes(app, ctx);
  decisionRoutes(app, ctx);
  paymentListRoutes(app, ctx);
  receiptRoutes(app, ctx);
  enterpriseRoutes(app, ctx);
  whatIfRoutes(app, ctx);
  noticeRoutes(app, ctx);
  noticeHistoryRoutes(app, ctx);
  app.get("/api/openapi.json", { schema: { hide: true }, config: { access: "public" } }, async () => app.swagger());

  await registerStatic(app, ctx);
  return app;
}
