import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import request from 'supertest';
import { signDevToken } from '../../src/auth/dev-token-signer';
import { DEFAULT_MODEL_PATH } from '../../src/retrieval/match-model.provider';
import { CliResult, runCli } from '../support/cli';
import { linkageIntegrity } from '../support/linkage-integrity';
import { RestartableApp } from '../support/restartable-app';
import { TestDatabase, createTestDatabase } from '../support/test-database';

const rosalind = {
  source: 'hospital',
  source_id: 'H-1',
  given_name: 'Rosalind',
  family_name: 'Pemberton',
  birth_date: '1961-03-04',
  sex: 'female',
  ssn: '512-44-9876',
  address_line: '12 Birch Lane',
  postal_code: '97201',
  phone: '503-555-0101',
};
/** The same woman at the lab: no SSN, the street abbreviated. */
const rosalindLab = {
  ...rosalind,
  source: 'lab',
  source_id: 'L-1',
  ssn: undefined,
  address_line: '12 Birch Ln',
};
/** Her twin sister: same household and birth date, another name and SSN. */
const philippa = {
  ...rosalind,
  source_id: 'H-2',
  given_name: 'Philippa',
  ssn: '512-44-7311',
};
/** Rosalind under her married name at a new address: a steward links her by hand. */
const rosalindMarried = {
  source: 'clinic',
  source_id: 'C-1',
  given_name: 'Rosalind',
  family_name: 'Pemberton-Hale',
  birth_date: '1961-03-04',
  sex: 'female',
  address_line: '8 Harbor Street',
  postal_code: '97035',
};
/** A father and son of one name and household, neither with a suffix. */
const cassius = {
  source: 'hospital',
  source_id: 'H-3',
  given_name: 'Cassius',
  family_name: 'Yardley',
  birth_date: '1950-06-11',
  sex: 'male',
  address_line: '77 Oak Avenue',
  postal_code: '97301',
  phone: '503-555-0199',
};
const cassiusSon = { ...cassius, source_id: 'H-4', birth_date: '1978-09-23' };
/** One man at two sources, which the tight model would not link. */
const evander = {
  source: 'hospital',
  source_id: 'H-5',
  given_name: 'Evander',
  family_name: 'Fairweather',
  birth_date: '1972-11-30',
  sex: 'male',
  address_line: '4 Quarry Road',
  postal_code: '97405',
  phone: '541-555-0142',
};
const evanderLab = { ...evander, source: 'lab', source_id: 'L-5', address_line: '4 Quarry Rd' };

/**
 * Models of other versions than the default, to build a store linked wrongly: `loose` links
 * whatever it blocks together (no guards, a low threshold) and lacks a blocking rule, `tight`
 * links nothing that is not overwhelming.
 */
const defaultModel = (): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as Record<string, unknown>;
/** The checked-in model's version: the one the store is relinked under first. */
const DEFAULT_VERSION = defaultModel()['version'] as number;

function writeModels(dir: string): { loose: string; tight: string } {
  const base = defaultModel();
  const rules = base['deterministicRules'] as Record<string, unknown>;
  const loose = {
    ...base,
    version: DEFAULT_VERSION + 90,
    thresholds: { certain: 0.5, probable: 0.4, possible: 0.3 },
    deterministicRules: { ...rules, guards: [], guardOverrides: [] },
    blockingRules: (base['blockingRules'] as string[]).filter((r) => r !== 'name-birth-day-month'),
  };
  const tight = {
    ...base,
    version: DEFAULT_VERSION + 91,
    thresholds: { certain: 0.9999999999999, probable: 0.99999999999, possible: 0.5 },
  };
  const files = { loose: path.join(dir, 'loose.json'), tight: path.join(dir, 'tight.json') };
  fs.writeFileSync(files.loose, JSON.stringify(loose));
  fs.writeFileSync(files.tight, JSON.stringify(tight));
  return files;
}

interface LinkRow {
  person_id: string;
  kind: string;
  linked_at: Date;
}

