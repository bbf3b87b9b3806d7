import { errorShape, type AppErrorShape, type ErrorCode, type ErrorIssue } from '../../shared/errors';

/** A failure the user may see: a stable code, plus detail for the log. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
  }

  toShape(): AppErrorShape {
    return errorShape(this.code, this.detail, this.issues);
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError('internal', detail);
}
