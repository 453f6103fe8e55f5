import { integer, text } from './env-values';
import { Environment } from './environment';

/**
 * The `hl7` section: the HL7 v2 door's settings (docs/interfaces.md §5), read once at boot
 * (Hl7Module hands it to its services as HL7_CONFIG):
 *   MPI_HL7_PORT             the MLLP port; unset: no listener
 *   MPI_HL7_HOST             bind address (default 127.0.0.1)
 *   MPI_HL7_DOMAINS          accepted assigning authorities (hl7/hl7-domains.ts)
 *   MPI_HL7_SENDERS          allowlist `APP^FACILITY=NS1;NS2,...`: which sender may feed
 *                            which authorities; unset: any sender, any accepted authority
 *   MPI_HL7_TLS              `true`: MLLP over TLS with MPI_TLS_CERT/KEY (and client
 *                            certificates when MPI_TLS_CLIENT_CA is set), as HTTPS has them
 *   MPI_HL7_MAX_FRAME_BYTES  largest frame (default 1 MiB); a larger one gets AR
 *   MPI_HL7_MAX_CONNECTIONS  open connections at once (default 10, Mirth's listener default)
 *   MPI_HL7_ASSEMBLY_TIMEOUT_MS  a frame begun must end within this (default 30 s)
 *   MPI_HL7_CONCURRENCY      messages processed at once over all connections (default 8,
 *                            below the database pool)
 *   MPI_HL7_APPLICATION, MPI_HL7_FACILITY  this MPI's MSH-3/MSH-4 in answers (default MPI)
 */
export interface Hl7Config {
  port: number | null;
  host: string;
  domains: Hl7Domain[] | null;
  senders: Map<string, string[]> | null;
  tls: boolean;
  maxFrameBytes: number;
  maxConnections: number;
  assemblyTimeoutMs: number;
  concurrency: number;
  application: string;
  facility: string;
}

/** An assigning authority MPI_HL7_DOMAINS accepts (see hl7/hl7-domains.ts for their use). */
export interface Hl7Domain {
  namespace: string;
  universalId: string | null;
  universalIdType: string | null;
}

/** MPI_HL7_DOMAINS: each `NAMESPACE` or `NAMESPACE&UNIVERSAL_ID&UNIVERSAL_ID_TYPE`; null: any. */
export function parseDomains(raw: string | undefined): Hl7Domain[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [namespace = '', universalId = '', universalIdType = ''] = entry.split('&');
      if (namespace === '' || (universalId === '') !== (universalIdType === ''))
        throw new Error(
          `MPI_HL7_DOMAINS: "${entry}" is not NAMESPACE or NAMESPACE&UNIVERSAL_ID&UNIVERSAL_ID_TYPE`,
        );
      return {
        namespace,
        universalId: universalId || null,
        universalIdType: universalIdType || null,
      };
    });
}

/** `APP^FAC=NS1;NS2,...` to a map from `APP^FAC` to its namespaces. */
export function parseSenders(raw: string | undefined): Map<string, string[]> | null {
  if (raw === undefined || raw.trim() === '') return null;
  const senders = new Map<string, string[]>();
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')) {
    const [sender = '', namespaces = ''] = entry.split('=');
    const owned = namespaces
      .split(';')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    if (!/^[^^]+\^[^^]*$/.test(sender) || owned.length === 0)
      throw new Error(`MPI_HL7_SENDERS: "${entry}" is not APPLICATION^FACILITY=NAMESPACE;...`);
    senders.set(sender, owned);
  }
  return senders;
}

export function loadHl7Config(env: Environment): Hl7Config {
  return {
    port:
      text(env, 'MPI_HL7_PORT') === null
        ? null
        : integer(env, 'MPI_HL7_PORT', 0, { min: 0, max: 65_535 }),
    host: text(env, 'MPI_HL7_HOST') ?? '127.0.0.1',
    domains: parseDomains(env.MPI_HL7_DOMAINS),
    senders: parseSenders(env.MPI_HL7_SENDERS),
    tls: text(env, 'MPI_HL7_TLS') === 'true',
    maxFrameBytes: integer(env, 'MPI_HL7_MAX_FRAME_BYTES', 1024 * 1024, { min: 64 }),
    maxConnections: integer(env, 'MPI_HL7_MAX_CONNECTIONS', 10),
    assemblyTimeoutMs: integer(env, 'MPI_HL7_ASSEMBLY_TIMEOUT_MS', 30_000),
    concurrency: integer(env, 'MPI_HL7_CONCURRENCY', 8),
    application: text(env, 'MPI_HL7_APPLICATION') ?? 'MPI',
    facility: text(env, 'MPI_HL7_FACILITY') ?? 'MPI',
  };
}
