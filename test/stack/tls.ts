/** A self-signed certificate for the identity provider's https listener (Apache needs https). */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.ts';

export function ensureIdpCertificate(dir: string): { certFile: string; keyFile: string } {
  mkdirSync(dir, { recursive: true });
  const certFile = path.join(dir, 'idp-cert.pem');
  const keyFile = path.join(dir, 'idp-key.pem');
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650',
      '-keyout', keyFile, '-out', certFile,
      '-subj', '/O=Govdesk demo stack/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
  }
  return { certFile, keyFile };
}
