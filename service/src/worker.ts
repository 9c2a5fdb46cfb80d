/**
 * The job worker: takes analysis jobs from the queue (highest priority first),
 * runs each in its own thread under the time limit, stores the result, and
 * lets the queue retry a failure with backoff; a job out of retries goes to the
 * dead-letter queue, whose handler marks its analysis failed.
 */
import type PgBoss from 'pg-boss';
import type { AnalysisSettings } from './engine-run';
import { engineVersion } from './engine-run';
import type { Service } from './service';
import { DEAD_LETTER_QUEUE, QUEUE } from './service';
import { getAnalysis, getSnapshot, storeResult, TERMINAL } from './store';
import { AnalysisThread, CancelledError, TimeLimitError } from './threads';
import { deliver, finish, markDead, queueCompletionEvents, WEBHOOK_DEAD_QUEUE, WEBHOOK_QUEUE, type WebhookJob } from './webhooks';

export interface JobData {
  analysisId: string;
}

export interface RunningWorker {
  stop(): Promise<void>;
}

export async function startWorker(s: Service): Promise<RunningWorker> {
  const threads: AnalysisThread[] = [];
  const ids: string[] = [];
  for (let i = 0; i < s.config.concurrency; i++) {
    const thread = new AnalysisThread();
    threads.push(thread);
    let id = '';
    id = await s.boss.work<JobData>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true }, async ([job]) => {
      try {
        await handle(s, thread, job);
      } finally {
        // Ask for the next job at once rather than after the polling interval: a busy queue drains without gaps.
        if (id) s.boss.notifyWorker(id);
      }
    });
    ids.push(id);
  }
  ids.push(
    await s.boss.work<{ analysisId?: string }>(DEAD_LETTER_QUEUE, { batchSize: 10, pollingIntervalSeconds: 2 }, async (jobs) => {
      for (const job of jobs) {
        if (!job.data?.analysisId) continue;
        await finish(s, job.data.analysisId, "UPDATE analyses SET status = 'failed', error = coalesce(error, 'out of retries'), finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id", [job.data.analysisId]);
        s.log.warn({ jobId: job.id, analysisId: job.data.analysisId }, 'analysis dead-lettered');
      }
    }),
  );
  // Webhook deliveries: one HTTP request each; a failure throws and the queue retries it with backoff.
  ids.push(
    await s.boss.work<WebhookJob>(WEBHOOK_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
      const log = s.log.child({ jobId: job.id, deliveryId: job.data.deliveryId, attempt: job.retryCount + 1 });
      try {
        const r = await deliver(s.db, job, { allowPrivate: s.config.webhookAllowPrivate, timeoutMs: s.config.webhookTimeoutMs });
        if (r === 'delivered') {
          s.metrics.webhookDeliveries.inc({ outcome: 'delivered' });
          log.info('webhook delivered');
        }
      } catch (err) {
        s.metrics.webhookDeliveries.inc({ outcome: 'failed' });
        log.warn({ err: (err as Error).message, final: job.retryCount >= job.retryLimit }, 'webhook delivery failed');
        throw err;
      }
    }),
  );
  ids.push(
    await s.boss.work<Partial<WebhookJob>>(WEBHOOK_DEAD_QUEUE, { batchSize: 10, pollingIntervalSeconds: 2 }, async (jobs) => {
      for (const job of jobs) {
        if (!job.data?.deliveryId) continue;
        await markDead(s.db, job.data.deliveryId);
        s.log.warn({ jobId: job.id, deliveryId: job.data.deliveryId }, 'webhook delivery dead-lettered');
      }
    }),
  );
  s.workerIds.push(...ids);
  s.log.info({ concurrency: s.config.concurrency }, 'worker started');
  return {
    async stop() {
      for (const id of ids) await s.boss.offWork({ id } as PgBoss.OffWorkOptions).catch(() => undefined);
      for (const t of threads) await t.close();
    },
  };
}

