import { signDevToken } from '../auth/dev-token-signer';
import { isRole } from '../auth/permissions';
import { loadAppConfig } from '../config/app-config';
import { environment } from '../config/environment';
import { loadSecrets } from '../config/key-material';

export async function tokenCommand(role: string | undefined): Promise<number> {
  if (!isRole(role)) {
    process.stderr.write('usage: mpi token --role ingest|match|steward|admin|auditor\n');
    return 2;
  }
  const config = loadAppConfig(environment());
  const secrets = loadSecrets(environment(), config.dataDir, config.database.url === null);
  process.stdout.write(
    `${await signDevToken(secrets.jwtSecret, role, config.auth.devTokenTtlSeconds)}\n`,
  );
  return 0;
}
