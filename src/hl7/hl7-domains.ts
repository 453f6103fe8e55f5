import { Hl7Domain } from '../config/hl7-section';

/**
 * Assigning authorities (MPI_HL7_DOMAINS, docs/interfaces.md §5, parsed with the `hl7`
 * configuration section), pure. Each is `NAMESPACE` or
 * `NAMESPACE&UNIVERSAL_ID&UNIVERSAL_ID_TYPE`. A CX.4 may name a domain by namespace, by
 * universal id and type, or both (which must then agree); the record's source is always the
 * namespace, completed from the configuration when only the OID was sent (OpenHIE CR-02).
 * Without a configured list every namespace is accepted (a development default), and a bare
 * OID cannot be mapped to a source.
 */
export interface AuthorityName {
  namespace: string;
  universalId: string;
  universalIdType: string;
}

export type DomainResolution = { ok: true; domain: Hl7Domain } | { ok: false; reason: string };

export function resolveAuthority(
  domains: readonly Hl7Domain[] | null,
  name: AuthorityName,
): DomainResolution {
  const { namespace, universalId, universalIdType } = name;
  if (namespace === '' && (universalId === '' || universalIdType === ''))
    return {
      ok: false,
      reason: 'the assigning authority needs a namespace or a universal id with its type',
    };
  if (domains === null) {
    if (namespace === '') return { ok: false, reason: 'the assigning authority is not known' };
    return {
      ok: true,
      domain: {
        namespace,
        universalId: universalId || null,
        universalIdType: universalIdType || null,
      },
    };
  }
  const domain = domains.find((d) =>
    namespace !== ''
      ? d.namespace === namespace
      : d.universalId === universalId &&
        d.universalIdType?.toUpperCase() === universalIdType.toUpperCase(),
  );
  if (!domain) return { ok: false, reason: 'the assigning authority is not known' };
  if (universalId !== '' && domain.universalId !== null && domain.universalId !== universalId)
    return { ok: false, reason: 'the namespace and the universal id name different authorities' };
  return { ok: true, domain };
}
