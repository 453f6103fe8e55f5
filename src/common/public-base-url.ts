import { Request } from 'express';

/**
 * The service's absolute base URL, for FHIR fullUrl, paging links, PIXm logical ids and the
 * CapabilityStatement. The Host header is the caller's to choose, so it never shapes these
 * (a forged Host made `next` links and fullUrls point elsewhere): the base comes from
 * MPI_PUBLIC_BASE_URL (behind a proxy, the address clients use), else from the address the
 * connection actually reached.
 */
export const PUBLIC_BASE_URL_SETTING = 'mpi public base url';

/** MPI_PUBLIC_BASE_URL checked at boot: an http(s) origin with an optional path prefix. */
export function parsePublicBaseUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('MPI_PUBLIC_BASE_URL must be a URL like https://mpi.example.org');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '')
    throw new Error('MPI_PUBLIC_BASE_URL is an http(s) URL without query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function ownOrigin(request: Request): string {
  const address = (request.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = address.includes(':') ? `[${address}]` : address;
  return `${request.protocol}://${host}:${request.socket.localPort ?? 0}`;
}

export function publicBaseUrl(request: Request): string {
  const configured: unknown = request.app.get(PUBLIC_BASE_URL_SETTING);
  return typeof configured === 'string' ? configured : ownOrigin(request);
}
