// The tray's and dock's words and icon for a count of what needs the user.
import { describe, expect, it } from 'vitest';
import { badgeLabel, trayBitmap, trayText } from '../../../electron/tray-text';

/** The pixel at x, y of a BGRA bitmap as [r, g, b, a]. */
function pixel(px: Buffer, size: number, x: number, y: number): number[] {
  const i = (y * size + x) * 4;
  return [px[i + 2]!, px[i + 1]!, px[i]!, px[i + 3]!];
}

describe('tray and dock text', () => {
  it('says how many items need the user, in Vietnamese and English', () => {
    expect(trayText(3, 'vi').tooltip).toBe('Govdesk: 3 mục cần xử lý');
    expect(trayText(1, 'en').tooltip).toBe('Govdesk: 1 item needs you');
    expect(trayText(12, 'en').tooltip).toBe('Govdesk: 12 items need you');
    expect(trayText(0, 'vi').tooltip).toBe('Govdesk: không có gì cần xử lý');
    expect(trayText(0, 'en').tooltip).toBe('Govdesk: nothing needs you');
  });

  it('names the menu in the user’s language', () => {
    expect(trayText(0, 'vi')).toMatchObject({ open: 'Mở Govdesk', today: 'Hôm nay', quit: 'Thoát' });
    expect(trayText(0, 'en')).toMatchObject({ open: 'Open Govdesk', today: 'Today', quit: 'Quit' });
  });

  it('has a taskbar overlay only while something waits', () => {
    expect(trayText(0, 'vi').overlay).toBeNull();
    expect(trayText(2, 'vi').overlay).toBe('2 mục cần xử lý');
  });

  it('shows a count on the badge as a person expects: nothing for none, 99+ past 99, never negative or fractional', () => {
    expect(badgeLabel(0)).toBe('');
    expect(badgeLabel(7)).toBe('7');
    expect(badgeLabel(99)).toBe('99');
    expect(badgeLabel(100)).toBe('99+');
    expect(badgeLabel(-2)).toBe('');
    expect(badgeLabel(2.7)).toBe('2');
    expect(badgeLabel(Number.NaN)).toBe('');
    expect(trayText(-1, 'en').tooltip).toBe('Govdesk: nothing needs you');
  });
});

describe('tray icon', () => {
  it('is the navy square, with a red dot in its top right corner while something waits', () => {
    const size = 32;
    const idle = trayBitmap(size, false);
    const waiting = trayBitmap(size, true);
    expect(idle).toHaveLength(size * size * 4);
    expect(pixel(idle, size, 8, 8)).toEqual([0x12, 0x35, 0x5b, 0xff]);
    expect(pixel(idle, size, 26, 5)).toEqual([0x12, 0x35, 0x5b, 0xff]);
    expect(pixel(waiting, size, 26, 5)).toEqual([0xda, 0x25, 0x1d, 0xff]);
    // Only the dot differs, and the corners stay transparent.
    expect(pixel(waiting, size, 8, 8)).toEqual(pixel(idle, size, 8, 8));
    expect(pixel(idle, size, 0, 0)[3]).toBe(0);
  });

  it('draws the overlay as the red dot alone on transparency', () => {
    const size = 32;
    const dot = trayBitmap(size, true, true);
    expect(pixel(dot, size, 16, 16)).toEqual([0xda, 0x25, 0x1d, 0xff]);
    expect(pixel(dot, size, 0, 0)[3]).toBe(0);
    expect(trayBitmap(size, false, true).every((b) => b === 0)).toBe(true);
  });
});
