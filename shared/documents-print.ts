// The Documents section's printed outputs (Decree 30/2020/NĐ-CP, Appendix VI):
// the incoming register (sổ đăng ký văn bản đến) and the report of processing
// by unit (báo cáo tình hình giải quyết văn bản). Both are computed by the core
// from the cache; the renderer lays them out in the agencies' printed form and
// prints them through the same path as the agency schedule (PdfExport).
// Composed into the one contract in shared/api.ts.
import { z } from 'zod';
import type { CallSpec, PdfSaveResult } from './api';
import type { Confidentiality, Urgency } from './documents';

function call<R>() {
  return <P extends z.ZodType>(params: P): CallSpec<P, R> => ({ params });
}

/** A real calendar day 'YYYY-MM-DD' (2026-02-30 is refused, not rolled over). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar day');

/** The longest period printed at once: a register is kept per year, a report covers at most a few. */
export const MAX_PRINT_DAYS = 3 * 366;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const range = {
  /** First day, in Vietnam's calendar. */
  from: day,
  /** Last day, included. */
  to: day,
};

function checkRange<S extends z.ZodType<{ from: string; to: string }>>(schema: S): S {
  return schema
    .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['to'] })
    .refine((p) => p.from > p.to || daysBetween(p.from, p.to) < MAX_PRINT_DAYS, { message: `at most ${MAX_PRINT_DAYS} days`, path: ['to'] });
}

export const PRINT_KINDS = ['register', 'report'] as const;
export type PrintKind = (typeof PRINT_KINDS)[number];

export const documentsPrintParams = {
  register: checkRange(
    z
      .object({
        ...range,
        /** Which register (the server's name, e.g. 'den'; secret documents have their own); absent: the ordinary one. */
        register: z.string().min(1).max(60).optional(),
      })
      .strict(),
  ),
  report: checkRange(z.object(range).strict()),
  exportPdf: checkRange(z.object({ kind: z.enum(PRINT_KINDS), ...range }).strict()),
};

/** One line of the incoming register, in the columns of Decree 30 (Appendix IV). */
export interface RegisterRow {
  /** The document's id in the cache (to open it). */
  id: string;
  /** Year of the register the number belongs to (numbers start again on 1 January). */
  year: number;
  /** Số đến. */
  number: number;
  /** Ngày đến: the day it arrived, in Vietnam ('YYYY-MM-DD'). */
  arrivalDate: string;
  /** The day it was entered in the register, in Vietnam. */
  registeredDate: string;
  /** Tác giả: the issuing agency. */
  author: string;
  /** Số, ký hiệu: "125/STTTT-CĐS". */
  code: string;
  /** Ngày tháng văn bản ('YYYY-MM-DD'), when known. */
  documentDate: string | null;
  /** Tên loại (type) and trích yếu nội dung (abstract). */
  typeName: string;
  subject: string;
  /** Đơn vị hoặc người nhận: who it was handed to (the lead first, then co-workers), else the leader it was submitted to. */
  receivers: { name: string; role: 'lead' | 'co' | 'submitted' }[];
  /** Ghi chú: what the register notes about it. */
  notes: {
    urgency: Urgency | null;
    confidentiality: Confidentiality | null;
    /** Registered after the day Decree 30 allows. */
    lateRegistration: boolean;
    takenBack: boolean;
  };
}

export interface RegisterInfo {
  /** The server's name of the register ('den', 'den-mat', …). */
  name: string;
  /** Holds documents of a confidentiality above ordinary (the secret register). */
  secret: boolean;
  /** Its lines in the period. */
  count: number;
}

export interface IncomingRegister {
  /** The agency whose register it is (the organization's name). */
  agency: string;
  from: string;
  to: string;
  /** The register shown; null when no document was registered in the period. */
  register: string | null;
  secret: boolean;
  /** Every register with lines in the period, the ordinary one first. */
  registers: RegisterInfo[];
  /** In order of year, then số đến. */
  rows: RegisterRow[];
}

/** What became of the work given to a unit or a person: counted per assignment (chủ trì or phối hợp). */
export interface ProcessingCounts {
  assigned: number;
  /** Of which as chủ trì (lead). */
  lead: number;
  /** Finished on or before the deadline's day (or without a deadline). */
  onTime: number;
  /** Finished after the deadline's day. */
  late: number;
  /** Not finished yet. */
  notDone: number;
  /** Of those not finished, the deadline's day is past. */
  overdue: number;
}

export interface ProcessingPerson {
  username: string;
  name: string;
  counts: ProcessingCounts;
}

export interface ProcessingUnit {
  /** The unit's id; '' for people whose unit the cache does not know. */
  id: string;
  name: string;
  counts: ProcessingCounts;
  /** Specialists given the work inside the unit, or people assigned directly (where the cache knows them). */
  people: ProcessingPerson[];
}

export interface ProcessingReport {
  agency: string;
  from: string;
  to: string;
  /** Epoch ms the states are counted at ("not done", "overdue"). */
  asOf: number;
  /** Documents given to units or people in the period (the leader's assignment, or an internal copy's). */
  documents: number;
  units: ProcessingUnit[];
  totals: ProcessingCounts;
}

export const documentPrintCalls = {
  /** The incoming register for a period, from the cache: the lines registered in it, by year and số đến. */
  'documents.register': call<IncomingRegister>()(documentsPrintParams.register),
  /** Processing by unit (and person) of the work assigned in a period, from the cache, counted now. */
  'documents.processingReport': call<ProcessingReport>()(documentsPrintParams.report),
  /**
   * Prints the window (showing the register or the report, in its print stylesheet: A4 landscape)
   * to a PDF where the user chooses, as the agency schedule does. The headless host answers
   * export.unsupported: the UI then opens the print dialog.
   */
  'documents.exportPrintPdf': call<PdfSaveResult>()(documentsPrintParams.exportPdf),
} as const;
