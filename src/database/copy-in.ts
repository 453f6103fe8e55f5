import { EntityManager } from 'typeorm';

/** A value of one column of a COPY row, in PostgreSQL's text format. */
export type CopyValue = string | number | boolean | null | undefined;

/** The part of pg's connection a COPY FROM STDIN drives (pg's "submittable" contract). */
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

interface PgClient {
  query(submittable: CopySubmittable): unknown;
}

const SPECIAL = /[\\\t\n\r]/g;
/** SPECIAL without the g flag: a test that keeps no lastIndex between calls. */
const HAS_SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row of COPY text: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(values: readonly CopyValue[]): string {
  return copyFields(values) + '\n';
}

/** Columns of a COPY row without its end, for a row put together from pieces made apart. */
export function copyFields(values: readonly CopyValue[]): string {
  let fields = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) fields += '\t';
    if (v === null || v === undefined) fields += '\\N';
    // Tested first: hardly any value needs escaping, and a replace with a callback costs more
    // than a scan even when it finds nothing (a bulk load's rows are 2 kB of JSON each).
    else if (typeof v === 'string')
      fields += HAS_SPECIAL.test(v) ? v.replace(SPECIAL, (c) => ESCAPES[c] ?? c) : v;
    else fields += String(v);
  }
  return fields;
}

/** Chunks of at most this many bytes go to the socket at a time. */
const CHUNK_BYTES = 1 << 20;

/**
 * Sends rows with a repository's `copy TABLE (COLUMNS) from stdin` statement on the manager's
 * connection (so inside the caller's transaction): the fastest way PostgreSQL takes rows, with
 * no statement per row and no parameter limits. pg has no COPY of its own; this speaks the
 * protocol's three messages through pg's submittable interface. `lines` are pieces of COPY
 * text of one or more whole rows each. Resolves with the number of rows copied.
 */
export async function copyIn(
  manager: EntityManager,
  statement: string,
  lines: Iterable<string>,
): Promise<number> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('copyIn needs a transaction (a query runner)');
  const client = (await runner.connect()) as PgClient;
  const copy = new CopySubmittable(statement, lines);
  client.query(copy);
  return copy.done;
}

/** pg calls these as the server answers; each one is a step of the COPY FROM protocol. */
class CopySubmittable {
  private rows = 0;
  private resolve: (rows: number) => void = () => undefined;
  private reject: (error: Error) => void = () => undefined;
  readonly done: Promise<number>;

  constructor(
    private readonly text: string,
    private readonly lines: Iterable<string>,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    let pending: string[] = [];
    let size = 0;
    for (const line of this.lines) {
      pending.push(line);
      size += line.length;
      if (size >= CHUNK_BYTES) {
        connection.sendCopyFromChunk(Buffer.from(pending.join('')));
        pending = [];
        size = 0;
      }
    }
    if (pending.length > 0) connection.sendCopyFromChunk(Buffer.from(pending.join('')));
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rows = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    this.resolve(this.rows);
  }

  /** pg drops the query on an error: the ReadyForQuery after it never reaches this one. */
  handleError(error: Error): void {
    this.reject(error);
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}
