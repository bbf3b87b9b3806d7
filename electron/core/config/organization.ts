import { z } from 'zod';

const endpoint = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
});

/** RFC 8707: an absolute URI without a fragment. */
const absoluteUri = z.string().url().refine((u) => !u.includes('#'), 'must not have a fragment');

const httpUrl = z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');

/**
 * The organization's servers: one identity provider and the services that
 * accept its token. Shipped with the installer (or in the policy file), never
 * typed in by a civil servant.
 */
export const organizationSchema = z
  .object({
    id: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, . _ -'),
    name: z.string().min(1),
    oidc: z.object({
      issuer: httpUrl,
      clientId: z.string().min(1),
      scopes: z.array(z.string().min(1)).min(1),
      /**
       * RFC 8707 resource indicators: a service listed here gets its own
       * access token for this resource URI; the others use the default token.
       */
      resources: z.object({ mail: absoluteUri, calendar: absoluteUri, files: absoluteUri, documents: absoluteUri }).partial().strict().optional(),
    }),
    mail: z.object({ imap: endpoint, smtp: endpoint }).optional(),
    calendar: z.object({ caldavUrl: httpUrl, agencyCalendarUrl: httpUrl.optional() }).optional(),
    files: z
      .object({
        webdavUrl: httpUrl,
        /** The department folders (departments/<id>/ below webdavUrl) the Files section lists; the server decides who may enter. */
        departments: z.array(z.object({ id: z.string().min(1).regex(/^[^/\\]+$/, 'one path segment'), name: z.string().min(1) }).strict()).optional(),
      })
      .optional(),
    documents: z.object({ apiUrl: httpUrl }).optional(),
    meetings: z.object({ baseUrl: httpUrl, linkPatterns: z.array(z.string()).optional() }).optional(),
  })
  .passthrough();

export type OrganizationConfig = z.infer<typeof organizationSchema>;
