/** The reference document service's config file, rendered by stack.ts into .stack/documents/config.json. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ServiceConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().positive(),
    dataDir: z.string().min(1),
    /** The national exchange platform's side: packages dropped here arrive in the clerk's queue. */
    intakeDir: z.string().min(1),
    /** Where the statuses and packages we send to other agencies are written. */
    exchangeOutDir: z.string().min(1),
    introspectionEndpoint: z.string().url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** Access tokens of these OIDC clients only (the desktop app); any other kind of token is refused. */
    allowedClients: z.array(z.string().min(1)).min(1),
    maxPackageBytes: z.number().int().positive(),
    maxBodyBytes: z.number().int().positive(),
    intakeIntervalMs: z.number().int().positive(),
  })
  .strict();
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export function readServiceConfig(file: string): ServiceConfig {
  return ServiceConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
