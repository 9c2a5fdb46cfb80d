/**
 * The Synor service as a process (`synor serve` from the built binary) on a
 * loopback port with a temporary embedded database, driven over HTTP: analyses
 * with findings, fingerprints and SARIF, reuse of stored results, triage, the
 * diff of two analyses, auth refusals, rate limits, and hostile inputs that get
 * a typed 4xx and leave nothing stored; the
 * same suite against a PostgreSQL server in postgres.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BANK, BIN, client, startService, waitFor } from './harness';
import { serviceSuite } from './suite';

serviceSuite('service (embedded PGlite)', () => ({}));

describe('service (embedded PGlite): tokens', function () {
  this.timeout(180_000);
  it('POST /api/v1/auth/token answers the token with the role, project and expiry of the key it was issued for', async () => {
    const ADMIN = 'synor_tokadmin_0123456789abcdefghijklmnop';
    const svc = await startService({ args: ['--no-worker'], env: { SYNOR_ADMIN_KEY: ADMIN, SYNOR_TOKEN_TTL_SECONDS: '600' } });
    try {
      const admin = client(svc.url, ADMIN);
      const p = await admin('POST', '/api/v1/projects', { name: 'tokens' });
      const made = await admin('POST', '/api/v1/keys', { name: 'tok-maintainer', role: 'maintainer', projectId: p.body.id });
      assert.equal(made.status, 201, made.text);
      const before = Date.now();
      const t = await client(svc.url, made.body.key)('POST', '/api/v1/auth/token');
      assert.equal(t.status, 200, t.text);
      assert.equal(t.body.role, 'maintainer');
      assert.equal(t.body.projectId, p.body.id);
      assert.equal(t.body.tokenType, 'Bearer');
      // expiresAt is the token's own exp claim, expiresIn seconds from now.
      const claims = JSON.parse(Buffer.from(t.body.token.split('.')[1], 'base64url').toString('utf8'));
      assert.equal(new Date(t.body.expiresAt).getTime(), claims.exp * 1000);
      assert.equal(claims.exp - claims.iat, t.body.expiresIn);
      assert.ok(Math.abs(new Date(t.body.expiresAt).getTime() - (before + t.body.expiresIn * 1000)) < 5000, t.body.expiresAt);
      // The token still works, and a global key's token says it has no project.
      assert.equal((await client(svc.url, t.body.token)('GET', `/api/v1/projects/${p.body.id}`)).status, 200);
      const g = await admin('POST', '/api/v1/auth/token');
      assert.equal(g.body.role, 'admin');
      assert.equal(g.body.projectId, null);
      // The OpenAPI document lists the fields.
      const schema = (await admin('GET', '/api/v1/openapi.json')).body.paths['/api/v1/auth/token'].post.responses['200'].content['application/json'].schema;
      assert.deepEqual(Object.keys(schema.properties).sort(), ['expiresAt', 'expiresIn', 'projectId', 'role', 'token', 'tokenType']);
    } finally {
      await svc.stop();
    }
  });
});

describe('service (embedded PGlite): without a worker, restarts and synor keys', function () {
  this.timeout(180_000);
  it('prints a first admin key, cancels a queued analysis, keeps data across a restart, accepts a key made by synor keys create, and limits per address', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-service-restart-'));
    try {
      let svc = await startService({ dataDir, args: ['--no-worker'], env: { SYNOR_ADMIN_KEY: '' } });
      let projectId: string;
      let analysisId: string;
      const queued: Array<{ id: string; priority: number }> = [];
      // With no SYNOR_ADMIN_KEY and no admin yet, the first start makes one and prints it once.
      const printed = /created the first admin key \(shown once, keep it\): (synor_\S+)/.exec(svc.stderr());
      assert.ok(printed, svc.stderr());
      const ADMIN = printed[1];
      try {
        const admin = client(svc.url, ADMIN);
        const p = await admin('POST', '/api/v1/projects', { name: 'restart' });
        projectId = p.body.id;
        const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK }, priority: 50 });
        assert.equal(r.status, 202);
        analysisId = r.body.id;
        // No worker runs here: it stays queued until cancelled.
        assert.equal((await admin('GET', `/api/v1/analyses/${analysisId}`)).body.status, 'queued');
        const c = await admin('POST', `/api/v1/analyses/${analysisId}/cancel`);
        assert.equal(c.status, 200, c.text);
        assert.equal(c.body.status, 'cancelled');
        assert.equal((await admin('GET', `/api/v1/analyses/${analysisId}`)).body.status, 'cancelled');
        const again = await admin('POST', `/api/v1/analyses/${analysisId}/cancel`);
        assert.equal(again.status, 409);
        assert.equal(again.body.error.type, 'conflict');
        assert.equal((await admin('GET', `/api/v1/analyses/${analysisId}/sarif`)).status, 409);
        // Queued now, run after the restart: highest priority first.
        for (const [i, priority] of [0, 90, 40].entries()) {
          const q = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': `${BANK}\n// queued ${i}\n` }, priority });
          assert.equal(q.status, 202);
          queued.push({ id: q.body.id, priority });
        }
      } finally {
        await svc.stop();
      }

      const made = spawnSync(process.execPath, [BIN, 'keys', 'create', '--role', 'viewer', '--project', projectId, '--data', dataDir], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(made.status, 0, made.stderr);
      const key = made.stdout.trim();
      assert.match(key, /^synor_[0-9a-f]+_\S+$/);

      // With a worker this time: the cancelled analysis stays cancelled, and the data is still there.
      svc = await startService({ dataDir, env: { SYNOR_ADMIN_KEY: '', SYNOR_RATE_LIMIT_IP: '25', SYNOR_RATE_LIMIT_WINDOW_MS: '2000' } });
      try {
        assert.doesNotMatch(svc.stderr(), /first admin key/);
        assert.equal((await client(svc.url, ADMIN)('GET', `/api/v1/projects/${projectId}`)).status, 200);
        const viewer = client(svc.url, key);
        const p = await viewer('GET', `/api/v1/projects/${projectId}`);
        assert.equal(p.status, 200, p.text);
        assert.equal(p.body.name, 'restart');
        const ran = [];
        for (const q of queued) {
          const done = await waitFor(viewer, q.id);
          assert.equal(done.status, 'succeeded', JSON.stringify(done));
          ran.push({ priority: q.priority, startedAt: done.startedAt as string });
        }
        ran.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
        assert.deepEqual(ran.map((r) => r.priority), [90, 40, 0]);
        assert.equal((await viewer('GET', `/api/v1/analyses/${analysisId}`)).body.status, 'cancelled');
        assert.equal((await viewer('POST', '/api/v1/contracts/analyze', { projectId, files: { 'A.sol': 'contract A {}' } })).status, 403);
        // A flood from one address, with or without a key, meets the per-address limit.
        const anon = client(svc.url);
        let limited: any;
        for (let i = 0; i < 300 && !limited; i++) {
          const r = await anon('GET', '/api/v1/projects');
          if (r.status === 429) limited = r;
          else assert.equal(r.status, 401);
        }
        assert.ok(limited, 'no 429 from the address limit');
        assert.equal(limited.body.error.type, 'rate_limited');
        assert.equal(limited.body.error.details.by, 'ip');
        assert.ok(Number(limited.headers.get('retry-after')) >= 1);
        assert.equal((await anon('GET', '/healthz')).status, 200);
      } finally {
        await svc.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses synor worker without DATABASE_URL', () => {
    const r = spawnSync(process.execPath, [BIN, 'worker'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' }, timeout: 60_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /needs DATABASE_URL/);
  });
});
