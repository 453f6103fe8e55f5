import * as net from 'node:net';
import * as tls from 'node:tls';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { tlsOptions } from '../auth/http-transport';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Hl7Config } from '../config/hl7-section';
import { TlsSettings } from '../config/transport-sections';
import { HL7_CONFIG } from './hl7-config';
import { Hl7Answer, Hl7MessageService } from './hl7-message.service';
import { DeframedItem, MllpDeframer, mllpFrame } from './mllp-deframer';

/** How long shutdown waits for messages in progress before closing their connections. */
const DRAIN_MS = 10_000;
/** How often old control ids and expired continuation pointers are swept. */
const PURGE_EVERY_MS = 3_600_000;

/**
 * The MLLP listener (MPI_HL7_PORT), started with the HTTP service. Original-mode
 * acknowledgement: one message at a time per connection, the socket paused while a message is
 * processed (that is the back-pressure), a bounded number processed at once over all
 * connections, a connection cap, and an assembly timeout for a frame begun and never ended.
 * Shutdown stops accepting, lets every message in progress finish and its ACK go out, then
 * closes the connections.
 */
@Injectable()
export class MllpListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger('hl7');
  private server: net.Server | null = null;
  private readonly connections = new Set<Connection>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private closing = false;
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly messages: Hl7MessageService,
    @Inject(HL7_CONFIG) private readonly config: Hl7Config,
    /** Only for its `tls` section: MLLP over TLS takes the certificate HTTPS has. */
    @Inject(APP_CONFIG) private readonly appConfig: AppConfig,
  ) {}

  /** Starts listening when MPI_HL7_PORT is set; returns the bound port, or null. */
  async start(): Promise<number | null> {
    if (this.config.port === null || this.server) return this.port();
    const onSocket = (socket: net.Socket): void => this.accept(socket);
    const server = this.config.tls
      ? tls.createServer(requireTls(this.appConfig.tls), onSocket)
      : net.createServer(onSocket);
    server.maxConnections = this.config.maxConnections;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port ?? 0, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.logger.log(`MLLP listening on ${this.config.host}:${this.port() ?? ''}`);
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS).unref();
    void this.purge();
    return this.port();
  }

  port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    if (!this.server) return;
    this.closing = true;
    const server = this.server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.connections) c.drain();
    const deadline = Date.now() + DRAIN_MS;
    // Until every answer in progress is written out (destroy would drop a queued write).
    const pending = (): boolean =>
      [...this.connections].some((c) => c.busy || c.socket.writableLength > 0);
    while (pending() && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const c of this.connections) c.socket.destroy();
    await closed;
    this.server = null;
  }

  private async purge(): Promise<void> {
    try {
      await this.messages.purgeExpired();
    } catch (error) {
      this.logger.warn(
        `purging old HL7 state failed (${error instanceof Error ? error.name : 'error'})`,
      );
    }
  }

  private accept(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const connection = new Connection(socket, this.config, (item) => this.process(item, socket));
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
  }

  private async process(item: DeframedItem, socket: net.Socket): Promise<Hl7Answer> {
    if (item.kind === 'oversize') return this.messages.oversize(item.head);
    await this.acquire();
    try {
      return await this.messages.handle(item.bytes, socket.remoteAddress ?? null);
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.config.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

/** One sender's connection: frames in order, one at a time, each answered before the next. */
class Connection {
  private readonly deframer: MllpDeframer;
  private readonly queue: DeframedItem[] = [];
  busy = false;
  private draining = false;
  private assemblyTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly socket: net.Socket,
    private readonly config: Hl7Config,
    private readonly handle: (item: DeframedItem) => Promise<Hl7Answer>,
  ) {
    this.deframer = new MllpDeframer(config.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.clearTimer());
  }

  /** Shutdown: no new frames are read; the one in progress still gets its answer. */
  drain(): void {
    this.draining = true;
    this.socket.pause();
    if (!this.busy) this.socket.end();
  }

  private receive(chunk: Buffer): void {
    this.queue.push(...this.deframer.push(chunk));
    this.armAssemblyTimer();
    void this.next();
  }

  private async next(): Promise<void> {
    if (this.busy || this.draining) return;
    const item = this.queue.shift();
    if (!item) return;
    this.busy = true;
    this.socket.pause();
    try {
      const answer = await this.handle(item);
      if (!this.socket.destroyed) this.socket.write(mllpFrame(answer.text));
    } catch {
      // handle() answers every failure it can; what escapes it leaves the connection unusable.
      this.socket.destroy();
    } finally {
      this.busy = false;
    }
    if (this.draining) {
      this.socket.end();
      return;
    }
    this.socket.resume();
    void this.next();
  }

  /**
   * A frame begun must end in time, however its bytes trickle in (the timer is not reset by
   * each chunk); a sender stuck mid-frame is disconnected.
   */
  private armAssemblyTimer(): void {
    if (!this.deframer.assembling) this.clearTimer();
    else if (!this.assemblyTimer)
      this.assemblyTimer = setTimeout(() => this.socket.destroy(), this.config.assemblyTimeoutMs);
  }

  private clearTimer(): void {
    if (this.assemblyTimer) clearTimeout(this.assemblyTimer);
    this.assemblyTimer = null;
  }
}

function requireTls(settings: TlsSettings): tls.TlsOptions {
  const options = tlsOptions(settings);
  if (!options) throw new Error('MPI_HL7_TLS needs MPI_TLS_CERT and MPI_TLS_KEY');
  return options as tls.TlsOptions;
}
