import { Delimiters, unescapeValue } from './hl7-escape';

/**
 * A parsed HL7 v2 message (pure). Segments keep their fields as received (still escaped), so
 * an answer can echo a segment (QPD) exactly; values are read through `value`, which splits
 * at the message's own delimiters and then unescapes.
 *
 * Positions are 1-based as in the standard. For MSH, field 1 is the field separator and
 * field 2 the encoding characters, as the standard numbers them.
 */
export class Hl7ParseError extends Error {}

export interface Hl7Segment {
  name: string;
  /** fields[n] is field n (fields[0] is the segment name). */
  fields: string[];
  /** The segment as received. */
  raw: string;
}

/**
 * A field value as the null semantics of HL7 v2 tell it apart (ITI TF-2 App. C): absent (no
 * change), `""` (delete the stored value), or a value.
 */
export type FieldPresence =
  { kind: 'absent' } | { kind: 'delete' } | { kind: 'value'; raw: string };

export class Hl7Message {
  constructor(
    readonly delimiters: Delimiters,
    readonly segments: readonly Hl7Segment[],
  ) {}

  segment(name: string, occurrence = 1): Hl7Segment | undefined {
    return this.segments.filter((s) => s.name === name)[occurrence - 1];
  }

  all(name: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === name);
  }

  /** The raw (escaped) text of a field, '' when the segment or field is missing. */
  field(segment: Hl7Segment | undefined, index: number): string {
    return segment?.fields[index] ?? '';
  }

  presence(segment: Hl7Segment | undefined, index: number): FieldPresence {
    const raw = this.field(segment, index);
    if (raw === '') return { kind: 'absent' };
    if (raw === '""') return { kind: 'delete' };
    return { kind: 'value', raw };
  }

  repetitions(raw: string): string[] {
    return raw === '' ? [] : raw.split(this.delimiters.repetition);
  }

  /** Components of one repetition, each still holding its subcomponents (escaped). */
  components(raw: string): string[] {
    return raw.split(this.delimiters.component);
  }

  subcomponents(raw: string): string[] {
    return raw.split(this.delimiters.subcomponent);
  }

  /** Unescaped text of a leaf (a component or subcomponent). */
  text(raw: string | undefined): string {
    return unescapeValue(raw ?? '', this.delimiters).trim();
  }

  /** Component `c` (1-based) of a repetition, unescaped; subcomponents beyond the first dropped. */
  component(raw: string, c: number, sub = 1): string {
    const component = this.components(raw)[c - 1] ?? '';
    return this.text(this.subcomponents(component)[sub - 1]);
  }

  /** Shorthand: MSH-n (or any segment's field), first repetition, component c, unescaped. */
  value(name: string, field: number, component = 1, sub = 1): string {
    const raw = this.field(this.segment(name), field);
    return this.component(this.repetitions(raw)[0] ?? '', component, sub);
  }
}

/**
 * Parses a message's text. Segments end with CR; LF and CRLF are accepted too (files and
 * some engines use them). The MSH segment fixes the delimiters.
 */
export function parseHl7(text: string): Hl7Message {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const first = lines[0] ?? '';
  if (!first.startsWith('MSH') || first.length < 8)
    throw new Hl7ParseError('the message does not start with an MSH segment');
  const fieldSeparator = first.charAt(3);
  const encoding = first.slice(4, first.indexOf(fieldSeparator, 4));
  const delimiters: Delimiters = {
    field: fieldSeparator,
    component: encoding.charAt(0),
    repetition: encoding.charAt(1),
    escape: encoding.charAt(2),
    subcomponent: encoding.charAt(3),
  };
  const chars = Object.values(delimiters);
  if (
    encoding.length < 4 ||
    new Set(chars).size !== chars.length ||
    /[A-Za-z0-9\s]/.test(chars.join(''))
  )
    throw new Hl7ParseError('MSH-2 does not hold four distinct encoding characters');
  const segments = lines.map((line): Hl7Segment => {
    const name = line.slice(0, 3);
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name) || (line.length > 3 && line.charAt(3) !== fieldSeparator))
      throw new Hl7ParseError('a segment does not start with a segment name');
    const parts = line.split(fieldSeparator);
    // MSH-1 is the separator itself: shift so that fields[n] is MSH-n.
    const fields = name === 'MSH' ? ['MSH', fieldSeparator, ...parts.slice(1)] : parts;
    return { name, fields, raw: line };
  });
  return new Hl7Message(delimiters, segments);
}
