/**
 * `synor serve`, `synor worker` and `synor keys create`: the Synor service
 * (service/). `serve` runs the HTTP API and, unless --no-worker, a job worker in
 * the same process; `worker` runs only a worker (it needs DATABASE_URL: the
 * embedded database belongs to one process).
 */
import http from 'node:http';
import pino from 'pino';
import { buildApp, ConfigUsageError, createKey, migrate, openPglite, openPostgres, openService, readConfig, ROLES, startWorker, type Role, type ServiceConfig } from '../../service/src';

const HELP = `Usage: synor serve [--port <n>] [--host <addr>] [--data <dir>] [--no-worker] [--concurrency <n>]
       synor worker [--concurrency <n>] [--port <n>]      (needs DATABASE_URL)
       synor keys create --role <admin|maintainer|viewer> [--project <id>] [--name <text>] [--data <dir>]

The Synor service: an HTTP API (OpenAPI at /api/v1/openapi.json, docs at /docs) over
PostgreSQL, with a job queue for analyses. Without DATABASE_URL it keeps its data in
an embedded PostgreSQL (PGlite) in .synor/data (or --data). See docs/service.md.

Environment: DATABASE_URL, SYNOR_ADMIN_KEY (a first admin key), PORT, HOST,
SYNOR_LOG_LEVEL, SYNOR_ANALYSIS_TIME_LIMIT_MS, SYNOR_BODY_LIMIT_BYTES,
SYNOR_RATE_LIMIT_KEY, SYNOR_RATE_LIMIT_IP, SYNOR_RATE_LIMIT_WINDOW_MS, and others in the docs.
`;

export async function serveMain(command: 'serve' | 'worker' | 'keys', argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    if (command === 'keys') return await keysMain(argv);
    const config = readConfig(argv);
    if (command === 'worker' && !config.databaseUrl) throw new ConfigUsageError('synor worker needs DATABASE_URL: the embedded database belongs to one process (synor serve runs a worker in its own)');
    return await run(command, config);
  } catch (err) {
    if (err instanceof ConfigUsageError) {
      process.stderr.write(`synor: ${err.message}\n\n${HELP}`);
      return 2;
    }
    throw err;
  }
}

async function run(command: 'serve' | 'worker', config: ServiceConfig): Promise<number> {
  const log = pino({ level: config.logLevel, base: { pid: process.pid, role: command } });
  const s = await openService(config, log);
  if (command === 'serve' && !config.adminKey) {
    const admins = await s.db.query("SELECT 1 FROM api_keys WHERE role = 'admin' AND project_id IS NULL AND revoked_at IS NULL LIMIT 1");
    if (admins.length === 0) {
      const k = await createKey(s.db, { name: 'first admin', role: 'admin', projectId: null });
      process.stderr.write(`synor: created the first admin key (shown once, keep it): ${k.key}\n`);
    }
  }
  const worker = command === 'worker' || config.withWorker ? await startWorker(s) : undefined;
  let close: () => Promise<void>;
  if (command === 'serve') {
    const app = await buildApp(s);
    const address = await app.listen({ port: config.port, host: config.host });
    process.stderr.write(`synor: listening on ${address}${worker ? ' (with a worker)' : ''}\n`);
    close = () => app.close();
  } else {
    // A worker answers probes and metrics only, on PORT when given.
    const server = http.createServer(async (req, res) => {
      if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.url === '/readyz') {
        const r = await s.ready();
        return void res.writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      }
      if (req.url === '/metrics') return void res.writeHead(200, { 'content-type': s.metrics.registry.contentType }).end(await s.metrics.registry.metrics());
      res.writeHead(404).end();
    });
    if (process.env.PORT || process.argv.includes('--port')) await new Promise<void>((r) => server.listen(config.port, config.host, r));
    process.stderr.write(`synor: worker running (concurrency ${config.concurrency})\n`);
    close = () => new Promise<void>((r) => server.close(() => r()));
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info('shutting down');
  await close();
  await worker?.stop();
  await s.close();
  return 0;
}

async function keysMain(argv: string[]): Promise<number> {
  if (argv[0] !== 'create') throw new ConfigUsageError('expected "synor keys create"');
  let role: Role | undefined;
  let project: string | null = null;
  let name = 'created by synor keys';
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new ConfigUsageError(`${a} needs a value`);
      return x;
    };
    if (a === '--role') {
      const r = v();
      if (!(ROLES as readonly string[]).includes(r)) throw new ConfigUsageError(`unknown role "${r}" (expected ${ROLES.join(', ')})`);
      role = r as Role;
    } else if (a === '--project') project = v();
    else if (a === '--name') name = v();
    else rest.push(a);
  }
  if (!role) throw new ConfigUsageError('--role is required');
  if (role !== 'admin' && !project) throw new ConfigUsageError('a maintainer or viewer key needs --project');
  const config = readConfig(rest);
  const db = config.databaseUrl ? await openPostgres(config.databaseUrl, 1) : await openPglite(config.dataDir);
  try {
    await migrate(db);
    const k = await createKey(db, { name, role, projectId: project });
    process.stdout.write(`${k.key}\n`);
    process.stderr.write(`synor: created ${role} key ${k.id}${project ? ` for project ${project}` : ''}\n`);
  } finally {
    await db.close();
  }
  return 0;
}
