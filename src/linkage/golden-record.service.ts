import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig, projectRoot } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NameFrequencies, loadNameFrequencies } from '../config/name-frequencies';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { NicknameTable } from '../matching/normalize/nickname-table';
import { nameCounts, nameCountsPart } from '../retrieval/name-frequency.repository';
import { StatementPart, runParts } from '../database/statement-parts';
import { contributorRows, contributorsPart } from './match-view.repository';
import {
  GoldenSave,
  copyFirstGoldens,
  lockPinsPart,
  lockPinsWithMembersPart,
  pinsOf,
  saveGoldensPart,
} from './person.repository';
import {
  Contributor,
  Pins,
  SurvivorshipContext,
  SurvivorshipRules,
  contributorNames,
  defaultSurvivorshipRules,
} from './golden-record';
import { computeGoldenRecord } from './survivorship';

/** What a caller may already hold of a recompute: its names' counts, the persons folded. */
interface RecomputeOptions {
  knownCounts?: { given: Map<string, number>; family: Map<string, number> };
  /** Persons the linker folded into another: saved merged into it. */
  mergedInto?: ReadonlyMap<string, string>;
}

/** Recomputes golden records whenever their links change; pins survive every recompute. */
@Injectable()
export class GoldenRecordService {
  readonly rules: SurvivorshipRules;
  private readonly reference: NameFrequencies = loadNameFrequencies(
    path.join(projectRoot(), 'data', 'reference'),
  );
  private readonly nicknames: NicknameTable;

  constructor(tables: ReferenceTablesProvider, @Inject(APP_CONFIG) config: AppConfig) {
    this.rules = defaultSurvivorshipRules(config.survivorship.sourceTrust);
    this.nicknames = tables.tables.nicknames;
  }

  /**
   * How common each name of these records is: people carrying it in the reference population
   * plus stored records carrying it (`counts`, as NameFrequencyRepository reads them). A stored
   * count of one is left out: it may be this person's own typo, and a typo is no one's name.
   */
  private contextOf(counts: {
    given: Map<string, number>;
    family: Map<string, number>;
  }): SurvivorshipContext {
    const stored = (map: Map<string, number>, name: string): number => {
      const count = map.get(name) ?? 0;
      return count >= 2 ? count : 0;
    };
    return {
      nicknames: this.nicknames,
      givenFrequency: (name) => (this.reference.given.get(name) ?? 0) + stored(counts.given, name),
      familyFrequency: (name) =>
        (this.reference.family.get(name) ?? 0) + stored(counts.family, name),
    };
  }

  /**
   * Recomputes the golden records of `personIds`. Persons in `created` do not exist yet: this
   * transaction made them up and linked records to them, and they are inserted here; those
   * in `knownMembers` (new persons whose records the caller holds) are not read back.
   */
  async recompute(
    manager: EntityManager,
    personIds: string[],
    created: ReadonlySet<string> = new Set(),
    knownMembers: ReadonlyMap<string, Contributor[]> = new Map(),
  ): Promise<void> {
    const pins = await this.lockedPins(manager, personIds, created);
    const save = await this.recomputeLocked(manager, personIds, created, knownMembers, pins);
    if (save) await runParts(manager, [save]);
  }

  /**
   * recompute for a bulk load's chunk: the same golden records, the first ones of its new
   * persons (those folded into none) written by COPY before the others are saved.
   */
  async recomputeByCopy(
    manager: EntityManager,
    personIds: string[],
    created: ReadonlySet<string>,
    knownMembers: ReadonlyMap<string, Contributor[]>,
    mergedInto: ReadonlyMap<string, string>,
  ): Promise<void> {
    const pins = await this.lockedPins(manager, personIds, created);
    const entries = await this.goldenEntries(manager, personIds, created, knownMembers, pins, {
      mergedInto,
    });
    const isFirst = (e: GoldenSave): boolean =>
      created.has(e.personId) && e.mergedInto === undefined;
    await copyFirstGoldens(manager, entries.filter(isFirst));
    const rest = saveGoldensPart(entries.filter((e) => !isFirst(e)));
    if (rest) await runParts(manager, [rest]);
  }

