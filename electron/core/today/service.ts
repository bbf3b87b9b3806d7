// Today, the home screen: every section from its source, in one call.
import type { TodayView } from '../../../shared/today';
import { addDays, msToDateKey, startOfDate, type Zone } from '../calendar/zones';
import type { Logger } from '../log';
import type { TodaySource } from './source';

export function todayView(sources: readonly TodaySource[], zone: Zone, nowMs: number, log?: Logger): TodayView {
  const w = zone.toWall(nowMs);
  const date = msToDateKey(Date.UTC(w.year, w.month - 1, w.day));
  const day = { date, fromMs: startOfDate(date, zone), toMs: startOfDate(addDays(date, 1), zone), nowMs, zone: zone.id };
  let attention = 0;
  const sections = sources.map((s) => {
    try {
      const items = s.items(day);
      attention += s.attention?.(items) ?? 0;
      return { id: s.id, items };
    } catch (err) {
      // One section that fails must not blank the home screen.
      log?.log('error', 'today source failed', { source: s.id, err: err instanceof Error ? err.message : String(err) });
      return { id: s.id, items: [] };
    }
  });
  return { date, sections, attention };
}
