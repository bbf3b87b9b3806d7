// The headless host beside the demo stack it serves: its port and data folder
// follow the stack's settings, and lines for programs stay out of a person's terminal.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultDataDir, defaultHostPort, machineLines } from '../../../electron/host/defaults';

describe('host defaults', () => {
  afterEach(() => vi.restoreAllMocks());

  it('listens on the stack port base + 200: 47300 by default, 53300 for base 53100, GOVDESK_HOST_PORT first', () => {
    expect(defaultHostPort({})).toBe(47300);
    expect(defaultHostPort({ GOVDESK_STACK_PORT_BASE: '53100' })).toBe(53300);
    expect(defaultHostPort({ GOVDESK_STACK_PORT_BASE: '53100', GOVDESK_HOST_PORT: '40000' })).toBe(40000);
    expect(() => defaultHostPort({ GOVDESK_STACK_PORT_BASE: 'abc' })).toThrow(/not a port/);
  });

  it('keeps its data in the stack folder: GOVDESK_STACK_DIR/host-data, else .stack/host-data; GOVDESK_DATA_DIR first', () => {
    expect(defaultDataDir({}, '/repo')).toBe(join('/repo', '.stack', 'host-data'));
    expect(defaultDataDir({ GOVDESK_STACK_DIR: '/tmp/stack-b' }, '/repo')).toBe(join('/tmp/stack-b', 'host-data'));
    expect(defaultDataDir({ GOVDESK_STACK_DIR: '/tmp/stack-b', GOVDESK_DATA_DIR: 'here' }, '/repo')).toBe(resolve('here'));
  });

  it('prints machine lines (sign-in URLs among them) only when GOVDESK_MACHINE_LINES=1', () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    machineLines({})('GOVDESK_OPEN_EXTERNAL https://idp/auth?state=s&nonce=n');
    expect(write).not.toHaveBeenCalled();
    machineLines({ GOVDESK_MACHINE_LINES: '1' })('GOVDESK_HOST_READY http://127.0.0.1:1/');
    expect(write).toHaveBeenCalledWith('GOVDESK_HOST_READY http://127.0.0.1:1/\n');
  });
});
