/**
 * The HTTP API. Every route declares a JSON schema: Fastify validates requests
 * with it and @fastify/swagger turns the same schemas into the OpenAPI
 * document. Errors of every kind leave through one handler that writes the
 * typed error body.
 */
import crypto from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ConfigError, renderMarkdown, renderSarif, TRIAGE_STATES, FINGERPRINT_VERSION, type Report } from '../../engine/src';
import { allows, createKey, findKey, findKeyById, requireRole, signJwt, verifyJwt, type Principal, type Role } from './auth';
import type { Queryable } from './db';
import { bytecodeHash, bytecodeMarkdown, detectorsDigest, bytecodeSarif, fetchCode, MAX_BYTECODE_BYTES, RpcError } from './bytecode-run';
import { configFor, engineVersion, type AnalysisOutput, type AnalysisSettings } from './engine-run';
import { ApiError, errorBody, errorSchema } from './errors';
import { DatabaseRateLimiter, RateLimiter, type Limiter } from './ratelimit';
import { QUEUE, type Service } from './service';
import { canonical, checkFileMap, checkPath, hashFiles, readZip, type FileMap } from './sources';
import { audit, findReusable, getAnalysis, getSnapshot, storeResult, TERMINAL, type AnalysisRow } from './store';
import * as S from './schemas';
import { registerWebhookRoutes } from './webhook-routes';
import { finish, queueCompletionEvents, WEBHOOK_QUEUE } from './webhooks';
import { registerDashboard } from './dashboard';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function buildApp(s: Service): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: s.log as unknown as FastifyBaseLogger,
    bodyLimit: s.config.bodyLimitBytes,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
    },
    trustProxy: process.env.SYNOR_TRUST_PROXY === '1',
    // Unknown properties are refused rather than silently dropped.
    ajv: { customOptions: { removeAdditional: false, allErrors: true } },
  });
  // Shared by every API process through the database, or counted in this one (see ratelimit.ts).
  const limiter: Limiter = s.config.rateLimitStore === 'database' ? new DatabaseRateLimiter(s.db, s.config.rateLimitWindowMs, (err) => s.log.warn({ err: (err as Error).message }, 'rate limit counted in this process: the database did not answer')) : new RateLimiter(s.config.rateLimitWindowMs);

  // JSON only: a text body is refused with 415 rather than failing validation as a string.
  app.removeContentTypeParser('text/plain');
  app.addSchema(errorSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Synor service', version: 'v1', description: 'Solidity analyses, findings by fingerprint, triage and history for teams and CI.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key (synor_…) or a token from POST /api/v1/auth/token' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // The UI's assets are served from the package itself: the docs work with no network.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { url: '/api/v1/openapi.json' } as Record<string, unknown> });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    const url = req.url;
    if (url.startsWith('/api/')) {
      const d = await limiter.hit(`ip:${req.ip}`, s.config.rateLimitPerIp);
      if (!d.ok) {
        s.metrics.rateLimited.inc({ by: 'ip' });
        throw new ApiError('rate_limited', `too many requests from this address; retry in ${d.retryAfter} s`, { by: 'ip', retryAfter: d.retryAfter }, { 'retry-after': String(d.retryAfter) });
      }
    }
  });
  app.addHook('onResponse', async (req, reply) => {
    s.metrics.httpDuration.observe({ method: req.method, route: req.routeOptions.url ?? 'unknown', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((err: Error & { code?: string; statusCode?: number; validation?: Array<{ instancePath: string; message?: string; keyword: string; params: unknown }>; validationContext?: string }, req, reply) => {
    let e: ApiError;
    if (err instanceof ApiError) e = err;
    else if (err.validation) {
      const where = err.validationContext ?? 'body';
      e = new ApiError('validation_error', `invalid ${where}: ${err.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ')}`, err.validation.map((v) => ({ in: where, path: v.instancePath || '/', message: v.message, keyword: v.keyword, params: v.params })));
    } else if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err instanceof SyntaxError && err.statusCode === 400)) e = new ApiError('malformed_json', `the request body is not valid JSON: ${err.message}`);
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new ApiError('payload_too_large', `the request body is larger than ${s.config.bodyLimitBytes} bytes`, { limit: s.config.bodyLimitBytes });
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') e = new ApiError('unsupported_media_type', `unsupported content type ${JSON.stringify(req.headers['content-type'] ?? '')}; send application/json`);
    else if (isDatabaseDown(err)) e = new ApiError('unavailable', 'the database is unavailable; retry shortly', undefined, { 'retry-after': '5' });
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) e = new ApiError(err.statusCode === 404 ? 'not_found' : err.statusCode === 413 ? 'payload_too_large' : err.statusCode === 415 ? 'unsupported_media_type' : 'validation_error', err.message);
    else {
      req.log.error({ err }, 'unhandled error');
      e = new ApiError('internal', 'internal error; the request id identifies it in the logs');
    }
    s.metrics.httpErrors.inc({ type: e.type, status: String(e.status) });
    void reply.status(e.status).headers(e.headers).send(errorBody(e, req.id));
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new ApiError('not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    s.metrics.httpErrors.inc({ type: e.type, status: '404' });
    void reply.status(404).send(errorBody(e, req.id));
  });

  /** Who calls: an API key or a token, refused when missing, unknown, revoked or expired; then the key's rate limit. */
  const authenticate = async (req: FastifyRequest, opts: { keyOnly?: boolean } = {}): Promise<Principal> => {
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    const credential = typeof apiKey === 'string' ? apiKey : header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!credential) throw new ApiError('unauthenticated', 'an API key or token is required (Authorization: Bearer …)', undefined, { 'www-authenticate': 'Bearer' });
    let p: Principal | undefined;
    if (credential.startsWith('synor_')) {
      p = await findKey(s.db, credential);
      if (!p) throw new ApiError('unauthenticated', 'unknown or revoked API key', undefined, { 'www-authenticate': 'Bearer' });
    } else {
      if (opts.keyOnly) throw new ApiError('unauthenticated', 'this route needs an API key, not a token');
      const claims = verifyJwt(credential, await s.jwtSecret());
      // The key behind a token is looked up on every request, so revoking a key ends its tokens too.
      p = typeof claims.sub === 'string' && UUID.test(claims.sub) ? await findKeyById(s.db, claims.sub) : undefined;
      if (!p) throw new ApiError('unauthenticated', 'the key this token was issued for is revoked or unknown');
    }
    const d = await limiter.hit(`key:${p.keyId}`, p.rateLimit ?? s.config.rateLimitPerKey);
    if (!d.ok) {
      s.metrics.rateLimited.inc({ by: 'key' });
      throw new ApiError('rate_limited', `too many requests with this key; retry in ${d.retryAfter} s`, { by: 'key', retryAfter: d.retryAfter }, { 'retry-after': String(d.retryAfter) });
    }
    req.principal = p;
    return p;
  };

  const projectOf = async (id: string): Promise<{ id: string; name: string; description: string; created_at: Date }> => {
    const rows = await s.db.query<{ id: string; name: string; description: string; created_at: Date }>('SELECT id, name, description, created_at FROM projects WHERE id = $1', [id]);
    if (!rows[0]) throw new ApiError('not_found', `no project ${id}`);
    return rows[0];
  };
  /** The project, once the caller is known to hold `role` on it (refused before its existence is told). */
  const authorisedProject = async (p: Principal, role: Role, id: string) => {
    requireRole(p, role, id);
    return projectOf(id);
  };
  const authorisedAnalysis = async (p: Principal, role: Role, id: string, withResult = false): Promise<AnalysisRow> => {
    const a = await getAnalysis(s.db, id, withResult);
    if (!a) throw new ApiError('not_found', `no analysis ${id}`);
    requireRole(p, role, a.project_id);
    return a;
  };
  const actor = (p: Principal) => `key:${p.name} (${p.keyId})`;
  registerWebhookRoutes(app, s, { authenticate, authorisedProject, actor });

  app.get('/healthz', { schema: S.health }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: S.ready }, async (_req, reply) => {
    const r = await s.ready();
    return reply.status(r.ok ? 200 : 503).send({ status: r.ok ? 'ready' : 'not ready', backend: s.db.kind, database: r.database, migrations: r.migrations, schemaVersion: r.version });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    try {
      s.metrics.queueDepth.set({ queue: QUEUE }, await s.boss.getQueueSize(QUEUE));
      s.metrics.queueDepth.set({ queue: 'analysis-dead' }, await s.boss.getQueueSize('analysis-dead'));
      s.metrics.queueDepth.set({ queue: WEBHOOK_QUEUE }, await s.boss.getQueueSize(WEBHOOK_QUEUE));
    } catch {
      // Metrics still answer while the database is away.
    }
    return reply.type(s.metrics.registry.contentType).send(await s.metrics.registry.metrics());
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.post('/api/v1/auth/token', { schema: S.token }, async (req) => {
    const p = await authenticate(req, { keyOnly: true });
    const ttl = s.config.tokenTtlSeconds;
    const now = Date.now();
    // The token's own `exp` claim, so that a client need not decode the token to know when to renew it.
    const expiresAt = new Date((Math.floor(now / 1000) + ttl) * 1000).toISOString();
    return { token: signJwt({ sub: p.keyId, role: p.role, project: p.projectId }, await s.jwtSecret(), ttl, now), tokenType: 'Bearer', expiresIn: ttl, expiresAt, role: p.role, projectId: p.projectId };
  });

  app.post<{ Body: { name: string; role: Role; projectId?: string; rateLimit?: number } }>('/api/v1/keys', { schema: S.createKey }, async (req, reply) => {
    const p = await authenticate(req);
    const { name, role, projectId, rateLimit } = req.body;
    if (!projectId && role !== 'admin') throw new ApiError('validation_error', 'a maintainer or viewer key must be scoped to a project (projectId)');
    requireRole(p, 'admin', projectId ?? null);
    if (projectId) await projectOf(projectId);
    const k = await createKey(s.db, { name, role, projectId: projectId ?? null, rateLimit });
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'key.create', projectId, target: k.id, details: { name, role, rateLimit }, requestId: req.id });
    return reply.status(201).send({ id: k.id, key: k.key, name, role, projectId: projectId ?? null, rateLimit: rateLimit ?? null });
  });
  app.get<{ Querystring: { projectId?: string } }>('/api/v1/keys', { schema: S.listKeys }, async (req) => {
    const p = await authenticate(req);
    const projectId = req.query.projectId ?? p.projectId;
    requireRole(p, 'admin', projectId ?? null);
    const rows = await s.db.query<{ id: string; name: string; prefix: string; role: string; project_id: string | null; rate_limit: number | null; created_at: Date; revoked_at: Date | null }>(
      projectId ? 'SELECT * FROM api_keys WHERE project_id = $1 ORDER BY created_at' : 'SELECT * FROM api_keys ORDER BY created_at',
      projectId ? [projectId] : [],
    );
    return { keys: rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, role: r.role, projectId: r.project_id, rateLimit: r.rate_limit, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null })) };
  });
  app.delete<{ Params: { id: string } }>('/api/v1/keys/:id', { schema: S.revokeKey }, async (req) => {
    const p = await authenticate(req);
    const rows = await s.db.query<{ project_id: string | null }>('SELECT project_id FROM api_keys WHERE id = $1', [req.params.id]);
    if (!rows[0]) throw new ApiError('not_found', `no key ${req.params.id}`);
    requireRole(p, 'admin', rows[0].project_id);
    const done = await s.db.query<{ revoked_at: Date }>('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING revoked_at', [req.params.id]);
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'key.revoke', projectId: rows[0].project_id, target: req.params.id, requestId: req.id });
    return { id: req.params.id, revokedAt: done[0].revoked_at.toISOString() };
  });

  const projectJson = (r: { id: string; name: string; description: string; created_at: Date }) => ({ id: r.id, name: r.name, description: r.description, createdAt: r.created_at.toISOString() });
  app.post<{ Body: { name: string; description?: string } }>('/api/v1/projects', { schema: S.createProject }, async (req, reply) => {
    const p = await authenticate(req);
    requireRole(p, 'admin', null);
    const rows = await s.db.query<{ id: string; name: string; description: string; created_at: Date }>('INSERT INTO projects (name, description) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING *', [req.body.name, req.body.description ?? '']);
    if (!rows[0]) throw new ApiError('conflict', `a project named ${JSON.stringify(req.body.name)} exists`);
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'project.create', projectId: rows[0].id, target: rows[0].id, details: { name: req.body.name }, requestId: req.id });
    return reply.status(201).header('location', `/api/v1/projects/${rows[0].id}`).send(projectJson(rows[0]));
  });
  app.get('/api/v1/projects', { schema: S.listProjects }, async (req) => {
    const p = await authenticate(req);
    const rows = p.projectId ? await s.db.query<{ id: string; name: string; description: string; created_at: Date }>('SELECT * FROM projects WHERE id = $1', [p.projectId]) : await s.db.query<{ id: string; name: string; description: string; created_at: Date }>('SELECT * FROM projects ORDER BY created_at');
    return { projects: rows.map(projectJson) };
  });
  app.get<{ Params: { id: string } }>('/api/v1/projects/:id', { schema: S.getProject }, async (req) => projectJson(await authorisedProject(await authenticate(req), 'viewer', req.params.id)));

  app.get<{ Params: { id: string }; Querystring: { commit?: string; branch?: string; status?: string; limit?: number } }>('/api/v1/projects/:id/analyses', { schema: S.listAnalyses }, async (req) => {
    await authorisedProject(await authenticate(req), 'viewer', req.params.id);
    const where = ['project_id = $1'];
    const params: unknown[] = [req.params.id];
    if (req.query.commit) where.push(`commit_sha = $${params.push(req.query.commit)}`);
    if (req.query.branch) where.push(`branch = $${params.push(req.query.branch)}`);
    if (req.query.status) where.push(`status = $${params.push(req.query.status)}`);
    const rows = await s.db.query<AnalysisRow>(`SELECT id, project_id, status, progress, engine_version, commit_sha, branch, reused_from, error, created_at, started_at, finished_at, priority, attempts, settings, snapshot_hash, content_hash, job_id, kind, chain_id, address FROM analyses WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT ${req.query.limit ?? 50}`, params);
    return { analyses: rows.map((a) => analysisJson(a)) };
  });

  app.post<{ Body: S.AnalyzeBody }>('/api/v1/contracts/analyze', { schema: S.analyze }, async (req, reply) => {
    const p = await authenticate(req);
    const body = req.body;
    const projectId = body.projectId ?? p.projectId;
    if (!projectId) throw new ApiError('validation_error', 'projectId is required for a key not scoped to a project');
    await authorisedProject(p, 'maintainer', projectId);
    // Everything is checked before anything is written: a refused request stores nothing.
    if (body.bytecode !== undefined || body.address !== undefined || body.chainId !== undefined) return analyzeBytecode(req, reply, p, projectId);
    let files: FileMap;
    if (body.zip !== undefined) {
      if (body.files !== undefined) throw new ApiError('validation_error', 'give either files or zip, not both');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.zip)) throw new ApiError('invalid_archive', 'zip must be base64');
      files = await readZip(Buffer.from(body.zip, 'base64'));
    } else if (body.files !== undefined) files = body.files;
    else throw new ApiError('validation_error', 'give the sources as files (a map of paths to texts) or zip (a base64 .zip)');
    files = checkFileMap(files);
    if (body.entry !== undefined) {
      checkPath(body.entry);
      if (!(body.entry in files)) throw new ApiError('validation_error', `entry ${body.entry} is not among the files`);
    }
    // `measure: false` is the default spelt out: the same idempotency key as leaving it out.
    const { measure, ...rest } = body.settings ?? {};
    const settings: AnalysisSettings = measure ? { ...rest, measure } : rest;
    try {
      configFor(settings);
    } catch (err) {
      if (err instanceof ConfigError) throw new ApiError('validation_error', `invalid settings: ${err.message}`, err.problems);
      throw err;
    }
    const snapshotHash = hashFiles(files);
    const contentHash = crypto.createHash('sha256').update(canonical({ snapshot: snapshotHash, entry: body.entry ?? null, settings, engine: engineVersion() })).digest('hex');
    return enqueue(req, reply, p, projectId, body, {
      snapshot: { hash: snapshotHash, files, entry: body.entry ?? null, totalBytes: Object.values(files).reduce((n, t) => n + Buffer.byteLength(t), 0) },
      contentHash,
      settings,
      kind: 'source',
      chainId: null,
      address: null,
      details: { files: Object.keys(files).length },
    });
  });

  /** A bytecode analysis: the code as given, or read at the address through the chain's configured RPC endpoint. */
  const analyzeBytecode = async (req: FastifyRequest<{ Body: S.AnalyzeBody }>, reply: FastifyReply, p: Principal, projectId: string) => {
    const body = req.body;
    const other = (['files', 'zip', 'entry', 'settings'] as const).filter((k) => body[k] !== undefined);
    if (other.length) throw new ApiError('validation_error', `a bytecode analysis takes no ${other.join(', ')}: give either sources or bytecode`, { fields: other });
    if (body.address !== undefined && body.chainId === undefined) throw new ApiError('validation_error', 'address needs chainId (the chain it is on)');
    let hex = body.bytecode;
    let source: 'request' | 'rpc' = 'request';
    if (hex === undefined) {
      if (body.address === undefined || body.chainId === undefined) throw new ApiError('validation_error', 'give bytecode (0x-hex), or chainId and address to read the code from the chain');
      const url = s.config.rpcUrls[body.chainId];
      if (!url) throw new ApiError('validation_error', `no RPC endpoint is configured for chain ${body.chainId} on this server (SYNOR_RPC_${body.chainId}); send the code as bytecode`, { chainId: body.chainId });
      try {
        hex = await fetchCode(url, body.address);
      } catch (err) {
        if (err instanceof RpcError) throw new ApiError('upstream_error', err.message, { chainId: body.chainId });
        throw err;
      }
      if (hex.length <= 2) throw new ApiError('not_found', `no contract code at ${body.address} on chain ${body.chainId}`, { chainId: body.chainId, address: body.address });
      if ((hex.length - 2) / 2 > MAX_BYTECODE_BYTES) throw new ApiError('payload_too_large', `the code at ${body.address} is ${(hex.length - 2) / 2} bytes, over the ${MAX_BYTECODE_BYTES}-byte limit`, { limit: MAX_BYTECODE_BYTES });
      source = 'rpc';
    }
    hex = hex.toLowerCase();
    const codeHash = bytecodeHash(hex);
    const files = { bytecode: hex };
    const snapshotHash = hashFiles(files);
    // The code alone decides the result (the address and chain are recorded on the contract, not analysed);
    // the bytecode detectors' ids, severities and confidences join the engine version, as the rules do for sources.
    const contentHash = crypto.createHash('sha256').update(canonical({ kind: 'bytecode', codeHash, settings: {}, engine: engineVersion(), detectors: detectorsDigest() })).digest('hex');
    return enqueue(req, reply, p, projectId, body, {
      snapshot: { hash: snapshotHash, files, entry: null, totalBytes: (hex.length - 2) / 2 },
      contentHash,
      settings: {},
      kind: 'bytecode',
      chainId: body.chainId ?? null,
      address: body.address?.toLowerCase() ?? null,
      details: { bytecode: codeHash, source, chainId: body.chainId, address: body.address },
    });
  };

  /** Stores the snapshot and the analysis row and queues its job in one transaction, or stores a reusable result at once. */
  const enqueue = async (
    req: FastifyRequest<{ Body: S.AnalyzeBody }>,
    reply: FastifyReply,
    p: Principal,
    projectId: string,
    body: S.AnalyzeBody,
    o: { snapshot: { hash: string; files: FileMap; entry: string | null; totalBytes: number }; contentHash: string; settings: AnalysisSettings; kind: 'source' | 'bytecode'; chainId: number | null; address: string | null; details: Record<string, unknown> },
  ) => {
    const { contentHash } = o;
    const priority = body.priority ?? 0;
    const reusable = s.cache.get(contentHash) ?? (await findReusable(s.db, contentHash));
    const id = await s.db.transaction(async (tx) => {
      await tx.query('INSERT INTO source_snapshots (hash, files, entry, total_bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO NOTHING', [o.snapshot.hash, JSON.stringify(o.snapshot.files), o.snapshot.entry, o.snapshot.totalBytes]);
      const rows = await tx.query<{ id: string; project_id: string; chain_id: string | null; address: string | null }>(
        "INSERT INTO analyses (project_id, snapshot_hash, content_hash, status, engine_version, settings, priority, commit_sha, branch, created_by, kind, chain_id, address) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, project_id, chain_id, address",
        [projectId, o.snapshot.hash, contentHash, engineVersion(), JSON.stringify(o.settings), priority, body.commit ?? null, body.branch ?? null, p.keyId, o.kind, o.chainId, o.address],
      );
      const a = rows[0];
      if (reusable) {
        await storeResult(tx, a, reusable.result, reusable.id);
        await queueCompletionEvents(tx, s.boss, a.id, s.config.publicUrl);
      } else {
        // Queued in the same transaction as the row: an accepted analysis always has its job.
        const jobId = await s.boss.send(QUEUE, { analysisId: a.id }, { priority, db: { executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }) } });
        await tx.query('UPDATE analyses SET job_id = $2 WHERE id = $1', [a.id, jobId]);
      }
      return a.id;
    });
    if (reusable) {
      s.cache.set(contentHash, reusable);
      s.metrics.analyses.inc({ outcome: 'reused' });
    } else for (const w of s.workerIds) s.boss.notifyWorker(w);
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'analysis.submit', projectId, target: id, details: { ...o.details, kind: o.kind, reused: !!reusable, commit: body.commit, branch: body.branch }, requestId: req.id });
    const base = `/api/v1/analyses/${id}`;
    return reply
      .status(202)
      .header('location', base)
      .send({ id, status: reusable ? 'succeeded' : 'queued', reused: !!reusable, ...(reusable ? { reusedFrom: reusable.id } : {}), links: { self: base, sarif: `${base}/sarif`, markdown: `${base}/markdown`, events: `${base}/events`, cancel: `${base}/cancel` } });
  };

  app.get<{ Params: { id: string }; Querystring: { include?: string } }>('/api/v1/analyses/:id', { schema: S.getAnalysis }, async (req) => {
    const a = await authorisedAnalysis(await authenticate(req), 'viewer', req.params.id, true);
    const triage = await triageMap(s.db, a.project_id);
    return analysisJson(a, triage, req.query.include === 'report');
  });
  const resultOf = async (p: Principal, id: string): Promise<{ result: AnalysisOutput; a: AnalysisRow }> => {
    const a = await authorisedAnalysis(p, 'viewer', id, true);
    if (a.status !== 'succeeded' || !a.result) throw new ApiError('conflict', `analysis ${id} is ${a.status}; a report exists once it has succeeded`, { status: a.status });
    return { result: a.result, a };
  };
  app.get<{ Params: { id: string } }>('/api/v1/analyses/:id/sarif', { schema: S.sarif }, async (req, reply) => {
    const { result, a } = await resultOf(await authenticate(req), req.params.id);
    return reply.type('application/sarif+json').send(result.bytecode ? bytecodeSarif(result, a) : renderSarif(result.report as Report));
  });
  app.get<{ Params: { id: string } }>('/api/v1/analyses/:id/markdown', { schema: S.markdown }, async (req, reply) => {
    const { result, a } = await resultOf(await authenticate(req), req.params.id);
    if (result.bytecode) return reply.type('text/markdown; charset=utf-8').send(bytecodeMarkdown(result, a));
    const snapshot = await getSnapshot(s.db, a.snapshot_hash);
    return reply.type('text/markdown; charset=utf-8').send(renderMarkdown(result.report as Report, { sources: new Map(Object.entries(snapshot?.files ?? {})) }));
  });
  app.post<{ Params: { id: string } }>('/api/v1/analyses/:id/cancel', { schema: S.cancel }, async (req) => {
    const p = await authenticate(req);
    const a = await authorisedAnalysis(p, 'maintainer', req.params.id);
    if (TERMINAL.has(a.status)) throw new ApiError('conflict', `analysis ${a.id} is already ${a.status}`, { status: a.status });
    await finish(s, a.id, "UPDATE analyses SET status = 'cancelled', finished_at = now() WHERE id = $1 AND status IN ('queued', 'running') RETURNING id", [a.id]);
    if (a.job_id) await s.boss.cancel(QUEUE, a.job_id).catch(() => undefined);
    s.metrics.analyses.inc({ outcome: 'cancelled' });
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'analysis.cancel', projectId: a.project_id, target: a.id, requestId: req.id });
    return { id: a.id, status: 'cancelled' };
  });
  app.get<{ Params: { id: string } }>('/api/v1/analyses/:id/events', { schema: S.events }, async (req, reply) => {
    const a = await authorisedAnalysis(await authenticate(req), 'viewer', req.params.id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': req.id });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let last = '';
    let closed = false;
    req.raw.on('close', () => (closed = true));
    // Polling the row serves every process alike: the job may finish in any worker on any machine.
    const deadline = Date.now() + 30 * 60_000;
    while (!closed && Date.now() < deadline) {
      const now = await getAnalysis(s.db, a.id, false).catch(() => undefined);
      if (now) {
        const state = `${now.status}:${now.progress}`;
        if (state !== last) {
          last = state;
          if (TERMINAL.has(now.status)) {
            send('completed', { id: now.id, status: now.status, error: now.error ?? undefined, links: { self: `/api/v1/analyses/${now.id}` } });
            break;
          }
          send('progress', { id: now.id, status: now.status, progress: now.progress });
        }
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    res.end();
  });
  app.get<{ Params: { id: string }; Querystring: { base: string } }>('/api/v1/analyses/:id/diff', { schema: S.diff }, async (req) => {
    const p = await authenticate(req);
    const head = await authorisedAnalysis(p, 'viewer', req.params.id, true);
    const base = await authorisedAnalysis(p, 'viewer', req.query.base, true);
    for (const a of [head, base]) if (a.status !== 'succeeded' || !a.result) throw new ApiError('conflict', `analysis ${a.id} is ${a.status}; a diff needs two succeeded analyses`);
    return diffFindings(base, head);
  });

  app.get<{ Params: { id: string } }>('/api/v1/projects/:id/triage', { schema: S.getTriage }, async (req) => {
    await authorisedProject(await authenticate(req), 'viewer', req.params.id);
    return { version: 1, fingerprints: FINGERPRINT_VERSION, findings: Object.fromEntries([...(await triageMap(s.db, req.params.id))].sort(([x], [y]) => x.localeCompare(y))) };
  });
  app.put<{ Params: { id: string; fingerprint: string }; Body: { state: (typeof TRIAGE_STATES)[number]; reason: string; author?: string } }>('/api/v1/projects/:id/triage/:fingerprint', { schema: S.putTriage }, async (req) => {
    const p = await authenticate(req);
    await authorisedProject(p, 'maintainer', req.params.id);
    const { state, reason } = req.body;
    const author = req.body.author ?? p.name;
    // What the finding was, for people reading the triage, from the newest analysis that reported it.
    const seen = (await s.db.query<{ rule: string; file: string; message: string }>('SELECT f.rule, f.file, f.message FROM findings f JOIN analyses a ON a.id = f.analysis_id WHERE a.project_id = $1 AND f.fingerprint = $2 ORDER BY a.created_at DESC LIMIT 1', [req.params.id, req.params.fingerprint]))[0];
    const before = (await s.db.query<{ state: string; reason: string }>('SELECT state, reason FROM triage WHERE project_id = $1 AND fingerprint = $2', [req.params.id, req.params.fingerprint]))[0];
    const rows = await s.db.query<TriageRow>(
      `INSERT INTO triage (project_id, fingerprint, state, reason, author, rule, file, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (project_id, fingerprint) DO UPDATE SET state = excluded.state, reason = excluded.reason, author = excluded.author, rule = coalesce(excluded.rule, triage.rule), file = coalesce(excluded.file, triage.file), message = coalesce(excluded.message, triage.message), updated_at = now()
       RETURNING *`,
      [req.params.id, req.params.fingerprint, state, reason, author, seen?.rule ?? null, seen?.file ?? null, seen?.message ?? null],
    );
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'triage.set', projectId: req.params.id, target: req.params.fingerprint, details: { before: before ?? null, after: { state, reason } }, requestId: req.id });
    return { fingerprint: req.params.fingerprint, ...triageEntry(rows[0]) };
  });
  app.delete<{ Params: { id: string; fingerprint: string } }>('/api/v1/projects/:id/triage/:fingerprint', { schema: S.deleteTriage }, async (req, reply) => {
    const p = await authenticate(req);
    await authorisedProject(p, 'maintainer', req.params.id);
    const gone = await s.db.query('DELETE FROM triage WHERE project_id = $1 AND fingerprint = $2 RETURNING state', [req.params.id, req.params.fingerprint]);
    if (gone.length === 0) throw new ApiError('not_found', `no triage of ${req.params.fingerprint} in this project`);
    await audit(s.db, { keyId: p.keyId, actor: actor(p), action: 'triage.delete', projectId: req.params.id, target: req.params.fingerprint, requestId: req.id });
    return reply.status(204).send();
  });
  app.get<{ Params: { id: string }; Querystring: { branch?: string; limit?: number } }>('/api/v1/projects/:id/trends', { schema: S.trends }, async (req) => {
    await authorisedProject(await authenticate(req), 'viewer', req.params.id);
    const params: unknown[] = [req.params.id];
    const branch = req.query.branch ? `AND a.branch = $${params.push(req.query.branch)}` : '';
    const analyses = await s.db.query<{ id: string; commit_sha: string | null; branch: string | null; finished_at: Date }>(`SELECT a.id, a.commit_sha, a.branch, a.finished_at FROM analyses a WHERE a.project_id = $1 AND a.status = 'succeeded' ${branch} ORDER BY a.finished_at DESC LIMIT ${req.query.limit ?? 30}`, params);
    const ids = analyses.map((a) => a.id);
    const counts = ids.length === 0 ? [] : await s.db.query<{ analysis_id: string; severity: string; rule: string; n: number }>('SELECT analysis_id, severity, rule, count(*)::int AS n FROM findings WHERE analysis_id = ANY($1::uuid[]) GROUP BY analysis_id, severity, rule', [ids]);
    const points = analyses.reverse().map((a) => {
      const mine = counts.filter((c) => c.analysis_id === a.id);
      const bySeverity: Record<string, number> = {};
      const byRule: Record<string, number> = {};
      for (const c of mine) {
        bySeverity[c.severity] = (bySeverity[c.severity] ?? 0) + c.n;
        byRule[c.rule] = (byRule[c.rule] ?? 0) + c.n;
      }
      return { analysisId: a.id, commit: a.commit_sha, branch: a.branch, at: a.finished_at.toISOString(), total: mine.reduce((n, c) => n + c.n, 0), bySeverity, byRule };
    });
    return { points };
  });
  app.get<{ Params: { id: string }; Querystring: { limit?: number } }>('/api/v1/projects/:id/audit', { schema: S.auditLog }, async (req) => {
    await authorisedProject(await authenticate(req), 'admin', req.params.id);
    const rows = await s.db.query<{ at: Date; actor: string; action: string; target: string | null; details: unknown; request_id: string | null }>(`SELECT at, actor, action, target, details, request_id FROM audit_log WHERE project_id = $1 ORDER BY id DESC LIMIT ${req.query.limit ?? 100}`, [req.params.id]);
    return { entries: rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, target: r.target, details: r.details, requestId: r.request_id })) };
  });
  app.get<{ Params: { id: string } }>('/api/v1/contracts/:id', { schema: S.getContract }, async (req) => {
    const p = await authenticate(req);
    const c = (await s.db.query<ContractRow>('SELECT * FROM contracts WHERE id = $1', [req.params.id]))[0];
    if (!c) throw new ApiError('not_found', `no contract ${req.params.id}`);
    requireRole(p, 'viewer', c.project_id);
    if (!c.bytecode_hash) return contractJson(c);
    // A contract seen as bytecode: its newest succeeded analysis of that code (at that address, when it has one).
    const latest = (
      await s.db.query<{ id: string }>(
        "SELECT id FROM analyses WHERE project_id = $1 AND kind = 'bytecode' AND status = 'succeeded' AND result->'bytecode'->>'codeHash' = $2 AND address IS NOT DISTINCT FROM $3 AND chain_id IS NOT DISTINCT FROM $4 ORDER BY finished_at DESC LIMIT 1",
        [c.project_id, c.bytecode_hash, c.address === null ? null : c.address.toLowerCase(), c.chain_id],
      )
    )[0];
    return { ...contractJson(c), latestAnalysis: latest ? { id: latest.id, links: { self: `/api/v1/analyses/${latest.id}`, sarif: `/api/v1/analyses/${latest.id}/sarif`, markdown: `/api/v1/analyses/${latest.id}/markdown` } } : null };
  });
  app.get<{ Querystring: { projectId?: string; chainId?: number; address?: string; name?: string } }>('/api/v1/contracts', { schema: S.searchContracts }, async (req) => {
    const p = await authenticate(req);
    const projectId = req.query.projectId ?? p.projectId;
    if (!projectId && !allows(p, 'admin', null)) throw new ApiError('validation_error', 'projectId is required');
    if (projectId) requireRole(p, 'viewer', projectId);
    const where: string[] = [];
    const params: unknown[] = [];
    if (projectId) where.push(`project_id = $${params.push(projectId)}`);
    if (req.query.chainId !== undefined) where.push(`chain_id = $${params.push(req.query.chainId)}`);
    if (req.query.address) where.push(`lower(address) = lower($${params.push(req.query.address)})`);
    if (req.query.name) where.push(`name = $${params.push(req.query.name)}`);
    const rows = await s.db.query<ContractRow>(`SELECT * FROM contracts ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY first_seen LIMIT 200`, params);
    return { contracts: rows.map(contractJson) };
  });
  await registerDashboard(app);
  return app;
}

