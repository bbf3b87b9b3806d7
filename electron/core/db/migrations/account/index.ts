import type { Migration } from '../../migrate';
import m001 from './001_outbox.sql';
import m002 from './002_mail.sql';
import m003 from './003_calendar.sql';
import m004 from './004_mail_remote.sql';
import m005 from './005_mail_inline_parts.sql';
import m006 from './006_mail_threads.sql';
import m007 from './007_cal_local_acks.sql';
import m008 from './008_cal_local_snoozes.sql';
import m009 from './009_mail_words.sql';
import m010 from './010_documents.sql';
import m011 from './011_files.sql';
import m012 from './012_reminders.sql';
import m013 from './013_documents_layout.sql';
import m014 from './014_documents_texts.sql';
import m015 from './015_documents_imports.sql';
import m016 from './016_documents_print.sql';
import m017 from './017_documents_file_opened.sql';
import m018 from './018_mail_followups.sql';
import m019 from './019_reminders_detail.sql';
import m020 from './020_files_paging.sql';
import m021 from './021_documents_due.sql';
import m022 from './022_mail_unread_page.sql';
import m023 from './023_documents_todo_deadline.sql';

/** The per-account cache (one database per organization + user). Features append here. */
export const accountMigrations: readonly Migration[] = [{ version: 1, name: '001_outbox', sql: m001 }, { version: 2, name: '002_mail', sql: m002 }, { version: 3, name: '003_calendar', sql: m003 }, { version: 4, name: '004_mail_remote', sql: m004 }, { version: 5, name: '005_mail_inline_parts', sql: m005 }, { version: 6, name: '006_mail_threads', sql: m006 }, { version: 7, name: '007_cal_local_acks', sql: m007 }, { version: 8, name: '008_cal_local_snoozes', sql: m008 }, { version: 9, name: '009_mail_words', sql: m009 }, { version: 10, name: '010_documents', sql: m010 }, { version: 11, name: '011_files', sql: m011 }, { version: 12, name: '012_reminders', sql: m012 }, { version: 13, name: '013_documents_layout', sql: m013 }, { version: 14, name: '014_documents_texts', sql: m014 }, { version: 15, name: '015_documents_imports', sql: m015 }, { version: 16, name: '016_documents_print', sql: m016 }, { version: 17, name: '017_documents_file_opened', sql: m017 }, { version: 18, name: '018_mail_followups', sql: m018 }, { version: 19, name: '019_reminders_detail', sql: m019 }, { version: 20, name: '020_files_paging', sql: m020 }, { version: 21, name: '021_documents_due', sql: m021 }, { version: 22, name: '022_mail_unread_page', sql: m022 }, { version: 23, name: '023_documents_todo_deadline', sql: m023 }];
