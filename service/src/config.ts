/** The service's settings: command-line flags first, then environment variables, then defaults. */
import path from 'node:path';

export interface ServiceConfig {
  dataDir: string;
  databaseUrl?: string;
  host: string;
  port: number;
  /** Whether `synor serve` also runs a worker in its process. */
  withWorker: boolean;
  /** Analyses one worker process runs at once (one thread each). */
  concurrency: number;
  timeLimitMs: number;
  bodyLimitBytes: number;
  rateLimitPerKey: number;
  rateLimitPerIp: number;
  rateLimitWindowMs: number;
  adminKey?: string;
  tokenTtlSeconds: number;
  logLevel: string;
  retryLimit: number;
  retryDelaySeconds: number;
  cacheSize: number;
  /** How long past the time limit a job may stay active before the queue takes it back (its worker died). */
  jobExpirySlackSeconds: number;
  /** How often the queue's maintenance runs: expired jobs retried, old ones archived. */
  queueMaintenanceSeconds: number;
  /** JSON-RPC endpoints by chain id, from `SYNOR_RPC_<chainId>`: an analysis of `{ chainId, address }` reads the code there. */
  rpcUrls: Record<number, string>;
  /** Whether webhooks may target loopback, private and other non-public addresses (off: SSRF protection). */
  webhookAllowPrivate: boolean;
  webhookRetryLimit: number;
  webhookRetryDelaySeconds: number;
  webhookTimeoutMs: number;
  /** The service's public base URL, for absolute links in webhook events (relative links without it). */
  publicUrl?: string;
  /** Where rate-limit counters live: `database` shares them between API processes; `memory` keeps them per process. */
  rateLimitStore: 'memory' | 'database';
}

/** `SYNOR_RPC_<chainId>=<url>` variables, e.g. `SYNOR_RPC_1=https://…`. */
export function rpcUrlsFrom(env: NodeJS.ProcessEnv): Record<number, string> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^SYNOR_RPC_(\d{1,15})$/.exec(k);
    if (!m || !v) continue;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new ConfigUsageError(`${k} must be an http(s) URL (got "${v}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigUsageError(`${k} must be an http(s) URL (got "${v}")`);
    out[Number(m[1])] = v;
  }
  return out;
}

export class ConfigUsageError extends Error {}

function publicUrlFrom(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigUsageError(`SYNOR_PUBLIC_URL must be an http(s) URL (got "${v}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigUsageError(`SYNOR_PUBLIC_URL must be an http(s) URL (got "${v}")`);
  return v.replace(/\/+$/, '');
}

/** Shared counters by default on a PostgreSQL server (several API processes); per process on PGlite (one process). */
function rateLimitStoreFrom(v: string | undefined, postgres: boolean): 'memory' | 'database' {
  if (v === undefined || v === '') return postgres ? 'database' : 'memory';
  if (v !== 'memory' && v !== 'database') throw new ConfigUsageError(`SYNOR_RATE_LIMIT_STORE must be memory or database (got "${v}")`);
  return v;
}

const int = (v: string | undefined, name: string, fallback: number, min = 0): number => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new ConfigUsageError(`${name} must be an integer ≥ ${min} (got "${v}")`);
  return n;
};

export function readConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const flags = new Map<string, string>();
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new ConfigUsageError(`unexpected argument "${a}"`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (['--with-worker', '--no-worker'].includes(a)) bools.add(a.slice(2));
    else if (['--data', '--port', '--host', '--concurrency', '--database-url'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new ConfigUsageError(`${a} needs a value`);
      flags.set(a.slice(2), v);
    } else throw new ConfigUsageError(`unknown option "${a}"`);
  }
  return {
    dataDir: path.resolve(flags.get('data') ?? env.SYNOR_DATA_DIR ?? '.synor/data'),
    databaseUrl: flags.get('database-url') ?? (env.DATABASE_URL || undefined),
    host: flags.get('host') ?? env.HOST ?? '127.0.0.1',
    port: int(flags.get('port') ?? env.PORT, 'port', 8080),
    withWorker: !bools.has('no-worker') && env.SYNOR_WITH_WORKER !== '0',
    concurrency: int(flags.get('concurrency') ?? env.SYNOR_WORKER_CONCURRENCY, 'concurrency', 1, 1),
    timeLimitMs: int(env.SYNOR_ANALYSIS_TIME_LIMIT_MS, 'SYNOR_ANALYSIS_TIME_LIMIT_MS', 120_000, 1000),
    bodyLimitBytes: int(env.SYNOR_BODY_LIMIT_BYTES, 'SYNOR_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024),
    rateLimitPerKey: int(env.SYNOR_RATE_LIMIT_KEY, 'SYNOR_RATE_LIMIT_KEY', 600, 1),
    rateLimitPerIp: int(env.SYNOR_RATE_LIMIT_IP, 'SYNOR_RATE_LIMIT_IP', 1200, 1),
    rateLimitWindowMs: int(env.SYNOR_RATE_LIMIT_WINDOW_MS, 'SYNOR_RATE_LIMIT_WINDOW_MS', 60_000, 1000),
    adminKey: env.SYNOR_ADMIN_KEY || undefined,
    tokenTtlSeconds: int(env.SYNOR_TOKEN_TTL_SECONDS, 'SYNOR_TOKEN_TTL_SECONDS', 900, 10),
    logLevel: env.SYNOR_LOG_LEVEL ?? 'info',
    retryLimit: int(env.SYNOR_JOB_RETRY_LIMIT, 'SYNOR_JOB_RETRY_LIMIT', 2, 0),
    retryDelaySeconds: int(env.SYNOR_JOB_RETRY_DELAY_SECONDS, 'SYNOR_JOB_RETRY_DELAY_SECONDS', 2, 0),
    cacheSize: int(env.SYNOR_RESULT_CACHE_SIZE, 'SYNOR_RESULT_CACHE_SIZE', 200, 0),
    jobExpirySlackSeconds: int(env.SYNOR_JOB_EXPIRY_SLACK_SECONDS, 'SYNOR_JOB_EXPIRY_SLACK_SECONDS', 30, 1),
    queueMaintenanceSeconds: int(env.SYNOR_QUEUE_MAINTENANCE_SECONDS, 'SYNOR_QUEUE_MAINTENANCE_SECONDS', 30, 1),
    rpcUrls: rpcUrlsFrom(env),
    webhookAllowPrivate: env.SYNOR_WEBHOOK_ALLOW_PRIVATE === '1',
    webhookRetryLimit: int(env.SYNOR_WEBHOOK_RETRY_LIMIT, 'SYNOR_WEBHOOK_RETRY_LIMIT', 5, 0),
    webhookRetryDelaySeconds: int(env.SYNOR_WEBHOOK_RETRY_DELAY_SECONDS, 'SYNOR_WEBHOOK_RETRY_DELAY_SECONDS', 10, 1),
    webhookTimeoutMs: int(env.SYNOR_WEBHOOK_TIMEOUT_MS, 'SYNOR_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    publicUrl: publicUrlFrom(env.SYNOR_PUBLIC_URL),
    rateLimitStore: rateLimitStoreFrom(env.SYNOR_RATE_LIMIT_STORE, !!(flags.get('database-url') ?? (env.DATABASE_URL || undefined))),
  };
}