interface ContractRow {
  id: string;
  project_id: string;
  name: string;
  file: string | null;
  chain_id: string | null;
  address: string | null;
  bytecode_hash: string | null;
  first_seen: Date;
}
const contractJson = (c: ContractRow) => ({ id: c.id, projectId: c.project_id, name: c.name, file: c.file, chainId: c.chain_id === null ? null : Number(c.chain_id), address: c.address, bytecodeHash: c.bytecode_hash, firstSeen: c.first_seen.toISOString() });

interface TriageRow {
  fingerprint: string;
  state: string;
  reason: string;
  author: string;
  rule: string | null;
  file: string | null;
  message: string | null;
  updated_at: Date;
}
/** A triage row as an entry of `.synor/triage.json`. */
function triageEntry(r: TriageRow) {
  return { state: r.state, reason: r.reason, author: r.author, date: r.updated_at.toISOString(), ...(r.rule ? { rule: r.rule } : {}), ...(r.file ? { file: r.file } : {}), ...(r.message ? { message: r.message } : {}) };
}
async function triageMap(db: Queryable, projectId: string): Promise<Map<string, ReturnType<typeof triageEntry>>> {
  const rows = await db.query<TriageRow>('SELECT * FROM triage WHERE project_id = $1', [projectId]);
  return new Map(rows.map((r) => [r.fingerprint, triageEntry(r)]));
}

