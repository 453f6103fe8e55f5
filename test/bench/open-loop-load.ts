import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OpenLoopOptions {
  /** http://host:port */
  origin: string;
  path: string;
  /** Requests per second, sent at evenly spaced instants. */
  rate: number;
  durationSeconds: number;
  headers: Record<string, string>;
  /** The body of the i-th request. */
  body: (i: number) => string;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Milliseconds from each request's scheduled instant to its complete response. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Responses per second over the run. */
  throughput: number;
}

/**
 * A constant-rate (open-loop) load: request i is due at start + i / rate whatever happened to
 * the ones before it, on as many keep-alive connections as are needed, and its latency is
 * counted from when it was due, so a slow answer that delays later sends still shows in their
 * latency (no coordinated omission). autocannon's `overallRate` is not this: each connection
 * sends back to back until it has used its share of the second, then waits for the next one,
 * so "200 requests/s" there is a burst of saturation every second.
 */
export async function openLoopLoad(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inFlight.push(
      send(agent, options, options.body(i)).then(
        (status) => {
          if (status >= 200 && status < 300) latencies.push(performance.now() - due);
          else failed += 1;
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    ok: latencies.length,
    failed,
    p50: percentile(latencies, 0.5),
    p90: percentile(latencies, 0.9),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? 0,
    throughput: latencies.length / elapsed,
  };
}

function send(agent: http.Agent, options: OpenLoopOptions, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${options.origin}${options.path}`,
      {
        method: 'POST',
        agent,
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
