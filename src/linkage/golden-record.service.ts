import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { projectRoot } from '../config/app-config';
import { loadNameFrequencies } from '../config/name-frequencies';
import { ReferenceTablesProvider } from '../config/reference-tables.provider';
import { PersonRepository } from './person.repository';
import {
  Contributor,
  SurvivorshipContext,
  SurvivorshipRules,
  computeGoldenRecord,
  defaultSurvivorshipRules,
} from './survivorship';

/** Recomputes golden records whenever their links change; pins survive every recompute. */
@Injectable()
export class GoldenRecordService {
  readonly rules: SurvivorshipRules = defaultSurvivorshipRules(
    (process.env.MPI_SOURCE_TRUST ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
  private readonly context: SurvivorshipContext;

  constructor(
    private readonly persons: PersonRepository,
    tables: ReferenceTablesProvider,
  ) {
    const frequencies = loadNameFrequencies(path.join(projectRoot(), 'data', 'reference'));
    this.context = {
      nicknames: tables.tables.nicknames,
      givenFrequency: (name) => frequencies.given.get(name) ?? 0,
      familyFrequency: (name) => frequencies.family.get(name) ?? 0,
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
    for (const m of await this.persons.contributorsOfPersons(manager, unknown)) {
      const list = members.get(m.personId) ?? [];
      list.push(m);
      members.set(m.personId, list);
    }
    const entries = ids
      .filter((id) => pins.has(id) || created.has(id))
      .map((personId) => {
        const contributors = members.get(personId) ?? [];
        return {
          personId,
          golden: computeGoldenRecord(contributors, this.rules, pins.get(personId), this.context),
          recordIds: contributors.map((c) => c.recordId),
        };
      });
    await this.persons.saveGoldens(manager, entries);
  }
}
