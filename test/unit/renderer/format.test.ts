// Dates and times in the app's language, whatever the machine's locale:
// Vietnamese day first and 24-hour; today's items by their time alone.
import { describe, expect, it } from 'vitest';
import { parseTypedDate } from '../../../renderer/src/ui/typed-date';
import { formatClock, formatListWhen, formatMoment, formatStamp } from '../../../renderer/src/ui/format';

// 13:01 on Monday 7 December 2026 in Ha Noi.
const AT = Date.UTC(2026, 11, 7, 6, 1);

describe('format', () => {
  it('writes a time 24-hour in Vietnamese and with am/pm in English', () => {
    expect(formatClock(AT, 'vi')).toBe('13:01');
    expect(formatClock(AT, 'en')).toMatch(/^1:01\s?pm$/i);
  });

  it('shows a list item of today by its time alone, an older one by its date, day first', () => {
    expect(formatListWhen(AT, 'vi', AT + 3_600_000)).toBe('13:01');
    expect(formatListWhen(AT, 'vi', AT + 2 * 86_400_000)).toBe('07/12/2026');
    expect(formatListWhen(AT, 'en', AT + 2 * 86_400_000)).toBe('7 Dec 2026');
    expect(formatStamp(AT, 'vi', AT + 2 * 86_400_000)).toBe('07/12/2026 13:01');
  });

  it('writes a moment date first, then the time (not "lúc 13:01 Thứ Hai, 7 tháng 12, 2026")', () => {
    expect(formatMoment(AT, 'vi')).toBe('Thứ Hai, 07/12/2026, 13:01');
    expect(formatMoment(AT, 'en')).toMatch(/^Monday, 7 Dec 2026, 1:01\s?pm$/i);
  });
});

describe('parseTypedDate', () => {
  it('reads what a person types, day first, and refuses what is not a date', () => {
    expect(parseTypedDate('25/12/2026', 'vi')).toBe('2026-12-25');
    expect(parseTypedDate('7-12-2026', 'vi')).toBe('2026-12-07');
    expect(parseTypedDate('2026-12-07', 'vi')).toBe('2026-12-07');
    expect(parseTypedDate('12/25/2026', 'vi')).toBeNull();
    expect(parseTypedDate('31/02/2026', 'vi')).toBeNull();
    expect(parseTypedDate('7 Dec 2026', 'en')).toBe('2026-12-07');
    expect(parseTypedDate('Dec 7, 2026', 'en')).toBe('2026-12-07');
    expect(parseTypedDate('hôm qua', 'vi')).toBeNull();
  });
});