  /** The persons' rows locked and their pins read (pinsPart), in a statement of their own. */
  private async lockedPins(
    manager: EntityManager,
    personIds: string[],
    created: ReadonlySet<string>,
  ): Promise<Map<string, Pins>> {
    const part = this.pinsPart(personIds, created);
    return part ? pinsOf((await runParts(manager, [part]))[0] ?? []) : new Map();
  }

  /**
   * The first half of recompute, for a caller to send with its own writes: the persons' rows
   * locked and their pins read (lockPinsPart); null when every person is new.
   */
  pinsPart(personIds: readonly string[], created: ReadonlySet<string>): StatementPart | null {
    const existing = storedPersons(personIds, created);
    return existing.length > 0 ? lockPinsPart(existing) : null;
  }

  /**
   * pinsPart that also reads, after the locks, the persons' members other than the round's
   * `excluded` records and the counts of `names` and of the members' names (one statement
   * fewer for a caller that knows its round's records: it adds them to the members itself).
   */
  pinsWithMembersPart(
    personIds: readonly string[],
    created: ReadonlySet<string>,
    excluded: readonly string[],
    names: { readonly given: readonly string[]; readonly family: readonly string[] },
  ): StatementPart | null {
    const existing = storedPersons(personIds, created);
    return existing.length > 0 ? lockPinsWithMembersPart(existing, excluded, names) : null;
  }

  /**
   * The second half, once the pins are read under their locks: the members the caller does
   * not hold and the counts of their names in one statement (none when the caller holds every
   * member and passed `knownCounts`, the counts of their names), the golden records computed;
   * returns their save, for the caller to send with its last writes. Persons in `mergedInto`
   * were folded into another by the linker and are saved merged.
   */
  async recomputeLocked(
    manager: EntityManager,
    personIds: readonly string[],
    created: ReadonlySet<string>,
    knownMembers: ReadonlyMap<string, Contributor[]>,
    pins: ReadonlyMap<string, Pins>,
    options: RecomputeOptions = {},
  ): Promise<StatementPart | null> {
    return saveGoldensPart(
      await this.goldenEntries(manager, personIds, created, knownMembers, pins, options),
    );
  }

  /** The golden records recomputeLocked saves, computed. */
  private async goldenEntries(
    manager: EntityManager,
    personIds: readonly string[],
    created: ReadonlySet<string>,
    knownMembers: ReadonlyMap<string, Contributor[]>,
    pins: ReadonlyMap<string, Pins>,
    options: RecomputeOptions,
  ): Promise<GoldenSave[]> {
    const { knownCounts, mergedInto } = options;
    const ids = [...new Set(personIds)].sort();
    if (ids.length === 0) return [];
    const members = new Map<string, Contributor[]>(knownMembers);
    const unknown = ids.filter((id) => !knownMembers.has(id));
    const known = [...members.values()].flat();
    let counts = knownCounts;
    if (!counts && unknown.length === 0 && known.length === 0)
      counts = { given: new Map(), family: new Map() };
    if (unknown.length > 0 || !counts) {
      const [memberRows, countRows] = await runParts(manager, [
        contributorsPart(unknown),
        nameCountsPart(contributorNames(known), 'members'),
      ]);
      for (const m of contributorRows(memberRows ?? [])) {
        const list = members.get(m.personId) ?? [];
        list.push(m);
        members.set(m.personId, list);
      }
      counts = nameCounts(countRows ?? []);
    }
    const context = this.contextOf(counts);
    return ids
      .filter((id) => pins.has(id) || created.has(id))
      .map((personId) => {
        const contributors = members.get(personId) ?? [];
        return {
          personId,
          golden: computeGoldenRecord(contributors, this.rules, pins.get(personId), context),
          recordIds: contributors.map((c) => c.recordId),
          mergedInto: mergedInto?.get(personId),
        };
      });
  }
}

/** The persons already stored, each once, in lock order. */
function storedPersons(personIds: readonly string[], created: ReadonlySet<string>): string[] {
  return [...new Set(personIds)].filter((id) => !created.has(id)).sort();
}
