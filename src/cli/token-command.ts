import { signDevToken } from '../auth/dev-token-signer';
import { isRole } from '../auth/permissions';
import { loadConfig, loadSecretsOf } from '../config/load-config';

/**
 * `mpi token --role ROLE`: a development token, where the service accepts them (the embedded
 * quick start, or MPI_DEV_TOKENS=true); elsewhere it would be refused, so none is printed.
 */
export async function tokenCommand(role: string | undefined): Promise<number> {
  if (!isRole(role)) {
    process.stderr.write('usage: mpi token --role ingest|match|steward|admin|auditor\n');
    return 2;
  }
  const config = loadConfig();
  if (!config.auth.devTokens) {
    process.stderr.write(
      'mpi token: development tokens are off here (DATABASE_URL or MPI_OIDC_ISSUER is set); use your issuer`s tokens, or MPI_DEV_TOKENS=true for a test deployment\n',
    );
    return 2;
  }
  const secrets = loadSecretsOf(config);
  process.stdout.write(
    `${await signDevToken(secrets.jwtSecret, role, config.auth.devTokenTtlSeconds)}\n`,
  );
  return 0;
}
