import autocannon from 'autocannon';

export interface ThroughputResult {
  path: string;
  connections: number;
  seconds: number;
  /** 2xx answers per second over the run. */
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyP50: number;
  latencyP99: number;
}

/** `connections` concurrent keep-alive clients requesting `url` for `seconds` (autocannon), with the given cookie. */
export async function hammer(url: string, options: { connections: number; seconds: number; cookie?: string }): Promise<ThroughputResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 60,
    headers: { ...(options.cookie ? { cookie: options.cookie } : {}), 'accept-language': 'fr', accept: 'text/html' },
  });
  const ok = result['2xx'];
  return {
    path: new URL(url).pathname,
    connections: options.connections,
    seconds: result.duration,
    rps: Math.round((ok / Math.max(0.001, result.duration)) * 10) / 10,
    requests: ok + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
  };
}
