import { signDevToken } from '../auth/dev-token-signer';
import { loadAuthSettings } from '../auth/oidc-config';
import { isRole } from '../auth/permissions';
import { loadAppConfig } from '../config/app-config';
import { environment } from '../config/environment';
import { loadSecrets } from '../config/key-material';

/**
 * `mpi token --role ROLE`: a development token, where the service accepts them (the embedded
 * quick start, or MPI_DEV_TOKENS=true); elsewhere it would be refused, so none is printed.
 */
export async function tokenCommand(role: string | undefined): Promise<number> {
  if (!isRole(role)) {
    process.stderr.write('usage: mpi token --role ingest|match|steward|admin|auditor\n');
    return 2;
  }
  if (!loadAuthSettings(environment()).devTokens) {
    process.stderr.write(
      'mpi token: development tokens are off here (DATABASE_URL or MPI_OIDC_ISSUER is set); use your issuer`s tokens, or MPI_DEV_TOKENS=true for a test deployment\n',
    );
    return 2;
  }
  const config = loadAppConfig(environment());
  const secrets = loadSecrets(environment(), config.dataDir, config.database.url === null);
  process.stdout.write(
    `${await signDevToken(secrets.jwtSecret, role, config.auth.devTokenTtlSeconds)}\n`,
  );
  return 0;
}
