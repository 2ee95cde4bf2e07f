// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet, the last a check character.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

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

export function isValidCreditCode(code: string): boolean {
  return code.length === 18 && checkCharOfFirst17(code) === code[17];
}

/** Why a code is invalid, for the ledger check's message; null when valid. */
export function creditCodeProblem(code: string): { zh: string; en: string } | null {
  if (code.length !== 18) return { zh: `应为18位，实为${code.length}位`, en: `must be 18 characters, has ${code.length}` };
  const expected = checkCharOfFirst17(code);
  if (expected === null) return { zh: "含有不允许的字符（不使用 I、O、Z、S、V）", en: "contains a character outside the code's alphabet (no I, O, Z, S, V)" };
  if (expected !== code[17]) return { zh: `校验码应为 ${expected}`, en: `the check character should be ${expected}` };
  return null;
}