interface RelinkRunRow {
  finished_at: Date | null;
  last_record_id: string;
  moved: number;
  tasks_opened: number;
  keys_refreshed: number;
}

interface MoveRow {
  kind: string;
  record_id: string;
  from_person_id: string;
}

describe('mpi relink: automatic links re-decided under the current model', () => {
  let db: TestDatabase;
  let pg: Client;
  let dataDir: string;
  const server = new RestartableApp();
  let baseUrl = '';
  let models: { loose: string; tight: string };
  const jwt = randomBytes(32).toString('base64');
  const keys = `k1:${randomBytes(32).toString('base64')}`;
  const recordOf = new Map<string, string>();
  const personBefore = new Map<string, string>();
  let manualBefore: LinkRow;
  // What each step of the relink left, read right after it.
  let stopped: { run: CliResult; row: RelinkRunRow[]; twin: string; son: string };
  let finished: { run: CliResult; row: RelinkRunRow };
  const personAfter = new Map<string, string>();
  let integrityAfter: Awaited<ReturnType<typeof linkageIntegrity>>;
  let moves: MoveRow[];
  let again: { run: CliResult; eventsBefore: number; eventsAfter: number };

  const env = (modelPath: string | null): NodeJS.ProcessEnv => {
    const vars: NodeJS.ProcessEnv = {
      ...process.env,
      ...db.env,
      MPI_DEV_TOKENS: 'true',
      MPI_DATA_DIR: dataDir,
      MPI_TOKEN_KEYS: keys,
      MPI_JWT_SECRET: jwt,
      MPI_RATE_LIMIT: '0',
      MPI_MODEL_PATH: modelPath ?? undefined,
    };
    if (modelPath === null) delete vars.MPI_MODEL_PATH;
    return vars;
  };
  const boot = async (modelPath: string | null): Promise<void> => {
    baseUrl = await server.restart(env(modelPath));
  };
  const token = (role: 'ingest' | 'steward') =>
    signDevToken(Buffer.from(jwt, 'base64'), role, 3600);
  /** One request per record: each its own arrival time. */
  async function send(...records: object[]): Promise<void> {
    const auth = `Bearer ${await token('ingest')}`;
    for (const record of records) {
      const res = await request(baseUrl)
        .post('/api/records')
        .set('Authorization', auth)
        .send({ records: [record] })
        .expect(200);
      const outcome = res.body.outcomes[0] as { recordId: string };
      recordOf.set((record as { source_id: string }).source_id, outcome.recordId);
    }
  }
  const id = (sourceId: string): string => recordOf.get(sourceId) as string;
  const link = async (sourceId: string): Promise<LinkRow> =>
    (
      await pg.query(`select person_id, kind, linked_at from record_link where record_id = $1`, [
        id(sourceId),
      ])
    ).rows[0] as LinkRow;
  const person = async (sourceId: string): Promise<string> => (await link(sourceId)).person_id;
  const relink = (...args: string[]): Promise<CliResult> => runCli(['relink', ...args], env(null));
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await pg.query(sql, params)).rows[0].n);

  before(async () => {
    db = await createTestDatabase('relink');
    pg = new Client({ connectionString: db.url });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpi-relink-'));
    models = writeModels(dataDir);
    await boot(models.loose);
    await pg.connect();
    await send(rosalind, rosalindLab, philippa, cassius, cassiusSon);
    await boot(models.tight);
    await send(evander, evanderLab, rosalindMarried);
    await request(baseUrl)
      .post(`/api/records/${id('C-1')}/link`)
      .set('Authorization', `Bearer ${await token('steward')}`)
      .send({ personId: await person('H-1'), reason: 'married name, confirmed by phone' })
      .expect(200);
    for (const sourceId of recordOf.keys()) personBefore.set(sourceId, await person(sourceId));
    manualBefore = await link('C-1');
    // The service runs the new (default) model while the store is relinked: two batches, a
    // stop, then on to the end and once more. The cases read what each step left.
    await boot(null);
    const stoppedRun = await relink('--batch', '1', '--batches', '2');
    stopped = {
      run: stoppedRun,
      row: (await pg.query(`select * from relink_run`)).rows as RelinkRunRow[],
      twin: await person('H-2'),
      son: await person('H-4'),
    };
    const finishedRun = await relink('--batch', '2');
    finished = {
      run: finishedRun,
      row: (await pg.query(`select * from relink_run`)).rows[0] as RelinkRunRow,
    };
    for (const sourceId of recordOf.keys()) personAfter.set(sourceId, await person(sourceId));
    integrityAfter = await linkageIntegrity(db.url);
    moves = (
      await pg.query(
        `select kind, record_id, from_person_id from link_event
          where actor like 'cli:%' and from_person_id is distinct from person_id order by id`,
      )
    ).rows as MoveRow[];
    const eventsBefore = await count(`select count(*)::int as n from link_event`);
    const againRun = await relink();
    const eventsAfter = await count(`select count(*)::int as n from link_event`);
    again = { run: againRun, eventsBefore, eventsAfter };
  });
  after(async () => {
    await server.stop();
    await pg.end();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts from a store the loose and tight models linked wrongly', () => {
    const p = (s: string) => personBefore.get(s);
    assert.equal(p('H-2'), p('H-1'), 'twins linked');
    assert.equal(p('L-1'), p('H-1'));
    assert.equal(p('C-1'), p('H-1'));
    assert.equal(p('H-4'), p('H-3'), 'father and son linked');
    assert.notEqual(p('L-5'), p('H-5'), 'one man split');
    assert.equal(manualBefore.kind, 'manual');
  });

  it('stops after --batches and keeps its place in relink_run', () => {
    const { run: res, row: run } = stopped;
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /stopped after 2 batches/);
    assert.equal(res.stderr.split('\n').filter((l) => /^relink: \d+\/8 records/.test(l)).length, 2);
    assert.equal(run.length, 1);
    assert.equal(run[0]?.finished_at, null);
    assert.equal(run[0]?.last_record_id, id('L-1'));
    // The first batch took Rosalind's whole person: the twin has left it already.
    assert.notEqual(stopped.twin, personBefore.get('H-1'));
    assert.equal(stopped.son, personBefore.get('H-3'), 'not reached yet');
  });

  it('continues where it stopped and finishes', () => {
    const { run: res, row: run } = finished;
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /\nfinished\n$/);
    assert.match(res.stdout, new RegExp(`^model version: ${DEFAULT_VERSION}$`, 'm'));
    assert.notEqual(run.finished_at, null);
    assert.equal(run.moved, 3, 'the twin, the son, one of the split records');
    assert.ok(run.tasks_opened >= 1, 'the son is a possible match of his father');
    assert.equal(run.keys_refreshed, 5, 'the records blocked under the loose model');
  });

  it('undoes the wrong automatic links and makes the missing one', async () => {
    const after = (s: string) => personAfter.get(s);
    const rosalindPerson = personBefore.get('H-1') as string;
    assert.equal(after('H-1'), rosalindPerson, 'a person keeps the records it was founded on');
    assert.equal(after('L-1'), rosalindPerson);
    assert.notEqual(after('H-2'), rosalindPerson);
    assert.equal(after('H-3'), personBefore.get('H-3'));
    assert.notEqual(after('H-4'), personBefore.get('H-3'));
    assert.equal(after('H-5'), after('L-5'));
    const emptied = await count(
      `select count(*)::int as n from person where id = any($1::uuid[]) and status = 'empty'`,
      [[personBefore.get('H-5'), personBefore.get('L-5')]],
    );
    assert.equal(emptied, 1, 'the person the moved record left holds nothing');
    assert.deepEqual(integrityAfter, { records: 8, links: 8, stale: 0 });
  });

  it('never touches a manual link', async () => {
    const after = await link('C-1');
    assert.equal(after.kind, 'manual');
    assert.equal(after.person_id, manualBefore.person_id);
    assert.equal(after.linked_at.getTime(), manualBefore.linked_at.getTime());
  });

  it('records each move as a link event and audits every batch', async () => {
    const byRecord = new Map(moves.map((e) => [e.record_id, e]));
    assert.equal(byRecord.get(id('H-2'))?.kind, 'new-person');
    assert.equal(byRecord.get(id('H-2'))?.from_person_id, personBefore.get('H-1'));
    assert.equal(byRecord.get(id('H-4'))?.from_person_id, personBefore.get('H-3'));
    const split = byRecord.get(id('H-5')) ?? byRecord.get(id('L-5'));
    assert.equal(split?.kind, 'auto-link');
    const batches = await count(
      `select count(*)::int as n from audit_event where action = 'link.relink'`,
    );
    assert.ok(batches >= 4, `${batches} audited batches`);
    const verify = await runCli(['audit', 'verify'], env(null));
    assert.equal(verify.code, 0, verify.stdout);
  });

  it('closes the open questions of re-decided records', async () => {
    const open = await count(
      `select count(*)::int as n from review_task where status = 'open' and record_id = any($1::uuid[]) and kind = 'possible-match'`,
      [[id('H-5'), id('L-5')]],
    );
    assert.equal(open, 0, 'the split records are one person now');
  });

  it('does nothing once the run of the model version is finished', () => {
    const { run: res, eventsBefore, eventsAfter } = again;
    assert.equal(res.code, 0, res.stderr);
    assert.match(
      res.stdout,
      new RegExp(`model version ${DEFAULT_VERSION}: relinked, finished .*; nothing to do`),
    );
    assert.match(res.stdout, /^moved: 3$/m, 'the finished run totals');
    assert.equal(eventsAfter, eventsBefore);
  });

  it('relinks again under the next model version while the service ingests', async () => {
    const next = DEFAULT_VERSION + 1;
    await pg.query(
      `insert into match_model (version, model, created_by) values ($1, $2::jsonb, 'test')`,
      [next, JSON.stringify({ ...defaultModel(), version: next })],
    );
    await boot(null);
    const running = relink('--batch', '1');
    const newcomers = Array.from({ length: 8 }, (_, i) => ({
      ...evander,
      source: 'pharmacy',
      source_id: `P-${i}`,
      given_name: ['Evander', 'Lysander', 'Cassius', 'Rosalind'][i % 4],
    }));
    await send(...newcomers);
    const res = await running;
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, new RegExp(`^model version: ${next}$`, 'm'));
    const runs = await count(
      `select count(*)::int as n from relink_run where finished_at is not null`,
    );
    assert.equal(runs, 2);
    assert.deepEqual(await linkageIntegrity(db.url), { records: 16, links: 16, stale: 0 });
    assert.equal((await link('C-1')).kind, 'manual');
    const verify = await runCli(['audit', 'verify'], env(null));
    assert.equal(verify.code, 0, verify.stdout);
  });

  it('lets a steward undo a relink move through the undo route', async () => {
    const [event] = (
      await pg.query(
        `select id from link_event where record_id = $1 and kind = 'new-person' and actor like 'cli:%'`,
        [id('H-2')],
      )
    ).rows as { id: string }[];
    const res = await request(baseUrl)
      .post(`/api/events/${event!.id}/undo`)
      .set('Authorization', `Bearer ${await token('steward')}`)
      .send({ reason: 'the steward knows better' })
      .expect(200);
    assert.ok(res.body.personIds.includes(personBefore.get('H-1')));
    const back = await link('H-2');
    assert.equal(back.person_id, personBefore.get('H-1'));
    assert.equal(back.kind, 'manual', 'an undo is a steward decision: relink leaves it');
    await request(baseUrl)
      .post(`/api/events/${event!.id}/undo`)
      .set('Authorization', `Bearer ${await token('steward')}`)
      .send({})
      .expect(409);
  });
});
