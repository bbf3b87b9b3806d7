import { describe, expect, it } from 'vitest';
import { checkMeetingLink, linkMatcher, newMeetingLink, type LinkFields } from '../../../electron/core/calendar/meeting-links';
import { AppError } from '../../../electron/core/errors';

const fields = (f: Partial<LinkFields>): LinkFields => ({ url: '', conferences: [], location: '', description: '', xprops: [], ...f });

describe('meeting link detection', () => {
  const m = linkMatcher({ baseUrl: 'https://meet.so-demo.invalid', linkPatterns: ['^https://hop\\.tinh-demo\\.gov\\.vn/phong/\\w+'] });

  it.each([
    ['jitsi', 'https://meet.jit.si/GiaoBanTuanSo'],
    ['zoom', 'https://us02web.zoom.us/j/81234567890?pwd=abc'],
    ['teams', 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d'],
    ['meet', 'https://meet.google.com/abc-defg-hij'],
    ['webex', 'https://sodemo.webex.com/meet/nguyen.anh'],
    ['organization', 'https://meet.so-demo.invalid/q3k2x7'],
    ['organization', 'https://hop.tinh-demo.gov.vn/phong/123'],
  ] as const)('finds %s in the description text', (vendor, url) => {
    expect(m.find(fields({ description: `Tham gia họp trực tuyến tại: ${url}. Trân trọng.` }))).toEqual({ url, vendor, source: 'description' });
  });

  it('prefers CONFERENCE, then vendor properties, then URL, then LOCATION, then DESCRIPTION', () => {
    const all = fields({
      conferences: ['https://meet.google.com/aaa-bbbb-ccc'],
      xprops: [['X-MICROSOFT-SKYPETEAMSMEETINGURL', 'https://teams.microsoft.com/l/meetup-join/x']],
      url: 'https://us02web.zoom.us/j/1',
      location: 'https://meet.jit.si/room',
      description: 'https://sodemo.webex.com/meet/x',
    });
    expect(m.find(all)?.source).toBe('conference');
    expect(m.find({ ...all, conferences: [] })).toMatchObject({ source: 'xprop', vendor: 'teams' });
    expect(m.find({ ...all, conferences: [], xprops: [] })).toMatchObject({ source: 'url', vendor: 'zoom' });
    expect(m.find({ ...all, conferences: [], xprops: [], url: '' })).toMatchObject({ source: 'location', vendor: 'jitsi' });
  });

  it('reads Google’s X-GOOGLE-CONFERENCE and takes any https CONFERENCE as a meeting', () => {
    expect(m.find(fields({ xprops: [['X-GOOGLE-CONFERENCE', 'https://meet.google.com/xyz-abcd-efg']] }))).toMatchObject({ vendor: 'meet', source: 'xprop' });
    expect(m.find(fields({ conferences: ['https://video.example.org/r/1'] }))).toMatchObject({ vendor: 'organization', source: 'conference' });
  });

  it('ignores links that are not meetings, and non-https schemes', () => {
    expect(m.find(fields({ description: 'Tài liệu: https://example.com/bao-cao.pdf', url: 'https://so-demo.invalid' }))).toBeNull();
    expect(m.find(fields({ conferences: ['tel:+84241234567'] }))).toBeNull();
    expect(m.find(fields({ location: 'javascript:alert(1)//meet.jit.si/x' }))).toBeNull();
  });

  it('skips an invalid organization pattern and says so', () => {
    const bad: string[] = [];
    const m2 = linkMatcher({ linkPatterns: ['(unclosed'], onBadPattern: (p) => bad.push(p) });
    expect(bad).toEqual(['(unclosed']);
    expect(m2.find(fields({ location: 'https://meet.jit.si/abc' }))?.vendor).toBe('jitsi');
  });
});

describe('new meeting links', () => {
  it('makes an unguessable room under the configured base address', () => {
    const a = newMeetingLink('https://meet.so-demo.invalid');
    const b = newMeetingLink('https://meet.so-demo.invalid/rooms/');
    expect(a).toMatch(/^https:\/\/meet\.so-demo\.invalid\/[a-z2-7]{26}$/);
    expect(b).toMatch(/^https:\/\/meet\.so-demo\.invalid\/rooms\/[a-z2-7]{26}$/);
    expect(new Set(Array.from({ length: 100 }, () => newMeetingLink('https://m.invalid'))).size).toBe(100);
    expect(linkMatcher({ baseUrl: 'https://meet.so-demo.invalid' }).find(fields({ conferences: [a] }))?.url).toBe(a);
  });
});

describe('a meeting link the user pastes', () => {
  const m = linkMatcher({ baseUrl: 'http://127.0.0.1:8443/meet' });
  const refused = (url: string) => {
    try {
      checkMeetingLink(url, m);
      return null;
    } catch (err) {
      return err instanceof AppError ? err.code : String(err);
    }
  };

  it('is named by its service, trimmed as pasted', () => {
    expect(checkMeetingLink('  https://us02web.zoom.us/j/81234567890?pwd=abc.  ', m)).toEqual({ url: 'https://us02web.zoom.us/j/81234567890?pwd=abc', vendor: 'zoom' });
    expect(checkMeetingLink('https://meet.google.com/abc-defg-hij', m).vendor).toBe('meet');
    // The organization's own service may be plain http (the demo's is).
    expect(checkMeetingLink('http://127.0.0.1:8443/meet/phong-hop', m).vendor).toBe('organization');
    // An https link of a service nobody configured is still a link to join.
    expect(checkMeetingLink('https://hop.vnpt-demo.vn/room/42', m)).toEqual({ url: 'https://hop.vnpt-demo.vn/room/42', vendor: 'other' });
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'mailto:a@b.vn', 'https://user:pw@zoom.us/j/1', 'http://zoom-not-really.example/j/1', 'phòng họp tầng 2', 'https://'])(
    'refuses %s with calendar.invalid_meeting_link',
    (url) => expect(refused(url)).toBe('calendar.invalid_meeting_link'),
  );
});
