// Exported cells never start a formula: a spreadsheet would run "=HYPERLINK(…)" typed into a note.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to text that a spreadsheet would read as a formula. */
export function safeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
