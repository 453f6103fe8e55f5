import { FhirPatient } from '../formats/fhir-patient';
import { FhirBundle, FhirBundleLink } from './fhir-resources';

/**
 * A Patient search answer (pure): a searchset Bundle with the total, the page's golden
 * Patients (search.mode `match`) and self / first / previous / next links that repeat the
 * caller's criteria with `_count` and `_offset`.
 */
export interface SearchBundleInput {
  id: string;
  baseUrl: string;
  query: Record<string, unknown>;
  total: number;
  count: number;
  offset: number;
  patients: readonly FhirPatient[];
  now: Date;
}

export function searchBundle(input: SearchBundleInput): FhirBundle {
  const page = (offset: number): string =>
    `${input.baseUrl}/Patient?${pageQuery(input.query, input.count, offset)}`;
  const links: FhirBundleLink[] = [
    { relation: 'self', url: page(input.offset) },
    { relation: 'first', url: page(0) },
    ...(input.offset > 0
      ? [{ relation: 'previous', url: page(Math.max(0, input.offset - input.count)) }]
      : []),
    ...(input.count > 0 && input.offset + input.count < input.total
      ? [{ relation: 'next', url: page(input.offset + input.count) }]
      : []),
  ];
  return {
    resourceType: 'Bundle',
    id: input.id,
    meta: { lastUpdated: input.now.toISOString() },
    type: 'searchset',
    total: input.total,
    link: links,
    ...(input.patients.length > 0
      ? {
          entry: input.patients.map((p) => ({
            fullUrl: `${input.baseUrl}/Patient/${p.id ?? ''}`,
            resource: p,
            search: { mode: 'match' as const },
          })),
        }
      : {}),
  };
}

/** The caller's parameters (repeats kept, in order) with this page's _count and _offset. */
export function pageQuery(query: Record<string, unknown>, count: number, offset: number): string {
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query)) {
    if (key === '_count' || key === '_offset') continue;
    for (const value of Array.isArray(raw) ? raw : [raw])
      if (typeof value === 'string') params.append(key, value);
  }
  params.set('_count', String(count));
  params.set('_offset', String(offset));
  return params.toString();
}
