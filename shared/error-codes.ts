// Every error code the product answers with — the API's error bodies, the CLI's JSON errors, the engine's errors
// and the ledger check's violations — one code per failure, each with what it means. ApiError and CliError take
// only these; test/ledger/error-codes.test.ts fails on a code used in the sources but not listed here, a code listed
// and never used, or two codes for one meaning.
import type { Term } from "./terms.ts";
import type { AwardFindingCode } from "./ledger/award-events.ts";
import type { ViolationCode } from "./ledger/violation.ts";

export const ERROR_CODE_MEANINGS = {
  // The engine's errors (shared/engine/types.ts) and the ledger check's violations (shared/ledger/violation.ts).
  unknown_provision: { zh: "条款不存在", en: "no such provision" },
  invalid_input: { zh: "输入无效（字段已注明）", en: "an input is invalid (the field is named)" },
  not_in_force: { zh: "日期不在条款有效期内", en: "the date is outside the provision's time in force" },
  not_computable: { zh: "条款没有可计算的金额", en: "the provision states no computable sum" },
  invalid_credit_code: { zh: "统一社会信用代码无效", en: "the credit code is invalid" },
  duplicate_id: { zh: "申请编号重复", en: "an application ID appears twice" },
  status_inconsistent: { zh: "状态与金额不符", en: "the status and the amounts disagree" },
  approved_above_ceiling: { zh: "核定金额超过最高可补", en: "the approved amount is above the ceiling" },
  approved_below_floor: { zh: "核定金额低于最低额", en: "the approved amount is below the floor" },
  cap_exceeded: { zh: "跨行累计超过上限", en: "rows together exceed a cap" },
  paid_above_approved: { zh: "拨付金额超过核定金额", en: "paid is above approved" },
  stacking: { zh: "违反叠加原则", en: "two awards the stacking principle allows only one of" },
  // The ledger check's reading of a row's award as events (shared/ledger/award-events.ts).
  approval_before_application: { zh: "核准日期早于申请日期", en: "the approval date is before the application date" },
  approval_after_today: { zh: "核准日期晚于今天", en: "the approval date is after today" },
  paid_before_approval: { zh: "拨付日期早于核准日期", en: "a payment is dated before the approval" },
  approval_date_without_approval: { zh: "未核定的申请填有核准日期", en: "an application not approved has an approval date" },
  approval_date_not_recorded: { zh: "已核定但未记录核准日期", en: "approved, but the approval date is not recorded" },
  // The ledger's life: decisions and payments.
  not_evaluable: { zh: "该行无法计算最高可补，不能核定", en: "the row has no ceiling, so it cannot be approved" },
  invalid_date: { zh: "日期早于申请日期或晚于今天", en: "a date before the application date or after today" },
  invalid_transition: { zh: "当前状态不能进行此项办理", en: "the row's status does not allow this step" },
  separation_of_duties: { zh: "提交人不能审核自己的申请", en: "the submitter may not decide on their own application" },
  not_approved: { zh: "未核定的申请不能拨付", en: "an application not approved cannot be paid" },
  paid_below_payments: { zh: "拨付金额小于已记录的拨付", en: "the paid amount is below the payments recorded" },
  duplicate_voucher: { zh: "凭证号已使用", en: "the voucher number is already used" },
  approved_is_event: { zh: "已核定的金额只能通过办理事件改变，不能在台账中改写", en: "an approved amount changes only through a decision, not by rewriting the row" },
  version_conflict: { zh: "该行已被他人修改", en: "the row was changed by someone else meanwhile" },
  precondition_required: { zh: "修改需要 If-Match 版本号", en: "an edit needs If-Match with the version" },
  idempotency_key_reused: { zh: "幂等键已用于另一请求", en: "the idempotency key was used for another request" },
  receipts_refused: { zh: "回执文件被拒绝", en: "the receipts file is refused" },
  too_many_rows: { zh: "行数超过上限", en: "more rows than one request takes" },
  rejected_file: { zh: "文件中有无法读取的行", en: "the file has rows that cannot be read" },
  // Application notices entered through the service.
  notice_refused: { zh: "申报通知不符合其政策文件", en: "the notice does not hold within its document" },
  notice_published: { zh: "申报通知已发布，不能再修改", en: "the notice is published and can no longer change" },
  // Who may do what.
  unauthorized: { zh: "缺少令牌或令牌无效", en: "no token, or an unknown or revoked one" },
  role_required: { zh: "令牌没有所需角色", en: "the token lacks the role this needs" },
  forbidden_jurisdiction: { zh: "令牌不能访问其他兑现主体的数据", en: "the token may not reach another jurisdiction's rows" },
  token_unscoped: { zh: "令牌未限定经办单位，不能写入", en: "the token names no office, so it cannot write" },
  too_many_auth_failures: { zh: "认证失败次数过多，请稍后再试", en: "too many failed authentications; try again later" },
  // HTTP.
  not_found: { zh: "没有该资源", en: "no such resource" },
  bad_request: { zh: "请求不是有效的 HTTP 请求", en: "the request is not valid HTTP" },
  invalid_json: { zh: "请求体不是有效的 JSON", en: "the body is not valid JSON" },
  invalid_content_length: { zh: "Content-Length 与请求体不符", en: "Content-Length does not match the body" },
  unsupported_media_type: { zh: "Content-Type 应为 application/json", en: "Content-Type must be application/json" },
  body_too_large: { zh: "请求体过大", en: "the body is over the size limit" },
  headers_too_large: { zh: "请求头过大", en: "the headers are over the size limit" },
  invalid_host: { zh: "Host 请求头不是本服务的", en: "the Host header is not this service's" },
  request_timeout: { zh: "请求发送过慢，已超时", en: "the request arrived too slowly and timed out" },
  busy: { zh: "服务繁忙，请稍后再试", en: "the service is busy; try again shortly" },
  exports_busy: { zh: "同时进行的导出已达上限", en: "too many exports are running at once" },
  whatif_timeout: { zh: "政策模拟测算超时", en: "the what-if took too long" },
  writer_stopped: { zh: "台账写入线程在确认批次之前停止", en: "the ledger's writer thread stopped before acknowledging the batch" },
  database_unavailable: { zh: "数据库无法打开或不能写入", en: "the database cannot be opened or cannot take writes" },
  internal: { zh: "内部错误", en: "an internal error" },
  // The CLI's database commands.
  invalid_config: { zh: "配置无效", en: "the configuration is invalid" },
  file_exists: { zh: "目标文件已存在", en: "the target file exists" },
  backup_failed: { zh: "备份失败", en: "the backup failed" },
  backup_unsupported: { zh: "该数据库不支持此备份方式", en: "this database cannot be backed up this way" },
  schema_mismatch: { zh: "数据库结构版本不一致", en: "the databases' schema versions differ" },
  target_not_empty: { zh: "目标数据库不是空的", en: "the target database is not empty" },
  same_database: { zh: "源与目标是同一个数据库", en: "the source and the target are one database" },
  count_mismatch: { zh: "复制后行数不一致", en: "the row counts differ after the copy" },
  build_failed: { zh: "构建失败", en: "the build failed" },
} as const satisfies Record<string, Term>;

export type ErrorCode = keyof typeof ERROR_CODE_MEANINGS;
export const ERROR_CODES = Object.keys(ERROR_CODE_MEANINGS) as ErrorCode[];

/** Every violation code is an error code: the two lists cannot drift apart. */
export type ViolationCodesRegistered = ViolationCode extends ErrorCode ? true : never;
export const VIOLATION_CODES_REGISTERED: ViolationCodesRegistered = true;

/** Every award finding's code is an error code too. */
export type AwardFindingCodesRegistered = AwardFindingCode extends ErrorCode ? true : never;
export const AWARD_FINDING_CODES_REGISTERED: AwardFindingCodesRegistered = true;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODE_MEANINGS, code);
}
