import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrganizationFile, loadPolicyFile } from '../../../electron/core/config/files';
import { tempDir } from './helpers';

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function write(name: string, body: string): string {
  const dir = tempDir();
  dirs.push(dir);
  const path = join(dir.path, name);
  writeFileSync(path, body);
  return path;
}

const org = { id: 'so-demo', name: 'Sở Demo', oidc: { issuer: 'http://127.0.0.1:47100', clientId: 'govdesk', scopes: ['openid'] } };

describe('config files', () => {
  it('read an organization file, alone or inside a stack.json', () => {
    expect(loadOrganizationFile(write('org.json', JSON.stringify(org))).name).toBe('Sở Demo');
    expect(loadOrganizationFile(write('stack.json', JSON.stringify({ issuer: 'x', organization: org }))).id).toBe('so-demo');
  });

  it('name the file and the field of a broken policy', () => {
    const path = write('policies.json', JSON.stringify({ settings: { language: 'fr' } }));
    expect(() => loadPolicyFile(path)).toThrow(/policies\.json: settings\.language/);
  });

  it('refuse a policy with a misspelt key instead of silently not locking', () => {
    const path = write('policies.json', JSON.stringify({ setings: { language: 'vi' } }));
    expect(() => loadPolicyFile(path)).toThrow(/policies\.json/);
  });

  it('read the documents settings of a policy, and refuse lead times or a size limit it cannot mean', () => {
    const ok = { settings: { documentDeadlineLeadDays: [2, 0] }, defaults: { documentsOfflineLimitMb: 1024 } };
    expect(loadPolicyFile(write('policies.json', JSON.stringify(ok)))).toEqual(ok);
    expect(() => loadPolicyFile(write('policies.json', JSON.stringify({ settings: { documentDeadlineLeadDays: [3] } })))).toThrow(/policies\.json: settings\.documentDeadlineLeadDays/);
    expect(() => loadPolicyFile(write('policies.json', JSON.stringify({ settings: { documentDeadlineLeadDays: [2, 2] } })))).toThrow(/documentDeadlineLeadDays/);
    expect(() => loadPolicyFile(write('policies.json', JSON.stringify({ defaults: { documentsOfflineLimitMb: '500 MB' } })))).toThrow(/policies\.json: defaults\.documentsOfflineLimitMb/);
    expect(() => loadPolicyFile(write('policies.json', JSON.stringify({ defaults: { documentsOfflineLimitMb: 0 } })))).toThrow(/documentsOfflineLimitMb/);
  });

  it('treat a missing policy file as no policy, and bad JSON as an error', () => {
    expect(loadPolicyFile('/nonexistent/policies.json')).toEqual({});
    expect(() => loadPolicyFile(write('p.json', '{ nope'))).toThrow(/not valid JSON/);
  });
});
