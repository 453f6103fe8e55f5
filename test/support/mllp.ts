import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** MLLP test peers: a raw socket that writes bytes exactly as told, and Debian's `mllp_send`. */
const VT = '\x0b';
const FS = '\x1c';

/** Segments given one per line (readable fixtures) as an HL7 message: CR-separated. */
export function hl7(lines: string): string {
  return (
    lines
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .join('\r') + '\r'
  );
}

/** An ADT^A04 (v2.5) registering `id` of HOSPA under `name` (`FAMILY^GIVEN`). */
export function registration(control: string, id: string, name: string): string {
  return hl7(`
    MSH|^~\\&|REG|HOSPA|MPI|MPI|20261206120000||ADT^A04^ADT_A01|${control}|P|2.5
    EVN|A04|20261206120000
    PID|||${id}^^^HOSPA^MR||${name}||19790909|M
    PV1||N
  `);
}

export function frame(message: string): Buffer {
  return Buffer.from(`${VT}${message}${FS}\r`, 'utf8');
}

/**
 * Writes each chunk as its own TCP write (a short pause between, so they arrive apart) and
 * collects `expected` answers, unframed.
 */
export async function sendRaw(port: number, chunks: Buffer[], expected: number): Promise<string[]> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const answers: string[] = [];
  let buffer = '';
  const done = new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`got ${answers.length} of ${expected} answers`)),
      20_000,
    );
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('utf8');
      let end = buffer.indexOf(FS);
      while (end >= 0) {
        answers.push(buffer.slice(buffer.indexOf(VT) + 1, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf(FS);
      }
      if (answers.length >= expected) {
        clearTimeout(timer);
        resolve(answers);
      }
    });
    socket.on('error', reject);
  });
  for (const chunk of chunks) {
    socket.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  try {
    return await done;
  } finally {
    socket.destroy();
  }
}

const MLLP_SEND = '/usr/bin/mllp_send';

/** Debian's python3-hl7 provides mllp_send: installed on first use when the machine lacks it. */
export function ensureMllpSend(): void {
  if (fs.existsSync(MLLP_SEND)) return;
  const install = (): void => {
    execFileSync('timeout', ['300', 'apt-get', 'install', '-y', 'python3-hl7'], {
      stdio: 'ignore',
    });
  };
  try {
    install();
  } catch {
    // A fresh machine has no package lists yet: fetch them once, then install.
    execFileSync('timeout', ['300', 'apt-get', 'update'], { stdio: 'ignore' });
    install();
  }
  if (!fs.existsSync(MLLP_SEND)) throw new Error('python3-hl7 (mllp_send) could not be installed');
}

/**
 * Sends messages with `mllp_send --loose` (one message after another on one connection, each
 * ACK awaited) and returns the ACKs it printed, unframed, one per message.
 */
export async function mllpSend(port: number, messages: string[]): Promise<string[]> {
  ensureMllpSend();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mllp-send-'));
  const file = path.join(dir, 'messages.hl7');
  // --loose reads segments one per line and starts a message at each MSH.
  fs.writeFileSync(file, messages.map((m) => m.replace(/\r/g, '\n')).join(''));
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        'timeout',
        [
          '30',
          '/usr/bin/python3',
          MLLP_SEND,
          '--loose',
          '-f',
          file,
          '-p',
          String(port),
          '127.0.0.1',
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`mllp_send exited ${code}: ${err}`)),
      );
    });
    return stdout
      .split(FS)
      .map((part) => part.slice(part.indexOf(VT) + 1))
      .filter((part) => part.startsWith('MSH'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A field of the first segment with this name (`MSA`, 1) in an answer: MSH-n counts as the standard does. */
export function field(message: string, segment: string, index: number): string {
  const line = message.split('\r').find((s) => s.startsWith(`${segment}|`)) ?? '';
  const parts = line.split('|');
  return (segment === 'MSH' ? parts[index - 1] : parts[index]) ?? '';
}

export function segments(message: string, name: string): string[] {
  return message.split('\r').filter((s) => s.startsWith(`${name}|`) || s === name);
}
