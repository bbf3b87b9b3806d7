import { z } from 'zod';
import { userSettingsSchema } from '../../../shared/settings';
import { organizationSchema } from './organization';

/**
 * The IT department's policy file, in the spirit of Firefox's policies.json:
 * `settings` are fixed (shown locked), `defaults` are preset but the user may
 * change them. Unknown keys are an error, so a typo never silently unlocks.
 */
export const policySchema = z
  .object({
    organization: organizationSchema.optional(),
    settings: userSettingsSchema.partial().strict().optional(),
    defaults: userSettingsSchema.partial().strict().optional(),
    /** Extra link schemes the system browser may open, e.g. a video-conference app's. */
    externalSchemes: z.array(z.string().regex(/^[a-z][a-z0-9+.-]*:$/)).optional(),
    updates: z.object({ enabled: z.boolean(), url: z.string().url().optional() }).strict().optional(),
    /** selfApproval: a reviewer may approve an agency schedule entry they proposed (off unless set). */
    calendar: z.object({ selfApproval: z.boolean() }).strict().optional(),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export const EMPTY_POLICY: Policy = {};
