import { z } from 'zod';
import { loadJsonFile } from './load';
import { organizationSchema, type OrganizationConfig } from './organization';
import { EMPTY_POLICY, policySchema, type Policy } from './policy';

// An organization file is either the config itself or a document that holds
// it under `organization` (the demo stack's stack.json is one).
const organizationFileSchema = z.union([organizationSchema, z.object({ organization: organizationSchema }).passthrough()]);

export function loadOrganizationFile(path: string): OrganizationConfig {
  const loaded = loadJsonFile(path, organizationFileSchema, false);
  if (!loaded) throw new Error(`${path}: missing`);
  return 'oidc' in loaded ? (loaded as OrganizationConfig) : (loaded as { organization: OrganizationConfig }).organization;
}

/** The policy file is optional; a broken one stops the start with its path and field named. */
export function loadPolicyFile(path: string | undefined): Policy {
  if (!path) return EMPTY_POLICY;
  return loadJsonFile(path, policySchema, true) ?? EMPTY_POLICY;
}

/** Where IT puts the policy file on each system, like Firefox's policies.json. */
export function defaultPolicyPath(platform: NodeJS.Platform): string {
  if (platform === 'win32') return `${process.env.ProgramData ?? 'C:\\ProgramData'}\\Govdesk\\policies.json`;
  if (platform === 'darwin') return '/Library/Application Support/Govdesk/policies.json';
  return '/etc/govdesk/policies.json';
}
