/**
 * The `tags` column of a labelled population (`mpi dataset families`): what each record is and
 * what was done to it, `;`-separated. Most tags are plain words (`twin`, `typo`, `no-suffix`);
 * a relation tag names another person, `twin-of:<entity_id>`, so an evaluation can tell which
 * true relationship a wrong link crossed without knowing how the file was made.
 */

/** Person-level relations; every record of a person carries them all. */
export const RELATION_KINDS = [
  'twin-of',
  'generational-of',
  'parent-of',
  'child-of',
  'sibling-of',
  'spouse-of',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

/** On a record that carries another person's identifier (a parent's SSN, a shared MRN). */
export const IDENTIFIER_OF = 'id-of';

export interface ParsedTags {
  readonly words: ReadonlySet<string>;
  readonly relations: ReadonlyMap<string, ReadonlySet<RelationKind>>;
  /** Entities whose identifier this record carries. */
  readonly identifiersOf: ReadonlySet<string>;
}

function isRelationKind(kind: string): kind is RelationKind {
  return (RELATION_KINDS as readonly string[]).includes(kind);
}

export function relationTag(kind: RelationKind | typeof IDENTIFIER_OF, entity: string): string {
  return `${kind}:${entity}`;
}

/** Splits a tags cell; unknown `kind:value` tags are kept as words so nothing is lost. */
export function parseTags(cell: string | undefined): ParsedTags {
  const words = new Set<string>();
  const relations = new Map<string, Set<RelationKind>>();
  const identifiersOf = new Set<string>();
  for (const tag of (cell ?? '').split(';')) {
    const trimmed = tag.trim();
    if (trimmed === '') continue;
    const colon = trimmed.indexOf(':');
    const kind = colon < 0 ? '' : trimmed.slice(0, colon);
    const entity = trimmed.slice(colon + 1);
    if (kind === IDENTIFIER_OF) identifiersOf.add(entity);
    else if (isRelationKind(kind)) {
      const kinds = relations.get(entity) ?? new Set<RelationKind>();
      kinds.add(kind);
      relations.set(entity, kinds);
    } else words.add(trimmed);
  }
  return { words, relations, identifiersOf };
}
