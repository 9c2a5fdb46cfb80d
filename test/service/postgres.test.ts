/**
 * The service suite on a real PostgreSQL server (Debian's `postgresql`, set up
 * by scripts/service-setup.sh), started by the test on a loopback port with its
 * own data folder; and scale-out: API processes without workers and separate
 * worker processes sharing the database, migrations raced on start. Skipped,
 * saying so, when the PostgreSQL binaries are absent.
 */
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { BANK, client, nginxBin, postgresBin, startNginx, startPostgres, startService, startWorkerProcess, waitFor, type Postgres } from './harness';
import { serviceSuite } from './suite';

const bin = postgresBin();

describe('service on PostgreSQL', function () {
  this.timeout(180_000);
  let pg: Postgres | undefined;
  before(async function () {
    if (!bin) {
      console.log('    (skipped: PostgreSQL binaries not found under /usr/lib/postgresql; run scripts/service-setup.sh)');
      return this.skip();
    }
    pg = await startPostgres(bin);
  });
  after(async () => {
    await pg?.stop();
  });

  serviceSuite(
    'the service suite',
    () => (pg ? { DATABASE_URL: pg.url } : undefined),
    async () => {
      const c = new Client({ connectionString: pg!.url });
      await c.connect();
      try {
        const out: Record<string, number> = {};
        for (const t of ['source_snapshots', 'analyses', 'findings', 'triage', 'contracts', 'pgboss.job']) out[t] = Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
        return out;
      } finally {
        await c.end();
      }
    },
  );

  it('scales out: two API processes and two worker processes on one database run every analysis exactly once', async function () {
    if (!pg) return this.skip();
    const env = { DATABASE_URL: pg.url, SYNOR_ADMIN_KEY: 'synor_scaleadmin_0123456789abcdef' };
    // Started together on a fresh database: the migrations and the queue's set-up race, and must not fail.
    const started = await Promise.allSettled([startService({ env, args: ['--no-worker'] }), startService({ env, args: ['--no-worker'] }), startWorkerProcess(env, [], true), startWorkerProcess(env)]);
    const stopAll = () => Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await stopAll();
      throw failed.reason;
    }
    const [api1, api2] = started.slice(0, 2).map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof startService>>>).value);
    try {
      const a1 = client(api1.url, env.SYNOR_ADMIN_KEY);
      const a2 = client(api2.url, env.SYNOR_ADMIN_KEY);
      const p = await a1('POST', '/api/v1/projects', { name: `scale-${Date.now()}` });
      assert.equal(p.status, 201, p.text);
      const n = 12;
      const submitted = await Promise.all(
        Array.from({ length: n }, (_, i) => (i % 2 ? a1 : a2)('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// variant ${i}\n` } })),
      );
      for (const s of submitted) assert.equal(s.status, 202, s.text);
      const done = await Promise.all(submitted.map((s, i) => waitFor(i % 2 ? a2 : a1, s.body.id)));
      for (const d of done) {
        assert.equal(d.status, 'succeeded', JSON.stringify(d));
        // Exactly once: one attempt each, and no analysis reused another's (every source differs).
        assert.equal(d.attempts, 1);
        assert.equal(d.reusedFrom, null);
      }
      const listed = await a1('GET', `/api/v1/projects/${p.body.id}/analyses?limit=100`);
      assert.equal(listed.body.analyses.length, n);
    } finally {
      await stopAll();
    }
  });

  it('answers 503 while PostgreSQL is down, recovers when it is back, and loses nothing accepted', async function () {
    if (!pg) return this.skip();
    const key = 'synor_restartpg_0123456789abcdef';
    const api = await startService({ env: { DATABASE_URL: pg.url, SYNOR_ADMIN_KEY: key } });
    try {
      const call = client(api.url, key);
      const p = await call('POST', '/api/v1/projects', { name: `restart-${Date.now()}` });
      assert.equal(p.status, 201, p.text);
      const submit = (i: number) => call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// restart ${i}\n` } });
      const accepted: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await submit(i);
        assert.equal(r.status, 202, r.text);
        accepted.push(r.body.id);
      }
      for (const id of accepted) assert.equal((await waitFor(call, id)).status, 'succeeded');

      await pg.halt();
      const down = await submit(100);
      assert.equal(down.status, 503, down.text);
      assert.equal(down.body.error.type, 'unavailable');
      assert.ok(Number(down.headers.get('retry-after')) >= 1);
      assert.equal((await call('GET', '/readyz', undefined, { key: null })).status, 503);
      assert.equal((await call('GET', '/healthz', undefined, { key: null })).status, 200);

      await pg.start();
      const end = Date.now() + 60_000;
      while ((await call('GET', '/readyz', undefined, { key: null })).status !== 200) {
        assert.ok(Date.now() < end, 'not ready again within 60 s');
        await new Promise((r) => setTimeout(r, 250));
      }
      for (let i = 3; i < 6; i++) {
        const r = await submit(i);
        assert.equal(r.status, 202, r.text);
        accepted.push(r.body.id);
      }
      for (const id of accepted) assert.equal((await waitFor(call, id)).status, 'succeeded');
      const listed = await call('GET', `/api/v1/projects/${p.body.id}/analyses?limit=100`);
      // Exactly the accepted analyses: the refused submission left nothing behind.
      assert.deepEqual(listed.body.analyses.map((a: any) => a.id).sort(), [...accepted].sort());
    } finally {
      await api.stop();
    }
  });
  it('behind nginx: two API processes and two workers run 200 analyses from 20 clients exactly once, though a worker is killed mid-run', async function () {
    if (!pg) return this.skip();
    const nginx = nginxBin();
    if (!nginx) {
      console.log('    (skipped: nginx not installed; run scripts/service-setup.sh)');
      return this.skip();
    }
    this.timeout(900_000);
    const key = 'synor_nginxadmin_0123456789abcdef';
    const env = {
      DATABASE_URL: pg.url,
      SYNOR_ADMIN_KEY: key,
      SYNOR_TRUST_PROXY: '1',
      SYNOR_RATE_LIMIT_KEY: '1000000',
      SYNOR_RATE_LIMIT_IP: '1000000',
      SYNOR_ANALYSIS_TIME_LIMIT_MS: '30000',
      // A job whose worker died comes back soon after its time limit.
      SYNOR_JOB_EXPIRY_SLACK_SECONDS: '3',
      SYNOR_QUEUE_MAINTENANCE_SECONDS: '1',
      SYNOR_JOB_RETRY_DELAY_SECONDS: '0',
    };
    const started = await Promise.allSettled([startService({ env, args: ['--no-worker'] }), startService({ env, args: ['--no-worker'] }), startWorkerProcess(env, [], true), startWorkerProcess(env)]);
    const stopAll = () => Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await stopAll();
      throw failed.reason;
    }
    const [api1, api2] = started.slice(0, 2).map((s) => (s as PromiseFulfilledResult<Awaited<ReturnType<typeof startService>>>).value);
    const victim = (started[2] as PromiseFulfilledResult<Awaited<ReturnType<typeof startWorkerProcess>>>).value;
    const lb = await startNginx(nginx, [api1.url, api2.url]);
    try {
      const call = client(lb.url, key);
      const p = await call('POST', '/api/v1/projects', { name: `nginx-${Date.now()}` });
      assert.equal(p.status, 201, p.text);
      const clients = 20;
      const each = 10;
      const ids: string[] = [];
      let killed = false;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let i = 0; i < each; i++) {
            const r = await call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// client ${c} analysis ${i}\n` } });
            assert.equal(r.status, 202, r.text);
            ids.push(r.body.id);
            // In the middle of the run, while it runs an analysis: no goodbye, no cleanup.
            if (!killed && ids.length >= 60 && victim.running() > 0) {
              killed = true;
              victim.proc.kill('SIGKILL');
            }
          }
        }),
      );
      // Every analysis was submitted before the victim was seen busy: it is killed at its next job.
      for (const end = Date.now() + 120_000; !killed && Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
        if (victim.running() > 0) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
      }
      assert.ok(killed, 'the victim worker was killed while it ran an analysis');
      assert.equal(new Set(ids).size, clients * each);
      const end = Date.now() + 800_000;
      let rows: any[] = [];
      for (;;) {
        rows = (await call('GET', `/api/v1/projects/${p.body.id}/analyses?limit=500`)).body.analyses;
        if (rows.length === ids.length && rows.every((a) => !['queued', 'running'].includes(a.status))) break;
        assert.ok(Date.now() < end, `not done: ${rows.filter((a) => a.status !== 'succeeded').length} left`);
        await new Promise((r) => setTimeout(r, 1000));
      }
      assert.deepEqual(rows.filter((a) => a.status !== 'succeeded').map((a) => `${a.id} ${a.status} ${a.error}`), []);
      assert.deepEqual(rows.map((a) => a.id).sort(), [...ids].sort());
      // Every result stored once, with the same findings as the others (the sources differ only in a comment).
      const counts = new Set<number>();
      for (const id of ids) {
        const a = (await call('GET', `/api/v1/analyses/${id}`)).body;
        assert.equal(a.reusedFrom, null);
        counts.add(a.result.findings.length);
      }
      assert.equal(counts.size, 1);
      const retried = rows.filter((a) => a.attempts > 1).length;
      assert.ok(retried >= 1, 'the job of the killed worker was run again');
      console.log(`    (${ids.length} analyses, ${retried} run again after the worker was killed)`);
      // Both API processes served: nginx balanced over them.
      for (const api of [api1, api2]) {
        const m = await (await fetch(`${api.url}/metrics`)).text();
        assert.match(m, /synor_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/contracts\/analyze",status="202"\} [1-9]/);
      }
    } finally {
      await lb.stop();
      await stopAll();
    }
  });
  it('retries a failing analysis with backoff, then marks it failed and dead-letters its job', async function () {
    if (!pg) return this.skip();
    const key = 'synor_deadletter_0123456789abcdef';
    const env = { DATABASE_URL: pg.url, SYNOR_ADMIN_KEY: key, SYNOR_JOB_RETRY_LIMIT: '2', SYNOR_JOB_RETRY_DELAY_SECONDS: '1' };
    const api = await startService({ env, args: ['--no-worker'] });
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
    try {
      const call = client(api.url, key);
      const p = await call('POST', '/api/v1/projects', { name: `dead-${Date.now()}` });
      const r = await call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// dead letter ${Date.now()}\n` } });
      assert.equal(r.status, 202);
      // The stored sources are damaged behind the service's back, so that every attempt fails.
      const damaged = await db.query("UPDATE source_snapshots SET files = 'null'::jsonb WHERE hash = (SELECT snapshot_hash FROM analyses WHERE id = $1)", [r.body.id]);
      assert.equal(damaged.rowCount, 1);
      worker = await startWorkerProcess(env);
      const end = Date.now() + 120_000;
      let a: any;
      for (;;) {
        a = (await call('GET', `/api/v1/analyses/${r.body.id}`)).body;
        if (a.status === 'failed') break;
        assert.ok(Date.now() < end, `still ${a.status} after 120 s`);
        await new Promise((res) => setTimeout(res, 300));
      }
      assert.equal(a.attempts, 3, 'one run and two retries');
      assert.match(a.error, /\S/);
      // The analysis is marked failed before the queue records the job's last failure and
      // moves it to the dead-letter queue: wait for the queue to catch up.
      let dead = 0;
      for (const until = Date.now() + 30_000; dead === 0 && Date.now() < until; ) {
        dead = (await db.query("SELECT 1 FROM pgboss.job WHERE name = 'analysis-dead' AND data->>'analysisId' = $1", [r.body.id])).rowCount ?? 0;
        if (dead === 0) await new Promise((res) => setTimeout(res, 200));
      }
      assert.equal(dead, 1, 'the job is in the dead-letter queue');
      const tries = await db.query("SELECT retry_count, state FROM pgboss.job WHERE name = 'analysis' AND data->>'analysisId' = $1", [r.body.id]);
      assert.equal(tries.rows[0].state, 'failed');
      assert.equal(tries.rows[0].retry_count, 2);
    } finally {
      await worker?.stop();
      await db.end();
      await api.stop();
    }
  });
});
