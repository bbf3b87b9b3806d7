// Placing a day's timed entries on a grid: entries that overlap share the
// width in columns, the way desktop calendars draw a busy morning.
import { SCHEDULE_ZONE } from './dates';

/** Minutes since midnight of `date` (in the schedule's zone) at which an instant falls: below 0 or above 1440 when on another day. */
export function minuteOfDay(ms: number, date: string, zone = SCHEDULE_ZONE): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  if (day === date) return minutes;
  return day < date ? -1 : 24 * 60 + 1;
}

export interface Placed<T> {
  item: T;
  span: [number, number];
  column: number;
  /** How many columns the cluster of overlapping entries it belongs to needs. */
  columns: number;
}

/** Assigns each entry the first free column; every entry of an overlapping cluster gets the cluster's width. */
export function dayColumns<T>(entries: Array<{ item: T; span: [number, number] }>): Placed<T>[] {
  const sorted = [...entries].sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
  const out: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = -Infinity;
  const close = () => {
    const width = Math.max(1, ...cluster.map((p) => p.column + 1));
    for (const p of cluster) p.columns = width;
    cluster = [];
    clusterEnd = -Infinity;
  };
  for (const e of sorted) {
    if (e.span[0] >= clusterEnd) close();
    const busy = new Set(cluster.filter((p) => p.span[1] > e.span[0]).map((p) => p.column));
    let column = 0;
    while (busy.has(column)) column++;
    const placed: Placed<T> = { ...e, column, columns: 1 };
    cluster.push(placed);
    out.push(placed);
    clusterEnd = Math.max(clusterEnd, e.span[1]);
  }
  close();
  return out;
}
