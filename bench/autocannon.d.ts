// The part of autocannon's API the service benchmark uses (the package ships no types).
declare module "autocannon" {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
    /** Samples in the histogram: answered requests for `latency`. */
    totalCount?: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    /** Seconds before a request counts as timed out (and its connection is reopened). */
    timeout?: number;
    /** Worker threads that run the connections, so the load is generated off the caller's event loop. */
    workers?: number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