function analysisJson(a: AnalysisRow, triage?: Map<string, ReturnType<typeof triageEntry>>, withReport = false) {
  const r = a.result;
  return {
    id: a.id,
    projectId: a.project_id,
    status: a.status,
    progress: a.progress,
    engineVersion: a.engine_version,
    kind: a.kind ?? 'source',
    ...(a.kind === 'bytecode' ? { chainId: a.chain_id === null ? null : Number(a.chain_id), address: a.address } : {}),
    commit: a.commit_sha,
    branch: a.branch,
    priority: a.priority,
    attempts: a.attempts,
    reusedFrom: a.reused_from,
    error: a.error,
    createdAt: a.created_at.toISOString(),
    startedAt: a.started_at?.toISOString() ?? null,
    finishedAt: a.finished_at?.toISOString() ?? null,
    links: { self: `/api/v1/analyses/${a.id}`, sarif: `/api/v1/analyses/${a.id}/sarif`, markdown: `/api/v1/analyses/${a.id}/markdown`, events: `/api/v1/analyses/${a.id}/events` },
    ...(r
      ? {
          result: {
            files: r.files,
            summary: r.summary,
            risk: r.risk,
            errors: r.errors,
            cutShort: r.cutShort,
            durationMs: r.durationMs,
            findings: r.findings.map((f) => {
              const t = triage?.get(f.fingerprint);
              return t ? { ...f, triage: t } : f;
            }),
            ...(r.bytecode ? { bytecode: r.bytecode } : {}),
            ...(r.gas ? { gas: r.gas } : {}),
            ...(withReport && r.report ? { report: r.report } : {}),
          },
        }
      : {}),
  };
}

/** New, fixed and unchanged findings between two analyses, matched by fingerprint as multisets. */
function diffFindings(base: AnalysisRow, head: AnalysisRow) {
  const left = new Map<string, number>();
  for (const f of base.result!.findings) left.set(f.fingerprint, (left.get(f.fingerprint) ?? 0) + 1);
  const fresh = [];
  const unchanged = [];
  for (const f of head.result!.findings) {
    const n = left.get(f.fingerprint) ?? 0;
    if (n > 0) {
      left.set(f.fingerprint, n - 1);
      unchanged.push(f);
    } else fresh.push(f);
  }
  const fixed = [];
  for (const f of base.result!.findings) {
    const n = left.get(f.fingerprint) ?? 0;
    if (n > 0) {
      left.set(f.fingerprint, n - 1);
      fixed.push(f);
    }
  }
  return { base: base.id, head: head.id, summary: { new: fresh.length, fixed: fixed.length, unchanged: unchanged.length }, new: fresh, fixed, unchanged };
}

function isDatabaseDown(err: Error & { code?: string }): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '08003'].includes(err.code ?? '') || /Connection terminated|connect ECONNREFUSED/.test(err.message);
}
