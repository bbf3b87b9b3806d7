import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const FIX = path.join(ROOT, 'test/fixtures/edxml');

function check(files: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/edxml.ts'), 'check', ...files], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, lines: r.stdout.trim().split('\n') };
}

describe('npm run edxml -- check', () => {
  it('prints ok and the main fields as one JSON line per good file, exit 0', () => {
    const r = check([path.join(FIX, 'foreign-prefixed.edxml'), path.join(FIX, 'status-unknown-code.edxml')]);
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(2);
    const [first, second] = r.lines.map((l) => {
      expect(l.startsWith('ok {')).toBe(true);
      return JSON.parse(l.slice(3)) as Record<string, unknown>;
    });
    expect(first).toMatchObject({ kind: 'document', number: '4521/UBND-KGVX', type: 'Công văn', urgency: 'thuong_khan', dueDate: '2025-03-20' });
    expect(second).toMatchObject({ kind: 'status', statusCode: '09' });
  });

  it('prints refused and the reason, and exits non-zero when any file is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edxml-'));
    const bad = path.join(dir, 'thieu-so.edxml');
    writeFileSync(bad, '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope/></edXML>');
    const r = check([path.join(FIX, 'foreign-unprefixed.edxml'), bad, path.join(dir, 'khong-co.edxml')]);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/^ok \{/);
    expect(r.lines[1]).toBe(`refused ${bad}: edXML/edXMLEnvelope/edXMLHeader: missing: edXML/edXMLEnvelope has no edXMLHeader`);
    expect(r.lines[2]).toMatch(/^refused .*khong-co\.edxml: ENOENT/);
  });

  it('refuses a file above the configured limit', () => {
    const r = check([path.join(FIX, 'foreign-prefixed.edxml')], { GOVDESK_EDXML_MAX_BYTES: '1000' });
    expect(r.status).toBe(1);
    expect(r.lines[0]).toMatch(/too_large: \d+ bytes, the limit is 1000$/);
  });
});
