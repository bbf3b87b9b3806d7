/** The seed: deterministic Vietnamese demo data for one week, through the servers' storage formats. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { StackPaths } from '../config.ts';
import { writeCalendars } from './calendar.ts';
import { writeFiles } from './files.ts';
import { writeBenchmarkMail, writeDemoMail } from './mail.ts';
import { resolveWeek } from './util.ts';
import { seedBenchmarkDocuments, seedDocuments } from '../documents/seed.ts';

const MarkerSchema = z.object({ week: z.string(), today: z.string(), seededAt: z.string(), counts: z.record(z.string(), z.number()) });

export interface SeedOptions {
  /** Any day of the week to seed (YYYY-MM-DD); default today in Vietnam. */
  week?: string;
}

export async function seedDemo(p: StackPaths, opts: SeedOptions = {}): Promise<void> {
  const t0 = Date.now();
  const week = resolveWeek(opts.week);
  for (const d of [p.mail, p.davFiles, p.radicaleCollections]) mkdirSync(d, { recursive: true });
  const counts = {
    mail: writeDemoMail(p.mail, week),
    calendarItems: writeCalendars(p.radicaleCollections, week),
    files: writeFiles(p.davFiles, week),
    documents: (await seedDocuments(p, week)).documents,
  };
  writeFileSync(p.seedMarker, JSON.stringify({ week: week.monday, today: week.today, seededAt: new Date().toISOString(), counts }, null, 2));
  console.log(
    `Seeded the week of ${week.monday} (today ${week.today}): ${counts.mail} messages, ${counts.calendarItems} calendar items, ${counts.files} files, ${counts.documents} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

export function seedInfo(p: StackPaths): z.infer<typeof MarkerSchema> | undefined {
  if (!existsSync(p.seedMarker)) return undefined;
  const parsed = MarkerSchema.safeParse(JSON.parse(readFileSync(p.seedMarker, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

/** Seeds on the first start only (or when a different --week is asked for). */
export async function seedIfNeeded(p: StackPaths, opts: SeedOptions = {}): Promise<void> {
  const info = seedInfo(p);
  if (info && (!opts.week || resolveWeek(opts.week).today === info.today)) return;
  await seedDemo(p, opts);
}

export async function seedBenchmark(p: StackPaths, count: number): Promise<void> {
  const r = writeBenchmarkMail(p.mail, count);
  console.log(`Benchmark: ${r.count} messages in folder ${r.folder} in ${(r.ms / 1000).toFixed(1)} s`);
}

/** `seed --documents N`: N documents in the benchmark account's queue of the document service. */
export async function seedBenchmarkDocumentsCli(p: StackPaths, count: number): Promise<void> {
  const r = await seedBenchmarkDocuments(p, count, seedInfo(p)?.today ?? resolveWeek().today);
  console.log(`Benchmark: ${r.count} documents for the benchmark account in ${(r.ms / 1000).toFixed(1)} s`);
}
