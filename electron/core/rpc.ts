// The gate every call passes: the renderer is untrusted, like a web page, so
// the name must be in the contract and the params must match its schema
// before any handler runs (ARCHITECTURE rule 2).
import { calls, isCallName, type CallName, type CallResult, type ParsedParams } from '../../shared/api';
import { errorShape, type CallResponse } from '../../shared/errors';
import { toAppError } from './errors';
import type { Logger } from './log';

export type Handler<K extends CallName> = (params: ParsedParams<K>) => Promise<CallResult<K>> | CallResult<K>;
/** Every call must have a handler: a missing one is a compile error in the composition root. */
export type Handlers = { [K in CallName]: Handler<K> };

export type Dispatch = (name: unknown, params: unknown) => Promise<CallResponse<unknown>>;

export function createDispatcher(handlers: Handlers, log: Logger): Dispatch {
  return async (name, params) => {
    if (!isCallName(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 80) : typeof name;
      log.log('warn', 'unknown call refused', { name: shown });
      return { ok: false, error: errorShape('call.unknown', `no call named "${shown}"`) };
    }
    const parsed = calls[name].params.safeParse(params === undefined ? {} : params);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(params)', message: i.message }));
      log.log('warn', 'invalid params refused', { name, issues });
      return { ok: false, error: errorShape('call.invalid_params', `${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues) };
    }
    try {
      const handler = handlers[name] as Handler<typeof name>;
      const result = await handler(parsed.data as never);
      return { ok: true, result };
    } catch (err) {
      const appErr = toAppError(err);
      log.log(appErr.code === 'internal' ? 'error' : 'warn', 'call failed', {
        name,
        code: appErr.code,
        detail: appErr.detail,
        stack: appErr.code === 'internal' && err instanceof Error ? err.stack : undefined,
      });
      return { ok: false, error: appErr.toShape() };
    }
  };
}
