// vitest global setup for the integration tests: the demo stack's servers.
import { ensureStack } from '../stack/ensure.ts';

export default function setup(): Promise<() => Promise<void>> {
  return ensureStack();
}
