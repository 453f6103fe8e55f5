/**
 * Headers for the steward page's own responses. The policy allows scripts, styles and calls
 * only from this origin and nothing inline, so injected markup cannot run; forms may not
 * submit anywhere (the page handles them in script, and a token must never end up in a URL).
 * They are set per response, so the page is protected whether or not a global middleware
 * (helmet) adds its own defaults.
 */
export const STEWARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export const STEWARD_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': STEWARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  // The assets hold no patient data; revalidate so a new build is picked up at once.
  'Cache-Control': 'no-cache',
};
