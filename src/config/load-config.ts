import { AppConfig, loadAppConfig } from './app-config';
import { environment } from './environment';
import { Secrets, loadSecrets } from './key-material';

/**
 * This process's configuration, read from its environment and validated: what ConfigModule
 * provides as APP_CONFIG, and what the few readers outside a container (the HTTP server's
 * certificate, CLI verbs that boot no services) load the same way.
 */
export function loadConfig(): AppConfig {
  return loadAppConfig(environment());
}

/** The key material of this configuration (generated under its data folder when embedded). */
export function loadSecretsOf(config: AppConfig): Secrets {
  return loadSecrets(environment(), config.database.dataDir, config.database.url === null);
}
