/**
 * HL7 v2 escape sequences (v2.5 §2.7). Values are unescaped after a field is split at its
 * delimiters and escaped before they are joined, so a name holding `|` or `^` can never
 * forge a field, component or segment.
 */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

/** What the MPI writes: the delimiters every sender and receiver expects. */
export const STANDARD_DELIMITERS: Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

export function escapeValue(value: string, d: Delimiters = STANDARD_DELIMITERS): string {
  let out = '';
  for (const ch of value) {
    if (ch === d.escape) out += `${d.escape}E${d.escape}`;
    else if (ch === d.field) out += `${d.escape}F${d.escape}`;
    else if (ch === d.component) out += `${d.escape}S${d.escape}`;
    else if (ch === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (ch === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (ch === '\r') out += `${d.escape}X0D${d.escape}`;
    else if (ch === '\n') out += `${d.escape}X0A${d.escape}`;
    else out += ch;
  }
  return out;
}

export function unescapeValue(value: string, d: Delimiters): string {
  if (!value.includes(d.escape)) return value;
  let out = '';
  let at = 0;
  while (at < value.length) {
    const start = value.indexOf(d.escape, at);
    const end = start < 0 ? -1 : value.indexOf(d.escape, start + 1);
    if (start < 0 || end < 0) {
      out += value.slice(at);
      break;
    }
    out += value.slice(at, start) + decodeSequence(value.slice(start + 1, end), d);
    at = end + 1;
  }
  return out;
}

function decodeSequence(sequence: string, d: Delimiters): string {
  switch (sequence) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'H':
    case 'N':
      // Highlighting on and off: formatting, not content.
      return '';
    case '.br':
      return '\n';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(sequence))
    return Buffer.from(sequence.slice(1), 'hex').toString('utf8');
  // Not an escape this reader knows: kept as sent rather than guessed at.
  return `${d.escape}${sequence}${d.escape}`;
}
