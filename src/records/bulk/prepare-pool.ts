import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ComputedGolden, GoldenTask, NameCounts } from '../../linkage/golden-computer';
import {
  GoldenRequest,
  GoldenResponse,
  PrepareRequest,
  PrepareResponse,
  PrepareWorkerData,
} from './prepare-messages';

type Request = PrepareRequest | GoldenRequest;
type Response = PrepareResponse | GoldenResponse;

/**
 * Worker threads that prepare records (normalize, tokens, features, blocking keys) and compute
 * golden records, one per core: requests go round the workers and each call resolves with its
 * own request's results.
 */
export class PreparePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (results: Response['results']) => void; reject: (error: Error) => void }
  >();
  private seq = 0;
  private failure: Error | null = null;

  constructor(data: PrepareWorkerData, size = Math.max(1, os.availableParallelism())) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(path.join(__dirname, 'prepare-worker.js'), { workerData: data });
      worker.on('message', (response: Response) => {
        const waiter = this.waiting.get(response.seq);
        this.waiting.delete(response.seq);
        waiter?.resolve(response.results);
      });
      worker.on('error', (error) => {
        this.failure = error;
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  prepare(rows: PrepareRequest['rows']): Promise<PrepareResponse['results']> {
    return this.send({ kind: 'prepare', seq: this.seq++, rows }) as Promise<
      PrepareResponse['results']
    >;
  }

  /** Golden records of tasks, in order: the tasks split evenly across the workers. */
  async goldens(tasks: readonly GoldenTask[], counts: NameCounts): Promise<ComputedGolden[]> {
    const share = Math.ceil(tasks.length / this.workers.length);
    const parts: Promise<ComputedGolden[]>[] = [];
    for (let at = 0; at < tasks.length; at += share)
      parts.push(
        this.send({
          kind: 'goldens',
          seq: this.seq++,
          tasks: tasks.slice(at, at + share),
          counts,
        }) as Promise<ComputedGolden[]>,
      );
    return (await Promise.all(parts)).flat();
  }

  private send(request: Request): Promise<Response['results']> {
    if (this.failure) return Promise.reject(this.failure);
    const worker = this.workers[request.seq % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(request.seq, { resolve, reject });
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
