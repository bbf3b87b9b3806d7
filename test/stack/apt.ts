/** The Debian packages the stack needs, installed when missing (scripts/system-packages.ts does the work). */
import { ensurePackages as ensureDebianPackages } from '../../scripts/system-packages.ts';

export const DEBIAN_PACKAGES = [
  'dovecot-imapd',
  'dovecot-lmtpd',
  'postfix',
  'apache2',
  'libapache2-mod-auth-openidc',
  'radicale',
  // vobject (Radicale's iCalendar library) needs pytz for a TZID without its
  // VTIMEZONE; it is only a Recommends, which --no-install-recommends skips.
  'python3-tz',
  // Radicale runs inside Apache (no port of its own to trust a header on).
  'libapache2-mod-wsgi-py3',
  // The sender milter: header From:/Sender: must be the signed-in user's.
  'python3-milter',
  'openssl',
  // DejaVu has the Vietnamese glyphs: the document seed writes its PDFs with it.
  'fonts-dejavu-core',
  // pdftotext: the tests read the seeded PDFs the way a reader does.
  'poppler-utils',
] as const;

// Postfix asks which setup to use; the stack brings its own config.
const POSTFIX_PRESEED = 'postfix postfix/main_mailer_type select No configuration\n';

export function ensurePackages(): Promise<void> {
  return ensureDebianPackages(DEBIAN_PACKAGES, POSTFIX_PRESEED);
}