async function handle(s: Service, thread: AnalysisThread, job: PgBoss.JobWithMetadata<JobData>): Promise<void> {
  const log = s.log.child({ jobId: job.id, analysisId: job.data.analysisId, attempt: job.retryCount + 1 });
  const a = await getAnalysis(s.db, job.data.analysisId, false);
  if (!a || TERMINAL.has(a.status)) {
    // Cancelled before it started, or already done by an earlier delivery of the same job.
    log.info({ status: a?.status }, 'nothing to do');
    return;
  }
  const started = performance.now();
  const outcome = (o: string) => {
    s.metrics.jobDuration.observe({ outcome: o }, (performance.now() - started) / 1000);
    s.metrics.analyses.inc({ outcome: o });
  };
  // Same sources, settings and engine version: the stored result stands (a resubmission raced the first run).
  const reusable = s.cache.get(a.content_hash);
  if (reusable) {
    await s.db.transaction(async (tx) => (await storeResult(tx, a, reusable.result, reusable.id)) && queueCompletionEvents(tx, s.boss, a.id, s.config.publicUrl));
    outcome('reused');
    return;
  }
  await s.db.query("UPDATE analyses SET status = 'running', started_at = now(), attempts = attempts + 1, job_id = $2 WHERE id = $1 AND status IN ('queued', 'running')", [a.id, job.id]);
  const snapshot = await getSnapshot(s.db, a.snapshot_hash);
  if (!snapshot) throw new Error(`snapshot ${a.snapshot_hash} missing`);

  // Cancellation may come from any API process: the row is the place to look.
  const abort = new AbortController();
  let lastProgress = 0;
  const watch = setInterval(() => {
    s.db
      .query<{ status: string }>('SELECT status FROM analyses WHERE id = $1', [a.id])
      .then((r) => r[0]?.status === 'cancelled' && abort.abort())
      .catch(() => undefined);
  }, 500);
  try {
    log.info('analysis started');
    const output = await thread.run(
      a.kind === 'bytecode'
        ? { bytecode: snapshot.files.bytecode, files: {}, settings: {}, budgetMs: Math.max(1000, s.config.timeLimitMs - 1000) }
        : { files: snapshot.files, entry: snapshot.entry ?? undefined, settings: a.settings as AnalysisSettings, budgetMs: Math.max(1000, s.config.timeLimitMs - 1000) },
      {
        timeoutMs: s.config.timeLimitMs,
        signal: abort.signal,
        onProgress: (done, total) => {
          const now = Date.now();
          if (now - lastProgress < 250 && done < total) return;
          lastProgress = now;
          void s.db.query("UPDATE analyses SET progress = $2 WHERE id = $1 AND status = 'running'", [a.id, done / total]).catch(() => undefined);
        },
      },
    );
    if (output.engineVersion !== engineVersion()) throw new Error(`analysis thread runs engine ${output.engineVersion}, this process ${engineVersion()}`);
    const stored = await s.db.transaction(async (tx) => {
      const done = await storeResult(tx, a, output);
      if (done) await queueCompletionEvents(tx, s.boss, a.id, s.config.publicUrl);
      return done;
    });
    if (stored) {
      s.cache.set(a.content_hash, { id: a.id, result: output });
      for (const f of output.findings) s.metrics.findings.inc({ severity: f.severity });
      outcome('succeeded');
      log.info({ findings: output.findings.length, ms: output.durationMs }, 'analysis succeeded');
    } else outcome('cancelled');
  } catch (err) {
    if (err instanceof CancelledError) {
      outcome('cancelled');
      log.info('analysis cancelled');
      return;
    }
    const final = err instanceof TimeLimitError || job.retryCount >= job.retryLimit;
    const message = (err as Error)?.message ?? String(err);
    log.error({ err: message, final }, 'analysis failed');
    if (final) {
      // A time limit repeats on a retry: it ends the analysis at once.
      await finish(s, a.id, "UPDATE analyses SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id", [a.id, message]);
      outcome('failed');
      if (err instanceof TimeLimitError) return;
    } else await s.db.query("UPDATE analyses SET status = 'queued', error = $2 WHERE id = $1 AND status = 'running'", [a.id, message]);
    throw err;
  } finally {
    clearInterval(watch);
  }
}

