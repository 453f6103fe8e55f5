import { Hl7Message } from './hl7-message';
import {
  EMPTY,
  Encoded,
  components,
  hl7Timestamp,
  newControlId,
  reencode,
  segment,
  subcomponents,
  text,
} from './hl7-writer';

/**
 * Acknowledgements in original mode (pure): MSH, MSA, then one ERR per error, in the layout of
 * the request's version. v2.3.1 and v2.4 name the place and the code in ERR-1
 * (`PID^1^3^204&Unknown Key Identifier`); v2.5 and later use ERR-2 (location), ERR-3 (code,
 * table HL70357) and ERR-4 (severity). MSA-2 always echoes the request's MSH-10.
 */
export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357, the codes this MPI answers with. */
export const ERROR_TEXT = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  206: 'Application record locked',
  207: 'Application internal error',
} as const;
export type ErrorCode = keyof typeof ERROR_TEXT;

/** Where an error is: segment, its occurrence, field, repetition, component (1-based). */
export interface ErrorLocation {
  segment: string;
  sequence?: number;
  field?: number;
  repetition?: number;
  component?: number;
}

export interface Hl7Error {
  code: ErrorCode;
  location?: ErrorLocation;
  /** A short reason without patient data, for the operator (ERR-8 in v2.5). */
  reason?: string;
}

/** What an answer takes from the request's MSH. */
export interface RequestHeader {
  sendingApplication: Encoded;
  sendingFacility: Encoded;
  controlId: string;
  version: string;
  event: string;
  processingId: string;
}

export interface ResponderIdentity {
  application: string;
  facility: string;
}

/** The request's header as far as it can be read; a header too broken to read gets defaults. */
export function requestHeaderOf(message: Hl7Message): RequestHeader {
  const msh = message.segment('MSH');
  return {
    sendingApplication: reencode(message, message.field(msh, 3)),
    sendingFacility: reencode(message, message.field(msh, 4)),
    controlId: message.value('MSH', 10),
    version: message.value('MSH', 12) || '2.5',
    event: message.value('MSH', 9, 2),
    processingId: message.value('MSH', 11) || 'P',
  };
}

/** v2.5 and later place errors in ERR-2..4; earlier versions in ERR-1. */
export function usesErrorLocationFields(version: string): boolean {
  const [major, minor] = version.split('.').map((part) => Number(part));
  return (major ?? 0) > 2 || ((major ?? 0) === 2 && (minor ?? 0) >= 5);
}

export function responseHeader(
  request: RequestHeader,
  me: ResponderIdentity,
  type: Encoded,
): string {
  return segment('MSH', [
    text(me.application),
    text(me.facility),
    request.sendingApplication,
    request.sendingFacility,
    hl7Timestamp(),
    EMPTY,
    type,
    newControlId(),
    text(request.processingId),
    text(request.version),
  ]);
}

export function msaSegment(code: AckCode, request: RequestHeader, note?: string): string {
  return segment('MSA', [text(code), text(request.controlId), text(note)]);
}

export function errSegment(version: string, error: Hl7Error): string {
  const where = error.location;
  const place = (...extra: (number | undefined)[]): Encoded[] =>
    where
      ? [where.segment, where.sequence ?? 1, where.field, ...extra].map((part) =>
          text(part === undefined ? '' : String(part)),
        )
      : [];
  const label = ERROR_TEXT[error.code];
  if (!usesErrorLocationFields(version)) {
    const location = where ? place() : [EMPTY, EMPTY, EMPTY];
    return segment('ERR', [
      components(
        ...location,
        subcomponents(text(String(error.code)), text(label), text('HL70357')),
      ),
    ]);
  }
  return segment('ERR', [
    EMPTY,
    where
      ? components(...place(where.repetition ?? (where.field ? 1 : undefined), where.component))
      : EMPTY,
    components(text(String(error.code)), text(label), text('HL70357')),
    text('E'),
    EMPTY,
    EMPTY,
    EMPTY,
    text(error.reason),
  ]);
}

/** A general acknowledgement: `ACK^<event>^ACK`. */
export function buildAck(
  request: RequestHeader,
  me: ResponderIdentity,
  code: AckCode,
  errors: readonly Hl7Error[] = [],
): string {
  const type = components(text('ACK'), text(request.event), text('ACK'));
  const note = errors[0]?.reason ?? (errors[0] ? ERROR_TEXT[errors[0].code] : undefined);
  return (
    [
      responseHeader(request, me, type),
      msaSegment(code, request, note),
      ...errors.map((e) => errSegment(request.version, e)),
    ].join('\r') + '\r'
  );
}
