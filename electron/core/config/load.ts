import { readFileSync } from 'node:fs';
import type { z } from 'zod';

export class ConfigFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ConfigFileError';
  }
}

/**
 * Reads a JSON config file and validates it. A missing optional file is
 * `undefined`; a present but broken one is an error naming the file and the
 * field, because a policy that silently fails to apply is worse than none.
 */
export function loadJsonFile<S extends z.ZodType>(path: string, schema: S, optional: boolean): z.output<S> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (optional && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigFileError(path, `cannot read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(path, `not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? first.path.join('.') : '(root)';
    throw new ConfigFileError(path, `${where}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
