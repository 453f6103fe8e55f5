import { Client } from 'pg';

/** One statement a pg client sent: its text's first line, trimmed, and its time. */
export interface SentStatement {
  sql: string;
  ms: number;
}

/**
 * Counts the statements every pg client of this process sends while `work` runs (prepared
 * ones included: they go through Client.query too), with each one's time to its answer.
 * Test-only: it patches pg's Client for the duration and restores it after. Round trips,
 * not work, are what an ingest round waits on, so their number is the figure to watch.
 */
export async function countStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: SentStatement[] }> {
  const statements: SentStatement[] = [];
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]): unknown {
    const started = process.hrtime.bigint();
    const first = args[0];
    const text =
      typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '');
    const entry: SentStatement = { sql: shortened(text), ms: 0 };
    statements.push(entry);
    const answer = original.apply(this, args);
    if (answer && typeof (answer as Promise<unknown>).then === 'function')
      void (answer as Promise<unknown>).then(
        () => (entry.ms = Number(process.hrtime.bigint() - started) / 1e6),
        () => (entry.ms = Number(process.hrtime.bigint() - started) / 1e6),
      );
    return answer;
  };
  try {
    const result = await work();
    return { result, statements };
  } finally {
    proto.query = original;
  }
}

/** A statement as a list shows it: whitespace folded, cut at 100 characters. */
function shortened(sql: string): string {
  const folded = sql.replace(/\s+/g, ' ').trim();
  return folded.length > 100 ? `${folded.slice(0, 100)}…` : folded;
}
