// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet. Characters 9–17 are the organisation
// code (主体标识码, GB 11714-1997: eight characters and their own check character), and the 18th is the check
// character of the first 17. A code is valid only when both check characters are right: a typo in the organisation
// code that happens to leave the 18th character right is still caught.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714-1997 §2.1.2: weights of the organisation code's eight characters; digits 0–9, then A = 10 … Z = 35. */
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** Where the organisation code starts in the credit code (0-based: characters 9–17). */
const ORGANISATION_START = 8;

/** Character code → value in the alphabet, -1 outside it (a ledger checks a code per row: no string search). */
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

/** The check character for the first 17 characters, or null if any is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  return first17.length === 17 ? checkCharOfFirst17(first17) : null;
}

/** The check character of a code's first 17 characters (the code need not be cut to them: no copy per row). */
function checkCharOfFirst17(code: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = code.charCodeAt(i);
    const value = ch < 128 ? (VALUE[ch] ?? -1) : -1;
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check] ?? null;
}

/** A character's value in the organisation code: 0–9 for digits, A = 10 … Z = 35; -1 for anything else. */
function organisationValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 65 && ch <= 90) return ch - 55;
  return -1;
}

/**
 * The organisation code's check character (GB 11714-1997 §2.1.2: C9 = 11 − MOD(Σ Ci × Wi, 11), 10 written X and 11
 * written 0) for the eight characters of `code` from `start`; null when one is not a digit or capital letter.
 */
function organisationCheckChar(code: string, start: number): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const value = organisationValue(code.charCodeAt(start + i));
    if (value < 0) return null;
    sum += value * (ORGANISATION_WEIGHTS[i] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? "X" : check === 11 ? "0" : String(check);
}

/** The full 18-character code for its first 16 characters: the organisation code's check character, then the code's. */
export function completeCreditCode(first16: string): string | null {
  if (first16.length !== 16) return null;
  const organisation = organisationCheckChar(first16, ORGANISATION_START);
  if (organisation === null) return null;
  const check = creditCodeCheckChar(first16 + organisation);
  return check === null ? null : first16 + organisation + check;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Why a code is invalid, for the ledger check's message; null when valid. */
export function creditCodeProblem(code: string): { zh: string; en: string } | null {
  if (code.length !== 18) return { zh: `应为18位，实为${code.length}位`, en: `must be 18 characters, has ${code.length}` };
  const expected = checkCharOfFirst17(code);
  if (expected === null) return { zh: "含有不允许的字符（不使用 I、O、Z、S、V）", en: "contains a character outside the code's alphabet (no I, O, Z, S, V)" };
  const organisation = organisationCheckChar(code, ORGANISATION_START);
  const zh: string[] = [];
  const en: string[] = [];
  if (expected !== code[17]) {
    zh.push(`第18位校验码应为 ${expected}`);
    en.push(`the check character (18th) should be ${expected}`);
  }
  if (organisation !== code[ORGANISATION_START + 8]) {
    const body = code.slice(ORGANISATION_START, ORGANISATION_START + 8);
    zh.push(`第9–17位组织机构代码 ${body}-${code[16]} 的校验码应为 ${organisation}（GB 11714）`);
    en.push(`the organisation code in characters 9–17, ${body}-${code[16]}, should end in ${organisation} (GB 11714)`);
  }
  return zh.length === 0 ? null : { zh: zh.join("；"), en: en.join("; ") };
}
