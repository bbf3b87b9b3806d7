// Errors are values with a stable code (ARCHITECTURE rule 6). The code is the
// contract: the renderer maps it to an i18n key `errors.<code>`; detail is for
// logs and for the "details" fold, never the headline.

export const ERROR_CODES = [
  'call.unknown',
  'call.invalid_params',
  'call.forbidden',
  'bridge.disconnected',
  'settings.locked',
  'shell.url_not_allowed',
  'auth.not_configured',
  'auth.required',
  'auth.in_progress',
  'auth.cancelled',
  'auth.timeout',
  'auth.state_mismatch',
  'auth.provider_error',
  'auth.invalid_response',
  'auth.unreachable',
  'auth.reauth_required',
  'mail.not_configured',
  'mail.offline',
  'mail.not_found',
  'mail.open_failed',
  'mail.folder_not_found',
  'mail.send_refused',
  'mail.sender_refused',
  'mail.recipient_refused',
  'mail.server_refused',
  'mail.too_large',
  'mail.attachment_too_large',
  'mail.remote_failed',
  'mail.outbox_not_found',
  'mail.outbox_not_editable',
  'mail.outbox_already_sent',
  'mail.some_recipients_refused',
  'mail.auth_unavailable',
  'mail.follow_up_past',
  'calendar.not_configured',
  'calendar.unreachable',
  'calendar.unauthorized',
  'calendar.forbidden',
  'calendar.self_approval',
  'calendar.read_only',
  'calendar.not_found',
  'calendar.server_error',
  'calendar.conflict',
  'calendar.invalid_object',
  'calendar.no_meeting_service',
  'calendar.not_task',
  'calendar.invalid_task',
  'calendar.invalid_meeting_link',
  'reminders.not_found',
  'sync.unreachable',
  'sync.timeout',
  'sync.server_error',
  'documents.not_configured',
  'documents.unreachable',
  'documents.unauthorized',
  'documents.forbidden',
  'documents.not_found',
  'documents.conflict',
  'documents.duplicate',
  'documents.invalid_request',
  'documents.cursor_expired',
  'documents.too_large',
  'documents.server_error',
  'documents.invalid_response',
  'documents.invalid_package',
  'documents.open_failed',
  'files.not_configured',
  'files.unreachable',
  'files.forbidden',
  'files.not_found',
  'files.locked',
  'files.full',
  'files.server_error',
  'files.exists',
  'files.changed',
  'files.busy',
  'files.cannot_cancel',
  'files.not_available_offline',
  'files.upload_incomplete',
  'files.invalid_target',
  'files.save_failed',
  'export.unsupported',
  'export.failed',
  'shell.not_exported',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  /** i18n key of the user-facing message: always `errors.<code>`. */
  messageKey: string;
  /** Technical detail for the log and a "details" fold; never shown as the headline. */
  detail?: string;
  /** For call.invalid_params: which field was wrong. */
  issues?: ErrorIssue[];
}

export function errorShape(code: ErrorCode, detail?: string, issues?: ErrorIssue[]): AppErrorShape {
  return { code, messageKey: `errors.${code}`, ...(detail ? { detail } : {}), ...(issues ? { issues } : {}) };
}

/** The envelope every bridge answer travels in. */
export type CallResponse<R> = { ok: true; result: R } | { ok: false; error: AppErrorShape };
