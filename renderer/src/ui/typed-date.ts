// Dates as a person types them, in the app's language (no React: unit-tested under Node).

/** How a date is shown and typed in each language: Vietnamese day first. */
export function dateFormatOf(language: string): string {
  return language.startsWith('vi') ? 'DD/MM/YYYY' : 'D MMM YYYY';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * What a person types, as a 'YYYY-MM-DD' date: "7/12/2026" and "07-12-2026"
 * (day first), "2026-12-07", and in English also "7 Dec 2026" or "Dec 7, 2026".
 * Anything else is not a date (null), and the field keeps its last value.
 */
export function parseTypedDate(text: string, language: string): string | null {
  const s = text.trim().toLowerCase();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
  if (!language.startsWith('vi')) {
    m = /^(\d{1,2})\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})$/.exec(s);
    if (m && MONTHS.includes(m[2]!)) return iso(Number(m[3]), MONTHS.indexOf(m[2]!) + 1, Number(m[1]));
    m = /^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
    if (m && MONTHS.includes(m[1]!)) return iso(Number(m[3]), MONTHS.indexOf(m[1]!) + 1, Number(m[2]));
  }
  return null;
}
