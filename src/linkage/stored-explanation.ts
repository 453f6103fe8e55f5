import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A link event's explanation as link_event keeps it (`explanation_packed`, migration
 * 1767600200000): its JSON deflated against a preset dictionary of the words every explanation
 * repeats (its keys, the comparisons' and levels' ids), after a byte naming that dictionary.
 * An automatic link's explanation went from 551 bytes of jsonb to about 170 (issue 17: one
 * such event for most records). Any JSON value packs, and unpacks to the same value (numbers
 * through JSON, as jsonb gave them back). Events are read only for a person's history and an
 * undo, never by SQL; rows written before keep their jsonb `explanation` and read as they are.
 */

/** Never changed once rows use it: a new dictionary takes a new first byte. */
const DICTIONARIES: ReadonlyMap<number, Buffer> = new Map([
  [
    1,
    Buffer.from(
      [
        '{"modelVersion":8,"prior":-15.6,"rule":null,"totalWeight":,"probability":0.99999',
        '"matchClass":"certain","recordId":"","otherRecordId":"","levels":[["given_name","exact",',
        '["family_name","jaro-winkler",["birth_date","exact",["sex","exact",["ssn","exact",',
        '["phone","exact",["email","exact",["address","exact",["household","same-household",',
        '["middle_name","initial",["other_identifiers","one-edit",["mothers_maiden_name",',
        '["multiple_birth","suffix","compound-part","metaphone","nickname","day-month-swapped",',
        '"one-part-differs","last-character","alike-names","same-order","else"]]}',
      ].join(''),
    ),
  ],
]);
const CURRENT = 1;

export function packExplanation(value: unknown): Buffer {
  const dictionary = DICTIONARIES.get(CURRENT) as Buffer;
  const deflated = deflateRawSync(JSON.stringify(value), { dictionary });
  return Buffer.concat([Buffer.from([CURRENT]), deflated]);
}

export function unpackExplanation(packed: Buffer): unknown {
  const dictionary = DICTIONARIES.get(packed[0] ?? 0);
  if (!dictionary) throw new Error(`a link event explanation packed in unknown form ${packed[0]}`);
  return JSON.parse(inflateRawSync(packed.subarray(1), { dictionary }).toString('utf8'));
}

/** An event row as read with both columns: its explanation, from whichever holds it. */
export function explanationOf(row: {
  explanation?: unknown;
  explanation_packed?: Buffer | null;
}): unknown {
  return row.explanation_packed
    ? unpackExplanation(row.explanation_packed)
    : (row.explanation ?? null);
}
