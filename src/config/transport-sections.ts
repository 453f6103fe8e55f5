import { list, text } from './env-values';
import { Environment } from './environment';

/**
 * The `tls` section: PEM files of HTTPS (and of MLLP over TLS, MPI_HL7_TLS). A certificate
 * and its key go together; MPI_TLS_CLIENT_CA (mutual TLS: clients must present a certificate
 * it signed) needs both. The files are read when a listener starts (auth/http-transport.ts).
 */
export interface TlsSettings {
  cert: string | null;
  key: string | null;
  clientCa: string | null;
}

export function loadTlsSettings(env: Environment): TlsSettings {
  const cert = text(env, 'MPI_TLS_CERT');
  const key = text(env, 'MPI_TLS_KEY');
  const clientCa = text(env, 'MPI_TLS_CLIENT_CA');
  if (!cert && !key && clientCa)
    throw new Error('MPI_TLS_CLIENT_CA needs MPI_TLS_CERT and MPI_TLS_KEY');
  if ((cert === null) !== (key === null))
    throw new Error('MPI_TLS_CERT and MPI_TLS_KEY are set together');
  return { cert, key, clientCa };
}

/** The `cors` section: origins whose browsers may call; none (the default) turns CORS off. */
export interface CorsSettings {
  origins: string[];
}

export function loadCorsSettings(env: Environment): CorsSettings {
  const origins = list(env, 'MPI_CORS_ORIGINS');
  for (const origin of origins) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(origin))
      throw new Error('MPI_CORS_ORIGINS lists origins like https://app.example.org');
  }
  return { origins };
}
