// Exported cells never start a formula: a spreadsheet would run "=HYPERLINK(…)" typed into a note. The guard is a
// single quote before the text; text that starts with a quote gets one too, so that the importer can take exactly
// one guard off (unguarded) and every exported text reads back as it was.
const GUARDED_START = /^[=+\-@\t\r']/;

/** Prefixes a single quote to text that a spreadsheet would read as a formula, or that starts with a quote. */
export function safeCell(text: string): string {
  return GUARDED_START.test(text) ? `'${text}` : text;
}

/** The text safeCell was given: one leading quote off, where safeCell would have put it. */
export function unguarded(text: string): string {
  return text.charCodeAt(0) === 39 && GUARDED_START.test(text.slice(1)) ? text.slice(1) : text;
}
