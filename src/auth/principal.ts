import { Permission, Role } from './permissions';

/** Who is calling: from a verified token, or the CLI acting locally. */
export interface Principal {
  subject: string;
  client: string | null;
  roles: Role[];
  permissions: Set<Permission>;
  /** SMART scopes granted by an OAuth2 token (empty or absent for role tokens). */
  scopes?: readonly string[];
  /**
   * The person a SMART patient-context token was launched for (its `patient` claim). Such a
   * token reads that person and its records only; without this claim it reads nothing.
   */
  patientContext?: string;
  /**
   * Sources this client may write (token claim `mpi_sources` and MPI_CLIENT_SOURCES);
   * undefined: bound to none (see source-binding.ts).
   */
  sources?: readonly string[];
  /** Issuer of the token, for the audit trail (`urn:mpi:dev` for development tokens). */
  issuer?: string;
}
