// The sections other than Today, each its own chunk loaded when first opened:
// the window shows Today at start, and parsing every section's code before it
// cost a cold start most of a second (`npm run bench today`, issue 17).
// Vite emits the chunks beside the main bundle, loaded as module scripts from
// the same origin, which the CSP allows.
import { lazy } from 'react';

export const MailPage = lazy(() => import('../features/mail/MailPage').then((m) => ({ default: m.MailPage })));
export const DocumentsPage = lazy(() => import('../features/documents/DocumentsPage').then((m) => ({ default: m.DocumentsPage })));
export const FilesPage = lazy(() => import('../features/files/FilesPage').then((m) => ({ default: m.FilesPage })));
export const SchedulePage = lazy(() => import('../features/schedule/SchedulePage').then((m) => ({ default: m.SchedulePage })));
export const RemindersPage = lazy(() => import('../features/reminders/RemindersPage').then((m) => ({ default: m.RemindersPage })));
export const SettingsPage = lazy(() => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
