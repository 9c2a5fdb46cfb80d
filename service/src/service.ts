/**
 * The parts every process shares: the database (migrated on start), the job
 * queue, the result cache, metrics and the logger. `synor serve` adds the HTTP
 * API on top, `synor worker` the job handler; both may run in one process.
 */
import PgBoss from 'pg-boss';
import pino, { type Logger } from 'pino';
import { createKey, hashKey } from './auth';
import type { ServiceConfig } from './config';
import { openPglite, openPostgres, type Database } from './db';
import type { AnalysisOutput } from './engine-run';
import { Lru } from './lru';
import { createMetrics, type Metrics } from './metrics';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations';
import { WEBHOOK_DEAD_QUEUE, WEBHOOK_QUEUE } from './webhooks';

export const QUEUE = 'analysis';
export const DEAD_LETTER_QUEUE = 'analysis-dead';
/** Advisory lock ids held while a process migrates and sets up the queue. */
const START_LOCK = [0x53594e4f, 0x52000002];

export interface Service {
  config: ServiceConfig;
  db: Database;
  boss: PgBoss;
  log: Logger;
  metrics: Metrics;
  /** Results by content hash: the same sources, settings and engine version give the same result. */
  cache: Lru<string, { id: string; result: AnalysisOutput }>;
  /** Ids of this process's workers, to wake them as soon as this process queues a job. */
  workerIds: string[];
  jwtSecret(): Promise<string>;
  ready(): Promise<{ ok: boolean; database: boolean; migrations: boolean; version: number }>;
  close(): Promise<void>;
}

export async function openService(config: ServiceConfig, log: Logger = pino({ level: config.logLevel })): Promise<Service> {
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openPglite(config.dataDir);
  log.info({ database: db.kind, dataDir: db.kind === 'pglite' ? config.dataDir : undefined }, 'database open');
  const boss = new PgBoss({ db: db.bossDb() as PgBoss.Db, schema: 'pgboss', schedule: false, supervise: true, migrate: true, monitorStateIntervalSeconds: 10, maintenanceIntervalSeconds: config.queueMaintenanceSeconds });
  boss.on('error', (err) => log.error({ err }, 'queue error'));
  const startUp = async () => {
    const applied = await migrate(db);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
    await boss.start();
    await ensureQueue(boss, { name: DEAD_LETTER_QUEUE, retentionDays: 14 });
    await ensureQueue(boss, {
      name: QUEUE,
      policy: 'standard',
      retryLimit: config.retryLimit,
      retryDelay: config.retryDelaySeconds,
      retryBackoff: true,
      // The queue's own expiry backs up the worker's time limit: a job whose worker died is retried after it.
      expireInSeconds: Math.ceil(config.timeLimitMs / 1000) + config.jobExpirySlackSeconds,
      deadLetter: DEAD_LETTER_QUEUE,
    });
    await ensureQueue(boss, { name: WEBHOOK_DEAD_QUEUE, retentionDays: 14 });
    await ensureQueue(boss, {
      name: WEBHOOK_QUEUE,
      policy: 'standard',
      retryLimit: config.webhookRetryLimit,
      retryDelay: config.webhookRetryDelaySeconds,
      retryBackoff: true,
      // A delivery is one HTTP request under its own time limit; past this a dead worker's job is retried.
      expireInSeconds: Math.ceil(config.webhookTimeoutMs / 1000) + config.jobExpirySlackSeconds,
      deadLetter: WEBHOOK_DEAD_QUEUE,
    });
    if (config.adminKey) {
      const known = await db.query('SELECT 1 FROM api_keys WHERE hash = $1', [hashKey(config.adminKey)]);
      if (known.length === 0) {
        await createKey(db, { name: 'bootstrap admin (SYNOR_ADMIN_KEY)', role: 'admin', projectId: null, key: config.adminKey });
        log.info('bootstrap admin key from SYNOR_ADMIN_KEY stored');
      }
    }
  };
  if (db.kind === 'postgres') {
    // Processes starting together take turns: pg-boss decides whether to create its
    // schema before it takes its own lock, so two first starts would both create it.
    // The lock is held by one connection while the start-up runs on the others.
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', START_LOCK);
      await startUp();
    });
  } else await startUp();

  let secret: string | undefined;
  const metrics = createMetrics();
  return {
    config,
    db,
    boss,
    log,
    metrics,
    cache: new Lru(config.cacheSize),
    workerIds: [],
    async jwtSecret() {
      if (process.env.SYNOR_JWT_SECRET) return process.env.SYNOR_JWT_SECRET;
      return (secret ??= (await db.query<{ value: string }>("SELECT value FROM service_settings WHERE key = 'jwt_secret'"))[0].value);
    },
    async ready() {
      try {
        const version = await schemaVersion(db);
        return { ok: version >= LATEST_VERSION, database: true, migrations: version >= LATEST_VERSION, version };
      } catch {
        return { ok: false, database: false, migrations: false, version: 0 };
      }
    },
    async close() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => undefined);
      await db.close();
    },
  };
}

/**
 * Creates a queue, or brings an existing one's retry and expiry settings to this
 * process's configuration (the last process started decides, so deploy API and
 * workers with the same settings).
 */
async function ensureQueue(boss: PgBoss, q: PgBoss.Queue): Promise<void> {
  if (await boss.getQueue(q.name)) return boss.updateQueue(q.name, q);
  try {
    await boss.createQueue(q.name, q);
  } catch (err) {
    if (!(await boss.getQueue(q.name))) throw err;
  }
}
