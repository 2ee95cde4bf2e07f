// A batch's refusal or failure, as it crosses from the writer thread to the service's: the same ApiError (status,
// code, both texts, field, issues), DatabaseUnavailable or error (message and driver code) is thrown on this side,
// so the answer is the one the write would give on the service's own thread.
import { DatabaseUnavailable } from "../db/open.ts";
import { ApiError, type Issue, type Text } from "../errors.ts";
import type { ErrorCode } from "../../../shared/error-codes.ts";

export type ErrorData =
  | { kind: "api"; status: number; code: ErrorCode; text: Text; field: string; issues?: Issue[] }
  | { kind: "unavailable"; text: Text }
  | { kind: "error"; name: string; message: string; code?: unknown; stack?: string };

export function errorData(e: unknown): ErrorData {
  if (e instanceof ApiError) return { kind: "api", status: e.status, code: e.code, text: e.text, field: e.field, ...(e.issues ? { issues: e.issues } : {}) };
  if (e instanceof DatabaseUnavailable) return { kind: "unavailable", text: e.text };
  const error = e instanceof Error ? e : new Error(String(e));
  const code = (error as { code?: unknown }).code;
  return { kind: "error", name: error.name, message: error.message, ...(code === undefined ? {} : { code }), ...(error.stack ? { stack: error.stack } : {}) };
}

export function errorOf(data: ErrorData): Error {
  if (data.kind === "api") return new ApiError(data.status, data.code, data.text, data.field, data.issues);
  if (data.kind === "unavailable") return new DatabaseUnavailable(data.text);
  const error = Object.assign(new Error(data.message), data.code === undefined ? {} : { code: data.code });
  error.name = data.name;
  if (data.stack) error.stack = data.stack;
  return error;
}
