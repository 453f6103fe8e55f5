import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PrepareRequest, PrepareResponse, PrepareWorkerData } from './prepare-messages';

/**
 * Worker threads that prepare records (normalize, tokens, features, blocking keys), one per
 * core: chunks go round the workers and each call resolves with its own chunk's results.
 */
export class PreparePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (results: PrepareResponse['results']) => void; reject: (error: Error) => void }
  >();
  private seq = 0;
  private failure: Error | null = null;

  constructor(data: PrepareWorkerData, size = Math.max(1, os.availableParallelism())) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(path.join(__dirname, 'prepare-worker.js'), { workerData: data });
      worker.on('message', (response: PrepareResponse) => {
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
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    const worker = this.workers[seq % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ seq, rows } satisfies PrepareRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
