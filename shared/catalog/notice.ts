// An application notice (申报通知) as data: rules/notices/<id>.yaml. One round of one document: its window, its
// budget, and the figures actually paid as overrides by parameter path (shared/engine/parameters.ts), each checked
// against the document by shared/engine/notices.ts when the catalog is built.
import YAML from "yaml";
import { z } from "zod";
import { Amount, DocumentKey, Text } from "./schema.ts";

const IsoDate = z.iso.date();

export const Notice = z.strictObject({
  /** The file's name without .yaml. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  document: DocumentKey,
  title: Text,
  /** The notice's document number (文号), as printed; null where it has none. */
  number: z.string().min(1).nullable(),
  issued: IsoDate,
  /** The application window (申报时间), inclusive. */
  window: z.strictObject({ start: IsoDate, end: IsoDate }),
  /** The round's budget (本批次资金), where the notice states one. */
  budget: Amount.nullable().default(null),
  /** Figures by path, as the notice writes them: "8%", "1500万元". A notice may lower a ceiling, never raise it. */
  overrides: z.record(z.string().regex(/^[a-z0-9]+-[0-9]+[a-z]?\.[A-Za-z0-9.]+$/), z.union([z.string(), z.number()])).default({}),
  /** Conditions the notice sets, by provision ID: shown beside the figure, not computed. */
  conditions: z.record(z.string(), Text).default({}),
  /** Marked like the demo ledger: a sample for demonstration, not a notice the district issued. */
  sample: z.boolean().default(false),
  note: Text.optional(),
});
export type Notice = z.infer<typeof Notice>;

/** A notice refused: the file, and each issue naming its path (in zh and en where the check words one). */
export class NoticeError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
    readonly worded: readonly { path: string; message: Text }[] = [],
  ) {
    super(`${file}: ${issues.join("; ")}`);
  }
}

/**
 * IDs the service gives the notices entered through it (dashboard/server/notices/store.ts): no file may take one,
 * so a notice published in the service and a file added later can never share an ID.
 */
export const SERVICE_NOTICE_PREFIX = "api-";

/** Parses one notice file; its `id` must be the file's name, and not one of the service's. */
export function parseNotice(file: string, text: string): Notice {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (e) {
    throw new NoticeError(file, [`not valid YAML: ${(e as Error).message}`]);
  }
  const parsed = Notice.safeParse(data);
  if (!parsed.success) throw new NoticeError(file, parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`));
  const base = file.replace(/^.*\//, "").replace(/\.yaml$/, "");
  if (parsed.data.id !== base) throw new NoticeError(file, [`id: ${parsed.data.id} is not the file's name (${base})`]);
  if (base.startsWith(SERVICE_NOTICE_PREFIX)) throw new NoticeError(file, [`id: ${base} begins with ${SERVICE_NOTICE_PREFIX}, which only notices entered through the service take`]);
  return parsed.data;
}
