/**
 * The part of autocannon's programmatic API the benchmarks use (the package ships no types).
 * See node_modules/autocannon/README.md.
 */
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Concurrent connections (default 10). */
    connections?: number;
    /** Seconds (default 10). */
    duration?: number;
    /** Requests to make instead of a duration. */
    amount?: number;
    pipelining?: number;
    /** Seconds before a request counts as timed out (default 10). */
    timeout?: number;
    /** Worker threads firing requests (the load then runs off the main thread). */
    workers?: number;
    title?: string;
  }

  /** A histogram summary; latencies in ms, requests and throughput per second. */
  interface AutocannonHistogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p0_001: number;
    p0_01: number;
    p0_1: number;
    p1: number;
    p2_5: number;
    p10: number;
    p25: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    p99_99: number;
    p99_999: number;
  }

  interface AutocannonResult {
    title?: string;
    url: string;
    connections: number;
    pipelining: number;
    workers?: number;
    /** Seconds. */
    duration: number;
    samples: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: AutocannonHistogram & { totalCount: number };
    requests: AutocannonHistogram & { sent: number };
    throughput: AutocannonHistogram;
  }

  /** Runs a load test; without a callback it returns a promise of the result. */
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;

  export type { AutocannonHistogram, AutocannonOptions, AutocannonResult };
  export default autocannon;
}
