// What every benchmark prints: figures as JSON lines on stdout (BENCH.md),
// progress on stderr.
export const log = (msg: string): void => void process.stderr.write(`# ${msg}\n`);

export const emit = (metric: string, value: number, unit: string, n: number, note: string): void =>
  void process.stdout.write(JSON.stringify({ metric, value: Math.round(value * 100) / 100, unit, n, note }) + '\n');

/** The p-th percentile of an ascending list, by nearest rank (the smallest value with p % of the list at or below it). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}
