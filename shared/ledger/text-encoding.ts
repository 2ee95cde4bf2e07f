// The text of a CSV file from its bytes. Excel writes UTF-8 with a byte-order mark ("CSV UTF-8"), UTF-16 with one
// ("Unicode 文本"), and — Chinese Windows' "CSV (逗号分隔)" — the system code page, GBK, with no mark at all. A file
// is decoded as strict UTF-8 first; where that fails, as GB18030 (a superset of GBK and GB2312), unless the bytes
// are plainly UTF-8 with a few damaged, which is said rather than guessed at. The encoding used is returned, so
// that every caller can say which it was.
import type { Text } from "../catalog/schema.ts";

export const TEXT_ENCODINGS = ["utf-8", "gb18030", "utf-16le", "utf-16be"] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** What a caller may ask for: one of the encodings (GBK and GB2312 read as GB18030, their superset), or auto. */
export type EncodingChoice = TextEncoding | "auto";

const ALIASES: Record<string, EncodingChoice> = {
  auto: "auto",
  "utf-8": "utf-8",
  utf8: "utf-8",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
  cp936: "gb18030",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
};

/** The choice a user's word names (utf8, GBK, …), or null when it names none. */
export function encodingChoice(text: string): EncodingChoice | null {
  return ALIASES[text.trim().toLowerCase()] ?? null;
}

export const ENCODING_LABEL: Record<TextEncoding, string> = { "utf-8": "UTF-8", gb18030: "GB18030", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE" };

export type Decoded = { ok: true; text: string; encoding: TextEncoding; detected: boolean } | { ok: false; reason: Text };

const BOMS: { encoding: TextEncoding; bytes: number[] }[] = [
  { encoding: "utf-8", bytes: [0xef, 0xbb, 0xbf] },
  { encoding: "utf-16le", bytes: [0xff, 0xfe] },
  { encoding: "utf-16be", bytes: [0xfe, 0xff] },
];

function bomOf(bytes: Uint8Array): TextEncoding | null {
  for (const { encoding, bytes: mark } of BOMS) if (mark.every((b, i) => bytes[i] === b)) return encoding;
  return null;
}

/** Strict decoding (a byte that is not of the encoding fails); the byte-order mark, if any, is dropped. */
function strict(bytes: Uint8Array, encoding: TextEncoding): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Counts the well-formed UTF-8 sequences of two to four bytes and the bytes that start none, and where the first of
 * those is. GBK text is mostly bytes that start no UTF-8 sequence; UTF-8 text with a damaged byte is mostly
 * well-formed sequences.
 */
function utf8Shape(bytes: Uint8Array): { wellFormed: number; broken: number; firstBroken: number } {
  let wellFormed = 0;
  let broken = 0;
  let firstBroken = -1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k++) ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (ok) {
      wellFormed++;
      i += length;
    } else {
      broken++;
      if (firstBroken < 0) firstBroken = i;
      i++;
    }
  }
  return { wellFormed, broken, firstBroken };
}

/** The line (1-based) the byte at `offset` is on. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Well-formed UTF-8 sequences outnumbering broken bytes this many times over mean a damaged UTF-8 file, not GBK. */
const DAMAGED_UTF8_RATIO = 4;

export function decodeText(bytes: Uint8Array, choice: EncodingChoice = "auto"): Decoded {
  if (choice !== "auto") {
    const text = strict(bytes, choice);
    if (text !== null) return { ok: true, text, encoding: choice, detected: false };
    return { ok: false, reason: { zh: `文件不是有效的 ${ENCODING_LABEL[choice]} 编码文本`, en: `the file is not valid ${ENCODING_LABEL[choice]} text` } };
  }
  const marked = bomOf(bytes);
  if (marked !== null) {
    const text = strict(bytes, marked);
    if (text !== null) return { ok: true, text, encoding: marked, detected: true };
    return { ok: false, reason: { zh: `文件以 ${ENCODING_LABEL[marked]} 字节顺序标记开头，但内容不是有效的 ${ENCODING_LABEL[marked]}`, en: `the file starts with a ${ENCODING_LABEL[marked]} byte-order mark but is not valid ${ENCODING_LABEL[marked]}` } };
  }
  const utf8 = strict(bytes, "utf-8");
  if (utf8 !== null) return { ok: true, text: utf8, encoding: "utf-8", detected: true };
  const shape = utf8Shape(bytes);
  if (shape.wellFormed > DAMAGED_UTF8_RATIO * shape.broken) {
    const at = shape.firstBroken;
    const line = lineOf(bytes, at);
    const hex = (bytes[at] as number).toString(16).toUpperCase().padStart(2, "0");
    return {
      ok: false,
      reason: {
        zh: `文件是 UTF-8 编码，但第 ${line} 行有损坏的字节（0x${hex}，第 ${at} 字节）；请修复或重新保存后再导入，或指定编码`,
        en: `the file is UTF-8 but line ${line} has a damaged byte (0x${hex} at byte ${at}); repair or re-save it, or name its encoding`,
      },
    };
  }
  const gb = strict(bytes, "gb18030");
  if (gb !== null) return { ok: true, text: gb, encoding: "gb18030", detected: true };
  return { ok: false, reason: { zh: "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）；请以“CSV UTF-8”格式另存后再导入", en: "the file's encoding is neither UTF-8 nor GBK/GB18030; save it as “CSV UTF-8” and import again" } };
}
