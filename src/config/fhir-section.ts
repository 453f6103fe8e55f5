import { ConfigVariable } from './config-variables';
import { integer } from './env-values';
import { Environment } from './environment';

/**
 * The `fhir` section: settings of the FHIR face, read once from the environment and validated
 * at boot (FhirModule hands it to its services as FHIR_CONFIG):
 *   MPI_MATCH_COUNT_DEFAULT  $match results when the caller gives no `count` (10)
 *   MPI_MATCH_COUNT_MAX      largest `count` honoured; a larger one is lowered to it (50)
 *   MPI_SEARCH_COUNT_DEFAULT Patient search page size without `_count` (20)
 *   MPI_SEARCH_COUNT_MAX     largest `_count` (100)
 *   MPI_SEARCH_QUOTA         Patient searches per client per minute (120; 0: no quota)
 */
export interface FhirConfig {
  matchCountDefault: number;
  matchCountMax: number;
  searchCountDefault: number;
  searchCountMax: number;
  searchQuotaPerMinute: number;
}

function positive(env: Environment, name: ConfigVariable, fallback: number): number {
  return integer(env, name, fallback, { min: 1, max: 10_000 });
}

function quota(env: Environment): number {
  const raw = env.MPI_SEARCH_QUOTA;
  return raw !== undefined && raw.trim() === '0' ? 0 : positive(env, 'MPI_SEARCH_QUOTA', 120);
}

export function loadFhirConfig(env: Environment): FhirConfig {
  const matchCountMax = positive(env, 'MPI_MATCH_COUNT_MAX', 50);
  const searchCountMax = positive(env, 'MPI_SEARCH_COUNT_MAX', 100);
  const config = {
    matchCountDefault: positive(env, 'MPI_MATCH_COUNT_DEFAULT', Math.min(10, matchCountMax)),
    matchCountMax,
    searchCountDefault: positive(env, 'MPI_SEARCH_COUNT_DEFAULT', Math.min(20, searchCountMax)),
    searchCountMax,
    searchQuotaPerMinute: quota(env),
  };
  if (config.matchCountDefault > matchCountMax) {
    throw new Error('MPI_MATCH_COUNT_DEFAULT must not exceed MPI_MATCH_COUNT_MAX');
  }
  if (config.searchCountDefault > searchCountMax) {
    throw new Error('MPI_SEARCH_COUNT_DEFAULT must not exceed MPI_SEARCH_COUNT_MAX');
  }
  return config;
}
