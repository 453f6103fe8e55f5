import * as net from 'node:net';
import * as tls from 'node:tls';
import { MllpDeframer, mllpFrame } from './mllp-deframer';

/**
 * A minimal MLLP sender for operators (`mpi hl7 send`) and the bench: one connection, one
 * message at a time, each answer awaited before the next is sent (original mode).
 */
export class MllpClient {
  private readonly deframer = new MllpDeframer(16 * 1024 * 1024);
  private waiter: { resolve: (answer: Buffer) => void; reject: (error: Error) => void } | null =
    null;
  private failure: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const item of this.deframer.push(chunk))
        if (item.kind === 'message') this.deliver(item.bytes);
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the MLLP connection closed')));
  }

  /** Plain MLLP, or MLLP over TLS when `secure` gives the TLS options (CA, client certificate). */
  static async connect(
    host: string,
    port: number,
    secure?: tls.ConnectionOptions,
  ): Promise<MllpClient> {
    const socket = secure ? tls.connect({ ...secure, host, port }) : net.connect(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once(secure ? 'secureConnect' : 'connect', resolve);
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    return new MllpClient(socket);
  }

  async send(message: string, timeoutMs = 30_000): Promise<string> {
    if (this.failure) throw this.failure;
    const answer = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer in time')), timeoutMs);
      this.waiter = {
        resolve: (bytes) => {
          clearTimeout(timer);
          resolve(bytes);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
    this.socket.write(mllpFrame(message));
    return (await answer).toString('utf8');
  }

  close(): void {
    this.socket.end();
  }

  private deliver(bytes: Buffer): void {
    const waiter = this.waiter;
    this.waiter = null;
    // An answer nobody waits for (original mode has none) is dropped.
    waiter?.resolve(bytes);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.reject(error);
    this.waiter = null;
  }
}

/**
 * The messages of a file: MLLP frames if it holds any, else segments one per line (CR, LF or
 * CRLF), a message starting at each MSH.
 */
export function messagesOfFile(content: Buffer): string[] {
  if (content.includes(0x0b)) {
    return new MllpDeframer(16 * 1024 * 1024)
      .push(content)
      .flatMap((item) => (item.kind === 'message' ? [item.bytes.toString('utf8')] : []));
  }
  const messages: string[][] = [];
  for (const line of content.toString('utf8').split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    if (line.startsWith('MSH')) messages.push([]);
    messages[messages.length - 1]?.push(line);
  }
  return messages.map((segments) => segments.join('\r') + '\r');
}
