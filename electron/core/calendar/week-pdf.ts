// The file name the agency week's PDF is offered under: the ISO week
// (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday),
// as agencies number their weekly schedules.
import { mondayOf } from './week-schedule';

export function isoWeek(date: string): { year: number; week: number } {
  const [y, m, d] = mondayOf(date).split('-').map(Number) as [number, number, number];
  const thursday = new Date(Date.UTC(y, m - 1, d + 3));
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** lich-cong-tac-tuan-2026-W49.pdf for any day of that week. */
export function agencyWeekPdfName(date: string): string {
  const { year, week } = isoWeek(date);
  return `lich-cong-tac-tuan-${year}-W${String(week).padStart(2, '0')}.pdf`;
}
