import { describe, expect, it } from 'vitest';
import { ianaZone, resolveZone } from '../../../electron/core/calendar/zones';

const w = (y: number, mo: number, d: number, h: number, mi = 0) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 });
const iso = (ms: number) => new Date(ms).toISOString();

describe('time zones', () => {
  it('reads a time inside a DST gap after the gap, and an ambiguous one as its first occurrence (RFC 5545 3.3.5)', () => {
    const ny = ianaZone('America/New_York')!;
    expect(iso(ny.toUtc(w(2025, 3, 9, 2, 30)))).toBe('2025-03-09T07:30:00.000Z'); // 03:30 EDT
    expect(iso(ny.toUtc(w(2025, 11, 2, 1, 30)))).toBe('2025-11-02T05:30:00.000Z'); // 01:30 EDT
    expect(ny.toWall(Date.UTC(2025, 6, 1, 12))).toEqual(w(2025, 7, 1, 8));
  });

  it('knows Hanoi time, Windows zone names, and says when it knows nothing', () => {
    expect(iso(ianaZone('Asia/Ho_Chi_Minh')!.toUtc(w(2025, 11, 24, 7, 30)))).toBe('2025-11-24T00:30:00.000Z');
    expect(resolveZone('SE Asia Standard Time', new Map())?.id).toBe('Asia/Bangkok');
    expect(resolveZone('Not/AZone', new Map())).toBeNull();
  });
});
