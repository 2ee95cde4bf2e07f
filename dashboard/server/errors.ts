// One error shape for every 4xx/5xx the API sends: a code, the message in zh-CN and en, and the field at
// fault ("rows.3.amount", "year", "body", "authorization"), with every issue when a body has several.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import { DatabaseUnavailable, unreachable } from "./db/open.ts";
import { ScansBusy } from "./db/scan-worker.ts";
import type { ErrorCode } from "../../shared/error-codes.ts";

export interface Text {
  zh: string;
  en: string;
}

export interface Issue {
  field: string;
  message: Text;
}

export interface ApiErrorBody {
  error: { code: string; message: Text; field: string; issues?: Issue[] };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly text: Text,
    readonly field: string,
    readonly issues?: Issue[],
  ) {
    super(text.en);
  }

  body(): ApiErrorBody {
    const error: ApiErrorBody["error"] = { code: this.code, message: this.text, field: this.field };
    if (this.issues) error.issues = this.issues;
    return { error };
  }
}

/** The schema of errors, for the OpenAPI document. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.object({ zh: z.string(), en: z.string() }),
    field: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.object({ zh: z.string(), en: z.string() }) })).optional(),
  }),
});

export const BODY_TOO_LARGE: Text = { zh: "请求体超过 5 MB 上限，请分批发送", en: "the request body exceeds the 5 MB limit; send it in smaller batches" };

const MAX_ISSUES = 200;
const zhErrors = z.locales.zhCN().localeError;

function fieldOf(path: readonly PropertyKey[], issue: z.core.$ZodIssue | undefined): string {
  const parts = path.map(String);
  // An unknown key is named by the key itself, so the caller sees which field to drop.
  if (issue?.code === "unrecognized_keys" && issue.keys.length > 0) parts.push(issue.keys[0] ?? "");
  return parts.join(".");
}

/** Issues of a failed zod parse, in both languages (the zh messages come from parsing again with zod's zh-CN locale). */
export function issuesOf(schema: z.ZodType | undefined, value: unknown, error: z.ZodError, prefix = ""): Issue[] {
  const zhIssues = schema?.safeParse(value, { error: zhErrors }).error?.issues ?? [];
  return error.issues.slice(0, MAX_ISSUES).map((issue, i) => {
    const zhIssue = zhIssues[i];
    const field = prefix + fieldOf(issue.path, issue);
    return { field: field || "body", message: { zh: zhIssue?.message ?? issue.message, en: issue.message } };
  });
}

const CONTEXT_LABEL: Record<string, Text> = {
  body: { zh: "请求体", en: "request body" },
  querystring: { zh: "查询参数", en: "query parameter" },
  params: { zh: "路径参数", en: "path parameter" },
  headers: { zh: "请求头", en: "header" },
};

function validationError(error: FastifyError, request: FastifyRequest): ApiError {
  const context = error.validationContext ?? "body";
  const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context === "querystring" ? "querystring" : context];
  const value = context === "body" ? request.body : context === "querystring" ? request.query : context === "params" ? request.params : request.headers;
  const zodSchema = schema instanceof z.ZodType ? schema : undefined;
  const parsed = zodSchema?.safeParse(value);
  let issues: Issue[];
  if (parsed && !parsed.success) {
    issues = issuesOf(zodSchema, value, parsed.error);
  } else {
    issues = (error.validation ?? []).map((v) => ({ field: v.instancePath.replace(/^\//, "").replaceAll("/", ".") || context, message: { zh: v.message ?? "", en: v.message ?? "" } }));
  }
  const first = issues[0] ?? { field: context, message: { zh: "无效", en: "invalid" } };
  const label = CONTEXT_LABEL[context] ?? { zh: context, en: context };
  const more = issues.length > 1 ? { zh: `（另有 ${issues.length - 1} 处）`, en: ` (and ${issues.length - 1} more)` } : { zh: "", en: "" };
  return new ApiError(
    400,
    "invalid_input",
    {
      zh: `${label.zh}字段 ${first.field} 无效：${first.message.zh}${more.zh}`,
      en: `${label.en} field ${first.field} is invalid: ${first.message.en}${more.en}`,
    },
    first.field,
    issues,
  );
}

/** Fastify's own request errors, reworded and given the field they concern. */
function frameworkError(error: FastifyError): ApiError | null {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ApiError(400, "invalid_json", { zh: `请求体不是有效的 JSON：${error.message}`, en: `the request body is not valid JSON: ${error.message}` }, "body");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ApiError(413, "body_too_large", BODY_TOO_LARGE, "body");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ApiError(415, "unsupported_media_type", { zh: "Content-Type 应为 application/json", en: "Content-Type must be application/json" }, "content-type");
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ApiError(400, "invalid_content_length", { zh: "Content-Length 与请求体长度不符", en: "Content-Length does not match the body" }, "content-length");
    case "FST_ERR_CTP_INVALID_TYPE":
      return new ApiError(415, "unsupported_media_type", { zh: "Content-Type 无效", en: "invalid Content-Type" }, "content-type");
    default:
      break;
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, "bad_request", { zh: `请求无效：${error.message}`, en: `bad request: ${error.message}` }, "request");
  }
  return null;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  let apiError: ApiError;
  const unavailable = error instanceof DatabaseUnavailable ? error : unreachable(error);
  if (error instanceof ApiError) apiError = error;
  else if (error instanceof ScansBusy) {
    void reply.header("retry-after", "1");
    apiError = new ApiError(503, "busy", error.text, "request");
  } else if (unavailable) {
    request.log.error({ err: error }, "database unavailable");
    apiError = new ApiError(503, "database_unavailable", unavailable.text, "database");
  }
  else if (hasZodFastifySchemaValidationErrors(error)) apiError = validationError(error, request);
  else {
    const known = frameworkError(error);
    if (known) apiError = known;
    else {
      request.log.error({ err: error }, "unhandled error");
      apiError = new ApiError(500, "internal", { zh: "服务器内部错误，请求未生效", en: "internal server error; the request had no effect" }, "request");
    }
  }
  if (apiError.status < 500) request.log.info({ code: apiError.code, field: apiError.field }, "request rejected");
  void reply.status(apiError.status).type("application/json; charset=utf-8").send(apiError.body());
}

export function notFoundBody(method: string, url: string): ApiErrorBody {
  return new ApiError(404, "not_found", { zh: `没有 ${method} ${url}`, en: `no route ${method} ${url}` }, "url").body();
}
