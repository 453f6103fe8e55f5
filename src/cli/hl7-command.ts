import * as fs from 'node:fs';
import { Hl7DeadLetters } from '../hl7/hl7-dead-letters.service';
import { Hl7MessageService } from '../hl7/hl7-message.service';
import { MllpClient, messagesOfFile } from '../hl7/mllp-client';
import { withAppContext } from './cli-context';
import { loadConfig } from '../config/load-config';

const USAGE = `usage: mpi hl7 send FILE [--host H] [--port P]   push a file of messages to the MLLP listener
       mpi hl7 dead-letters [list]                  frames the MPI could not read
       mpi hl7 dead-letters replay ID               process one again, print its ACK code
`;

/** `mpi hl7 ...`: operator tools for the HL7 v2 door. */
export async function hl7Command(
  args: string[],
  options: { host?: string; port?: string },
): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'send' && rest[0]) return send(rest[0], options);
  if (verb === 'dead-letters' && (rest[0] === undefined || rest[0] === 'list')) return list();
  if (verb === 'dead-letters' && rest[0] === 'replay' && rest[1]) return replay(rest[1]);
  process.stderr.write(USAGE);
  return 2;
}

/** Sends each message, prints `MSA-1 MSA-2` of each answer; exit 1 unless all are AA. */
async function send(file: string, options: { host?: string; port?: string }): Promise<number> {
  const hl7 = loadConfig().hl7;
  const port = options.port === undefined ? (hl7.port ?? 0) : Number(options.port);
  if (!Number.isInteger(port) || port <= 0) {
    process.stderr.write('mpi hl7 send: give --port or set MPI_HL7_PORT\n');
    return 2;
  }
  const client = await MllpClient.connect(options.host ?? hl7.host, port);
  let accepted = 0;
  const messages = messagesOfFile(fs.readFileSync(file));
  try {
    for (const message of messages) {
      const msa = (await client.send(message)).split('\r').find((s) => s.startsWith('MSA|')) ?? '';
      const [, code = '', control = ''] = msa.split('|');
      if (code === 'AA') accepted += 1;
      process.stdout.write(`${code} ${control}\n`);
    }
  } finally {
    client.close();
  }
  process.stderr.write(`${messages.length} sent, ${accepted} accepted\n`);
  return accepted === messages.length ? 0 : 1;
}

async function list(): Promise<number> {
  await withAppContext(async (app) => {
    const letters = await app.get(Hl7DeadLetters).list();
    process.stdout.write('id,received_at,peer,size,sha256,reason,replayed_at,replay_ack\n');
    for (const l of letters)
      process.stdout.write(
        `${[l.id, l.receivedAt, l.peer ?? '', l.size, l.sha256, JSON.stringify(l.reason), l.replayedAt ?? '', l.replayAckCode ?? ''].join(',')}\n`,
      );
  });
  return 0;
}

async function replay(id: string): Promise<number> {
  return withAppContext(async (app) => {
    const letters = app.get(Hl7DeadLetters);
    const bytes = await letters.payload(id);
    if (!bytes) {
      process.stderr.write('mpi hl7 dead-letters replay: no such dead letter\n');
      return 1;
    }
    const answer = await app.get(Hl7MessageService).handle(bytes, null);
    await letters.markReplayed(id, answer.code);
    process.stdout.write(`${answer.code}\n`);
    return answer.code === 'AA' || answer.code === 'DUP' ? 0 : 1;
  });
}
