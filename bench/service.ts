/**
 * `npm run bench:service`: analyses per minute and the latency of submit →
 * result for a small contract, with 1, 2 and 4 workers (analysis threads of one
 * `synor serve` on the embedded database; with BENCH_DATABASE_URL, that many
 * `synor worker` processes behind one API process on a PostgreSQL server; with
 * BENCH_POSTGRES=1, on a PostgreSQL server the bench starts itself).
 * Prints figures and the scaling ratio; never gates.
 */
import { BANK, client, postgresBin, startPostgres, startService, startWorkerProcess, waitFor, type Postgres } from '../test/service/harness';

const ADMIN = 'synor_benchadmin_0123456789abcdef';
const N = Number(process.env.BENCH_ANALYSES ?? 24);
const COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function round(workers: number): Promise<{ perMinute: number; p50: number; p95: number }> {
  const url = process.env.BENCH_DATABASE_URL;
  const env: Record<string, string> = { SYNOR_ADMIN_KEY: ADMIN, SYNOR_RATE_LIMIT_KEY: '100000', SYNOR_RATE_LIMIT_IP: '100000', ...(url ? { DATABASE_URL: url } : {}) };
  const svc = await startService({ env, args: url ? ['--no-worker'] : ['--concurrency', String(workers)] });
  const procs = url ? await Promise.all(Array.from({ length: workers }, () => startWorkerProcess(env))) : [];
  try {
    const call = client(svc.url, ADMIN);
    const p = await call('POST', '/api/v1/projects', { name: `bench-${workers}-${Date.now()}` });
    // Warm-up analyses, as many as workers, so that thread start-up is not in the figures.
    await Promise.all(
      Array.from({ length: workers * 2 }, async (_, i) => {
        const warm = await call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// warm ${i} ${Date.now()}\n` } });
        await waitFor(call, warm.body.id);
      }),
    );
    // Submitted together; then one poller reads the project's list, so that the bench's own
    // requests do not load the API. Times are the service's: created → finished per analysis.
    const ids = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        // Each source differs, so nothing is served from the result cache.
        const r = await call('POST', '/api/v1/contracts/analyze', { projectId: p.body.id, files: { 'src/Bank.sol': `${BANK}\n// ${workers}-${i}-${Date.now()}\n` } });
        if (r.status !== 202) throw new Error(`submit: ${r.status} ${r.text}`);
        return r.body.id as string;
      }),
    );
    const wanted = new Set(ids);
    let rows: any[] = [];
    for (const end = Date.now() + 900_000; ; ) {
      rows = (await call('GET', `/api/v1/projects/${p.body.id}/analyses?limit=500`)).body.analyses.filter((a: any) => wanted.has(a.id));
      if (rows.length === N && rows.every((a) => !['queued', 'running'].includes(a.status))) break;
      if (Date.now() > end) throw new Error('analyses did not finish in 15 minutes');
      await new Promise((r) => setTimeout(r, 250));
    }
    const bad = rows.filter((a) => a.status !== 'succeeded');
    if (bad.length > 0) throw new Error(`${bad.length} analyses did not succeed`);
    const created = rows.map((a) => Date.parse(a.createdAt));
    const finished = rows.map((a) => Date.parse(a.finishedAt));
    const latencies = rows.map((_, i) => finished[i] - created[i]);
    const total = Math.max(...finished) - Math.min(...created);
    return { perMinute: (N / total) * 60_000, p50: pct(latencies, 50), p95: pct(latencies, 95) };
  } finally {
    await Promise.all(procs.map((w) => w.stop()));
    await svc.stop();
  }
}

async function main() {
  let pg: Postgres | undefined;
  if (process.env.BENCH_POSTGRES === '1') {
    const bin = postgresBin();
    if (!bin) throw new Error('BENCH_POSTGRES=1 needs PostgreSQL under /usr/lib/postgresql (scripts/service-setup.sh)');
    pg = await startPostgres(bin);
    process.env.BENCH_DATABASE_URL = pg.url;
  }
  try {
    await rounds();
  } finally {
    await pg?.stop();
  }
}

async function rounds() {
  console.log(`bench:service — ${N} analyses of a small contract per round, ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL, worker processes' : 'embedded PGlite, worker threads'}`);
  const rows: Array<{ workers: number; perMinute: number; p50: number; p95: number }> = [];
  for (const w of COUNTS) {
    const r = await round(w);
    rows.push({ workers: w, ...r });
    console.log(`workers ${w}: ${r.perMinute.toFixed(1)} analyses/min, submit→result p50 ${(r.p50 / 1000).toFixed(2)} s, p95 ${(r.p95 / 1000).toFixed(2)} s`);
  }
  const base = rows[0].perMinute;
  console.log(`scaling (throughput vs ${rows[0].workers} worker): ${rows.map((r) => `${r.workers}→${(r.perMinute / base).toFixed(2)}×`).join(', ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
