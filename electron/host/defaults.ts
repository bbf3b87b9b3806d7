// Where the headless host listens and keeps its data when not told: beside the
// demo stack it serves, so two checkouts with their own stacks (their own
// GOVDESK_STACK_PORT_BASE and GOVDESK_STACK_DIR) never share a port or a profile.
import { join, resolve } from 'node:path';

/** The stack's default identity-provider port, and the host's place in the same block. */
const STACK_DEFAULT_BASE = 47100;
const HOST_OFFSET = 200;

export function defaultHostPort(env: NodeJS.ProcessEnv): number {
  if (env.GOVDESK_HOST_PORT) return Number(env.GOVDESK_HOST_PORT);
  const base = env.GOVDESK_STACK_PORT_BASE ? Number(env.GOVDESK_STACK_PORT_BASE) : STACK_DEFAULT_BASE;
  if (!Number.isInteger(base) || base < 1 || base + HOST_OFFSET > 65535) throw new Error(`GOVDESK_STACK_PORT_BASE is not a port: ${env.GOVDESK_STACK_PORT_BASE}`);
  return base + HOST_OFFSET;
}

export function defaultDataDir(env: NodeJS.ProcessEnv, root: string): string {
  if (env.GOVDESK_DATA_DIR) return resolve(env.GOVDESK_DATA_DIR);
  return join(env.GOVDESK_STACK_DIR ? resolve(env.GOVDESK_STACK_DIR) : join(root, '.stack'), 'host-data');
}

/**
 * Lines for programs (the e2e fixture), never for people: printed only when
 * GOVDESK_MACHINE_LINES=1. They carry sign-in URLs (state, nonce, PKCE
 * challenge), which have no business in a person's terminal.
 */
export function machineLines(env: NodeJS.ProcessEnv): (line: string) => void {
  return env.GOVDESK_MACHINE_LINES === '1' ? (line) => process.stdout.write(`${line}\n`) : () => undefined;
}
