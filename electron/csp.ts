// One Content-Security-Policy for every way the renderer is served: no inline
// script, no eval, no remote code, no plugins, no framing by others.
export function contentSecurityPolicy(opts: { connect?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${opts.connect?.length ? ' ' + opts.connect.join(' ') : ''}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
