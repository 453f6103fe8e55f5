import { Client } from 'pg';

/**
 * One statement a pg client sent: its text's first line, trimmed, and its time; when it was
 * sent and answered (ms on one clock), to tell statements that overlapped from a chain.
 */
export interface SentStatement {
  sql: string;
  ms: number;
  sentAt: number;
  answeredAt: number;
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
    const sentAt = Number(started) / 1e6;
    const entry: SentStatement = { sql: shortened(text), ms: 0, sentAt, answeredAt: sentAt };
    statements.push(entry);
    const answer = original.apply(this, args);
    if (answer && typeof (answer as Promise<unknown>).then === 'function')
      void (answer as Promise<unknown>).then(
        () => answered(entry),
        () => answered(entry),
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

function answered(entry: SentStatement): void {
  entry.answeredAt = Number(process.hrtime.bigint()) / 1e6;
  entry.ms = entry.answeredAt - entry.sentAt;
}

/** A statement as a list shows it: whitespace folded, cut at 100 characters. */
function shortened(sql: string): string {
  const folded = sql.replace(/\s+/g, ' ').trim();
  return folded.length > 100 ? `${folded.slice(0, 100)}…` : folded;
}
