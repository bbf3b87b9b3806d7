// Finding the online meeting an event is about, and making a new one.
// Invitations carry the link in different places depending on who sent them:
// RFC 7986 CONFERENCE, vendor X- properties (Teams, Google), URL, or only
// inside LOCATION or DESCRIPTION text. The first match in that order wins,
// because the structured places are the ones a sender meant as "the" link.
import { randomBytes } from 'node:crypto';
import type { MeetingLinkCheck } from '../../../shared/calendar';
import { AppError } from '../errors';
import { externalUrlAllowed } from '../links';

export type MeetingVendor = 'jitsi' | 'zoom' | 'teams' | 'meet' | 'webex' | 'organization';
export type LinkSource = 'conference' | 'xprop' | 'url' | 'location' | 'description';

export interface MeetingLink {
  url: string;
  vendor: MeetingVendor;
  source: LinkSource;
}

export interface LinkFields {
  url: string;
  conferences: readonly string[];
  location: string;
  description: string;
  xprops: ReadonlyArray<readonly [string, string]>;
}

const VENDORS: ReadonlyArray<[MeetingVendor, RegExp]> = [
  ['zoom', /^https:\/\/([a-z0-9-]+\.)*(zoom\.us|zoomgov\.com|zoom\.com)\/(j|w|my|s|wc)\//i],
  ['teams', /^https:\/\/(teams\.microsoft\.com\/l\/meetup-join\/|teams\.live\.com\/meet\/|teams\.microsoft\.com\/meet\/)/i],
  ['meet', /^https:\/\/meet\.google\.com\/[a-z]{3,}-[a-z]{3,}-[a-z]{3,}/i],
  ['webex', /^https:\/\/([a-z0-9-]+\.)*webex\.com\/(meet|join|[a-z0-9-]+\/j\.php|wbxmjs)/i],
  ['jitsi', /^https:\/\/(meet\.jit\.si|8x8\.vc|[a-z0-9.-]*jitsi[a-z0-9.-]*)\/[^\s/]+/i],
];

// Vendor properties that hold the join link itself.
const VENDOR_XPROPS = [
  'X-MICROSOFT-SKYPETEAMSMEETINGURL',
  'X-MICROSOFT-ONLINEMEETINGEXTERNALLINK',
  'X-MICROSOFT-ONLINEMEETINGCONFLINK',
  'X-GOOGLE-CONFERENCE',
  'X-GOOGLE-HANGOUT',
  'X-ZOOM-MEETING-URL',
  'X-WEBEX-MEETING-URL',
  'X-JITSI-URL',
  'X-GOVDESK-MEETING-URL',
];

const URL_IN_TEXT = /https:\/\/[^\s<>"'()\]]+/gi;

export interface LinkMatcher {
  /** The first meeting link of an event, or null. */
  find(fields: LinkFields): MeetingLink | null;
  /** Which meeting service one link belongs to, or null when it is not one the matcher knows. */
  vendorOf(url: string): MeetingVendor | null;
}

/**
 * Builds a matcher for the usual vendors plus the organization's own
 * video-conference system: its configured base address and `linkPatterns`
 * (regular expressions from the organization's config; an invalid one is
 * reported through onBadPattern and skipped, never fatal).
 */
export function linkMatcher(opts: { baseUrl?: string; linkPatterns?: readonly string[]; onBadPattern?: (p: string, err: string) => void } = {}): LinkMatcher {
  const org: RegExp[] = [];
  if (opts.baseUrl) {
    try {
      const base = new URL(opts.baseUrl);
      const path = base.pathname.replace(/\/+$/, '');
      org.push(new RegExp(`^${escapeRegex(`${base.protocol}//${base.host}${path}`)}/[^\\s/?#]+`, 'i'));
    } catch (err) {
      opts.onBadPattern?.(opts.baseUrl, (err as Error).message);
    }
  }
  for (const p of opts.linkPatterns ?? []) {
    try {
      org.push(new RegExp(p, 'i'));
    } catch (err) {
      opts.onBadPattern?.(p, (err as Error).message);
    }
  }

  const classify = (candidate: string): MeetingVendor | null => {
    const url = trimUrl(candidate);
    if (!/^https?:\/\//i.test(url)) return null;
    if (org.some((r) => r.test(url))) return 'organization';
    for (const [vendor, re] of VENDORS) if (re.test(url)) return vendor;
    return null;
  };

  return {
    vendorOf: (url) => classify(url.trim()),
    find(fields) {
      const tryOne = (candidate: string, source: LinkSource, anyUrl = false): MeetingLink | null => {
        const url = trimUrl(candidate.trim());
        const vendor = classify(url);
        if (vendor) return { url, vendor, source };
        // CONFERENCE and the vendors' own properties are meeting links by
        // definition, whoever hosts them.
        if (anyUrl && /^https:\/\/[^\s]+$/i.test(url)) return { url, vendor: 'organization', source };
        return null;
      };
      for (const c of fields.conferences) {
        const hit = tryOne(c, 'conference', true);
        if (hit) return hit;
      }
      for (const [name, value] of fields.xprops) {
        const known = VENDOR_XPROPS.includes(name);
        if (!known && !/MEETING|CONFERENCE|CONF/i.test(name)) continue;
        const hit = tryOne(value, 'xprop', known);
        if (hit) return hit;
      }
      if (fields.url) {
        const hit = tryOne(fields.url, 'url');
        if (hit) return hit;
      }
      for (const [text, source] of [
        [fields.location, 'location'],
        [fields.description, 'description'],
      ] as const) {
        for (const m of text.matchAll(URL_IN_TEXT)) {
          const hit = tryOne(m[0], source);
          if (hit) return hit;
        }
      }
      return null;
    },
  };
}

/**
 * A link the user pasted as an event's meeting: it must be one the app would
 * open (the links.ts allow-list: http(s), no credentials), and plain http only
 * for a service the matcher knows (the organization's own, say) since a join
 * link over http gives the room away. An https link of a service it does not
 * know is kept, as CONFERENCE, and said to be 'other'.
 */
export function checkMeetingLink(raw: string, matcher: LinkMatcher): MeetingLinkCheck {
  const url = trimUrl(raw.trim());
  if (!/^https?:\/\//i.test(url) || !externalUrlAllowed(url)) throw new AppError('calendar.invalid_meeting_link', url.slice(0, 200));
  const vendor = matcher.vendorOf(url);
  if (!vendor && !/^https:/i.test(url)) throw new AppError('calendar.invalid_meeting_link', `plain http: ${url.slice(0, 200)}`);
  return { url, vendor: vendor ?? 'other' };
}

/** Punctuation that ends a sentence is not part of a link written in prose. */
function trimUrl(url: string): string {
  return url.replace(/[.,;:!?]+$/, '');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A new meeting room at the organization's Jitsi-style service. The room name
 * is 128 random bits: Jitsi rooms have no password by default, so a room that
 * can be guessed is a meeting anyone can walk into.
 */
export function newMeetingLink(baseUrl: string, random: (n: number) => Buffer = randomBytes): string {
  const base = new URL(baseUrl);
  const room = base32(random(16));
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return `${base.protocol}//${base.host}${path}${room}`;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
