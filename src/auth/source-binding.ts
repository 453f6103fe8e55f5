import { MpiError } from '../common/mpi-error';
import { sourceList } from '../config/auth-section';
import { DEV_ISSUER } from './dev-token-signer';
import { Principal } from './principal';

/**
 * Which sources a client may write. A record's key is (source, source id), and the source
 * decides survivorship trust: a client free to write any source could overwrite another
 * feed's record, or pose as the most trusted source. So every writer is bound to its sources,
 * by the token (claim `mpi_sources`: an array, or names separated by spaces) or by
 * configuration (MPI_CLIENT_SOURCES, JSON: `{"adt-feed": ["st-mary", "urn:oid:1.2.3"]}`, keyed
 * by client id, else subject; read by the `auth` configuration section). Unbound writers are
 * refused, except an admin and the service's own development tokens (local tooling).
 */

/** The sources a token's `mpi_sources` claim binds it to; undefined without the claim. */
export function sourcesOfClaims(claims: Record<string, unknown>): string[] | undefined {
  return sourceList(claims.mpi_sources) ?? undefined;
}

/** Throws 403 unless the principal may write records of every one of these sources. */
export function assertMayWriteSources(principal: Principal, sources: readonly string[]): void {
  if (principal.roles.includes('admin')) return;
  const bound = principal.sources;
  if (bound === undefined) {
    if (principal.issuer === DEV_ISSUER) return;
    throw new MpiError('forbidden', 'this client is bound to no source it may write');
  }
  const allowed = new Set(bound);
  const index = sources.findIndex((s) => !allowed.has(s.trim()));
  if (index >= 0)
    throw new MpiError('forbidden', `record ${index} is of a source this client may not write`);
}
