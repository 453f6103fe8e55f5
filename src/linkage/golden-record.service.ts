import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig, projectRoot } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { NameFrequencies, loadNameFrequencies } from '../config/name-frequencies';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { NicknameTable } from '../matching/normalize/nickname-table';
import { NameFrequencyRepository } from '../retrieval/name-frequency.repository';
import { MatchViewRepository } from './match-view.repository';
import { PersonRepository } from './person.repository';
import {
  Contributor,
  SurvivorshipContext,
  SurvivorshipRules,
  defaultSurvivorshipRules,
} from './golden-record';
import { computeGoldenRecord } from './survivorship';

/** Recomputes golden records whenever their links change; pins survive every recompute. */
@Injectable()
export class GoldenRecordService {
  readonly rules: SurvivorshipRules;
  private readonly reference: NameFrequencies = loadNameFrequencies(
    path.join(projectRoot(), 'data', 'reference'),
  );
  private readonly nicknames: NicknameTable;

  constructor(
    private readonly persons: PersonRepository,
    private readonly matchView: MatchViewRepository,
    private readonly nameFrequencies: NameFrequencyRepository,
    tables: ReferenceTablesProvider,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = defaultSurvivorshipRules(config.survivorship.sourceTrust);
    this.nicknames = tables.tables.nicknames;
  }

  /**
   * How common each name of these records is: people carrying it in the reference population
   * plus stored records carrying it. A stored count of one is left out: it may be this
   * person's own typo, and a typo is no one's name.
   */
  private async contextFor(
    manager: EntityManager,
    contributors: readonly Contributor[],
  ): Promise<SurvivorshipContext> {
    const values = (field: 'givenName' | 'familyName'): string[] =>
      contributors.flatMap((c) => c.demographics[field] ?? []);
    const { given, family } = await this.nameFrequencies.countsOf(manager, {
      given: values('givenName'),
      family: values('familyName'),
    });
    const stored = (counts: Map<string, number>, name: string): number => {
      const count = counts.get(name) ?? 0;
      return count >= 2 ? count : 0;
    };
    return {
      nicknames: this.nicknames,
      givenFrequency: (name) => (this.reference.given.get(name) ?? 0) + stored(given, name),
      familyFrequency: (name) => (this.reference.family.get(name) ?? 0) + stored(family, name),
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
    const ids = [...new Set(personIds)].sort();
    if (ids.length === 0) return;
    const pins = await this.persons.lockPins(
      manager,
      ids.filter((id) => !created.has(id)),
    );
    const members = new Map<string, Contributor[]>(knownMembers);
    const unknown = ids.filter((id) => !knownMembers.has(id));
    for (const m of await this.matchView.contributorsOfPersons(manager, unknown)) {
      const list = members.get(m.personId) ?? [];
      list.push(m);
      members.set(m.personId, list);
    }
    const context = await this.contextFor(manager, [...members.values()].flat());
    const entries = ids
      .filter((id) => pins.has(id) || created.has(id))
      .map((personId) => {
        const contributors = members.get(personId) ?? [];
        return {
          personId,
          golden: computeGoldenRecord(contributors, this.rules, pins.get(personId), context),
          recordIds: contributors.map((c) => c.recordId),
        };
      });
    await this.persons.saveGoldens(manager, entries);
  }
}
