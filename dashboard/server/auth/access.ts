// Who may do what: every write needs a token of an office with a writing role (what it may write there is
// permissions.ts's, per route); reads need a token unless the configuration opens them (by default only to
// requests from this machine); `token` routes (GET /api/session) need a live token of any kind, from anywhere. Failed authentications count towards the failure limit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ServerConfig } from "../config.ts";
import type { Db } from "../db/open.ts";
import { ApiError } from "../errors.ts";
import { FailureLimiter } from "./failure-limiter.ts";
import { assertWriter } from "./permissions.ts";
import { tokenVerifier, type TokenInfo } from "./tokens.ts";

/** token: any live token, whatever its office or roles (GET /api/session); no token is 401 wherever the request comes from. */
export type Access = "public" | "read" | "token" | "write";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    token: TokenInfo | null;
  }
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function unauthorized(en: string, zh: string): ApiError {
  return new ApiError(401, "unauthorized", { zh, en }, "authorization");
}

export function registerAccess(app: FastifyInstance, db: Db, config: ServerConfig): void {
  const verify = tokenVerifier(db);
  const limiter = new FailureLimiter(config.authFailureLimit, config.authFailureWindowMs);
  app.decorateRequest("token", null);

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const access = request.routeOptions.config.access ?? "public";
    if (access === "public") return;
    const header = request.headers.authorization;
    /** A failed authentication: 401, or 429 once this address has failed too often (a valid token is never refused). */
    const fail = (error: ApiError): never => {
      void reply.header("WWW-Authenticate", 'Bearer realm="subsidy"');
      const wait = limiter.fail(request.ip);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        void reply.header("Retry-After", seconds);
        throw new ApiError(
          429,
          "too_many_auth_failures",
          { zh: `认证失败次数过多，请 ${seconds} 秒后再试（${error.text.zh}）`, en: `too many failed authentications; retry in ${seconds} s (${error.text.en})` },
          "authorization",
        );
      }
      throw error;
    };
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match?.[1]) fail(unauthorized("the Authorization header must be `Bearer <token>`", "Authorization 请求头应为 `Bearer <令牌>`"));
      const token = await verify(match?.[1] ?? "");
      if (!token) fail(unauthorized("the token is unknown or revoked", "令牌无效或已撤销"));
      request.token = token;
    }
    if (access === "write") {
      if (!request.token) fail(unauthorized("writing needs a token (Authorization: Bearer <token>)", "写入需要令牌（Authorization: Bearer <令牌>）"));
      assertWriter(request.token);
      return;
    }
    if (access === "token") {
      if (!request.token) fail(unauthorized("this needs a token (Authorization: Bearer <token>)", "需要令牌（Authorization: Bearer <令牌>）"));
      return;
    }
    if (request.token) return;
    if (config.readAccess === "open") return;
    if (config.readAccess === "local" && LOOPBACK.has(request.ip)) return;
    fail(unauthorized("reading needs a token from this address", "从此地址读取需要令牌"));
  });
}
