import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

// Secrets never reach a log file, whatever a caller passes in.
const SECRET_KEY = /token|password|secret|authorization|cookie|code_verifier|^code$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** JSON lines in <logs>/core.log; also stderr when GOVDESK_LOG_STDERR is set (dev, e2e). */
export function fileLogger(logsDir: string, now: () => number, scope = 'core'): Logger {
  const file = join(logsDir, 'core.log');
  const toStderr = Boolean(process.env.GOVDESK_LOG_STDERR);
  const make = (s: string): Logger => ({
    log(level, msg, fields) {
      const line = JSON.stringify({ t: new Date(now()).toISOString(), level, scope: s, msg, ...(redact(fields ?? {}) as object) });
      try {
        // Created 0600: the log names the user and their servers.
        appendFileSync(file, line + '\n', { mode: 0o600 });
      } catch {
        // A full or read-only disk must not take the app down with it.
      }
      if (toStderr) process.stderr.write(line + '\n');
    },
    child: (sub) => make(`${s}.${sub}`),
  });
  return make(scope);
}

export const silentLogger: Logger = { log: () => undefined, child: () => silentLogger };
