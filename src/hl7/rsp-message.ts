import {
  AckCode,
  Hl7Error,
  RequestHeader,
  ResponderIdentity,
  errSegment,
  msaSegment,
  responseHeader,
} from './hl7-ack';
import { Hl7Message } from './hl7-message';
import { Encoded, components, reencode, segment, text } from './hl7-writer';

/**
 * Query responses (pure): MSH, MSA, [ERR], QAK, the QPD echoed, then the body segments
 * (RSP^K23^RSP_K23 for PIX, RSP^K22^RSP_K21 for PDQ).
 */
export interface QueryStatus {
  /** QAK-2: OK, NF (no data), AE or AR. */
  status: 'OK' | 'NF' | 'AE' | 'AR';
  hits?: { total: number; payload: number; remaining: number };
}

export function queryResponse(
  request: Hl7Message,
  header: RequestHeader,
  me: ResponderIdentity,
  kind: 'K23' | 'K22',
  code: AckCode,
  errors: readonly Hl7Error[],
  status: QueryStatus,
  body: readonly string[] = [],
): string {
  const type = components(text('RSP'), text(kind), text(kind === 'K23' ? 'RSP_K23' : 'RSP_K21'));
  const qpd = request.segment('QPD');
  const hits = status.hits;
  return (
    [
      responseHeader(header, me, type),
      msaSegment(code, header, errors[0]?.reason),
      ...errors.map((e) => errSegment(header.version, e)),
      segment('QAK', [
        reencode(request, request.field(qpd, 2)),
        text(status.status),
        reencode(request, request.field(qpd, 1)),
        ...(hits ? [hits.total, hits.payload, hits.remaining].map((n) => text(String(n))) : []),
      ]),
      ...(qpd
        ? [
            segment(
              'QPD',
              qpd.fields.slice(1).map((f) => reencode(request, f)),
            ),
          ]
        : []),
      ...body,
    ].join('\r') + '\r'
  );
}

/** A CX of a source record: id, and its authority as configured (namespace, OID, type). */
export function cxOf(
  sourceId: string,
  authority: { namespace: string; universalId: string | null; universalIdType: string | null },
  typeCode = 'PI',
): Encoded {
  const hd = [authority.namespace, authority.universalId ?? '', authority.universalIdType ?? '']
    .map((part) => text(part))
    .join('&') as Encoded;
  return components(
    text(sourceId),
    text(''),
    text(''),
    hd.replace(/&+$/, '') as Encoded,
    text(typeCode),
  );
}

/** A query's answer, text and acknowledgement code together, as the door sends it back. */
export interface QueryAnswer {
  readonly text: string;
  readonly code: AckCode;
}

/** Builds the answers of one query (`queryResponse` with the request's parts bound). */
export function queryReplier(
  request: Hl7Message,
  header: RequestHeader,
  me: ResponderIdentity,
  kind: 'K23' | 'K22',
): (code: AckCode, errors: Hl7Error[], status: QueryStatus, body?: string[]) => QueryAnswer {
  return (code, errors, status, body = []) => ({
    text: queryResponse(request, header, me, kind, code, errors, status, body),
    code,
  });
}
