/**
 * Webhooks against the real service (`synor serve` on PGlite) and a real HTTP
 * receiver on 127.0.0.1: signed events on completion and cancellation, retries
 * with backoff until a flaky receiver answers (the event arrives once), a dead
 * delivery after the last retry, the delivery log, role checks, typed refusals
 * of bad URLs, and loopback targets refused when the server does not allow them.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isNonPublicAddress, post } from '../../service/src/webhooks';
import { BANK, client, postgresBin, startPostgres, startService, startWorkerProcess, waitFor, type Postgres, type Running } from './harness';

const ADMIN = 'synor_hookadmin_0123456789abcdefghij';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A receiver: `/ok` answers 204, `/flaky` 500 twice then 200, `/dead` always 500. */
async function startReceiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  let flaky = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      let status = 204;
      if (req.url === '/flaky') status = ++flaky <= 2 ? 500 : 200;
      else if (req.url === '/dead') status = 500;
      got.push({ path: req.url ?? '', headers: req.headers, body, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? 'receiver says no' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got, close: () => new Promise((r) => server.close(() => r())) };
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Checks the signature as a receiver would: HMAC-SHA256 of "<t>.<body>" with the secret, and a fresh timestamp. */
function verify(r: Received, secret: string): void {
  const sig = String(r.headers['synor-signature']);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig);
  assert.ok(m, `signature header ${sig}`);
  assert.equal(r.headers['synor-timestamp'], m[1]);
  assert.ok(Math.abs(Date.now() / 1000 - Number(m[1])) < 300, 'timestamp is fresh');
  const expected = crypto.createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest();
  assert.ok(crypto.timingSafeEqual(Buffer.from(m[2], 'hex'), expected), 'signature matches the body');
  // A body altered in transit no longer matches.
  const forged = crypto.createHmac('sha256', secret).update(`${m[1]}.${r.body.replace('"status"', '"Status"')}`).digest();
  assert.ok(!crypto.timingSafeEqual(Buffer.from(m[2], 'hex'), forged));
}

const HOOK_ENV = { SYNOR_ADMIN_KEY: ADMIN, SYNOR_WEBHOOK_ALLOW_PRIVATE: '1', SYNOR_WEBHOOK_RETRY_LIMIT: '3', SYNOR_WEBHOOK_RETRY_DELAY_SECONDS: '1', SYNOR_PUBLIC_URL: 'https://synor.example.test' };

/**
 * The webhook suite against a service that `start` runs: on PGlite one
 * `synor serve` with its worker; on PostgreSQL an API process without a worker
 * and a `synor worker` process, so events recorded by the API (a cancellation)
 * and by the worker are both delivered by the worker process.
 */
function webhookSuite(name: string, start: () => Promise<{ url: string; stop(): Promise<void> } | undefined>) {
  describe(name, function () {
    this.timeout(240_000);
    let svc: { url: string; stop(): Promise<void> } | undefined;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let admin: ReturnType<typeof client>;
    let projectId: string;

    before(async function () {
      svc = await start();
      if (!svc) return this.skip();
      receiver = await startReceiver();
      admin = client(svc.url, ADMIN);
      projectId = (await admin('POST', '/api/v1/projects', { name: 'hooks' })).body.id;
    });
    after(async () => {
      await svc?.stop();
      await receiver?.close();
    });

    it('refuses a viewer and a maintainer, bad URLs with a typed 400, and lists the routes in the OpenAPI document', async () => {
      const viewer = client(svc!.url, (await admin('POST', '/api/v1/keys', { name: 'v', role: 'viewer', projectId })).body.key);
      const maintainer = client(svc!.url, (await admin('POST', '/api/v1/keys', { name: 'm', role: 'maintainer', projectId })).body.key);
      for (const who of [viewer, maintainer]) {
        const r = await who('POST', `/api/v1/projects/${projectId}/webhooks`, { url: `${receiver.url}/ok` });
        assert.equal(r.status, 403, r.text);
        assert.equal(r.body.error.type, 'forbidden');
        assert.equal((await who('GET', `/api/v1/projects/${projectId}/webhooks`)).status, 403);
      }
      for (const url of ['ftp://example.test/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://user:pw@example.test/']) {
        const r = await admin('POST', `/api/v1/projects/${projectId}/webhooks`, { url });
        assert.equal(r.status, 400, `${url}: ${r.text}`);
        assert.equal(r.body.error.type, 'invalid_url', url);
        assert.equal(r.body.error.details.field, 'url');
      }
      const wrongEvent = await admin('POST', `/api/v1/projects/${projectId}/webhooks`, { url: `${receiver.url}/ok`, events: ['analysis.exploded'] });
      assert.equal(wrongEvent.status, 400);
      assert.equal(wrongEvent.body.error.type, 'validation_error');
      assert.equal((await admin('GET', `/api/v1/projects/${projectId}/webhooks`)).body.webhooks.length, 0, 'nothing stored by refused requests');
      const doc = (await admin('GET', '/api/v1/openapi.json', undefined, { key: null })).body;
      assert.ok(doc.paths['/api/v1/projects/{id}/webhooks'].post.requestBody);
      assert.ok(doc.paths['/api/v1/projects/{id}/webhooks/{webhookId}/deliveries'].get);
    });

    it('delivers a signed event on completion and on cancellation, retries a flaky receiver until it answers (once), and dead-letters one that never does', async () => {
      const made: Record<string, { id: string; secret: string }> = {};
      for (const name of ['ok', 'flaky', 'dead']) {
        const r = await admin('POST', `/api/v1/projects/${projectId}/webhooks`, { url: `${receiver.url}/${name}`, description: name, ...(name === 'ok' ? {} : { events: ['analysis.succeeded'] }) });
        assert.equal(r.status, 201, r.text);
        assert.match(r.body.secret, /^whsec_/);
        made[name] = { id: r.body.id, secret: r.body.secret };
      }
      const listed = (await admin('GET', `/api/v1/projects/${projectId}/webhooks`)).body.webhooks;
      assert.equal(listed.length, 3);
      assert.ok(listed.every((w: any) => w.secret === undefined), 'secrets are shown only at creation');

      const sub = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK }, commit: 'abc123', branch: 'main' });
      assert.equal(sub.status, 202, sub.text);
      const done = await waitFor(admin, sub.body.id);
      assert.equal(done.status, 'succeeded');
      const high = done.result.findings.filter((f: any) => f.severity === 'high').length;
      assert.ok(high >= 1);

      const ok = await until('the event at /ok', () => receiver.got.find((g) => g.path === '/ok'));
      verify(ok, made.ok.secret);
      assert.equal(ok.headers['content-type'], 'application/json');
      assert.equal(ok.headers['synor-event'], 'analysis.succeeded');
      const event = JSON.parse(ok.body);
      assert.equal(event.type, 'analysis.succeeded');
      assert.equal(event.id, ok.headers['synor-delivery']);
      assert.deepEqual(event.project, { id: projectId, name: 'hooks' });
      assert.equal(event.analysis.id, sub.body.id);
      assert.equal(event.analysis.status, 'succeeded');
      assert.equal(event.analysis.commit, 'abc123');
      assert.equal(event.analysis.branch, 'main');
      assert.equal(event.analysis.counts.bySeverity.high, high);
      assert.equal(event.analysis.counts.total, done.result.findings.length);
      assert.equal(event.analysis.links.self, `https://synor.example.test/api/v1/analyses/${sub.body.id}`);
      // The other webhooks' secrets do not verify this one's events.
      assert.throws(() => verify(ok, made.flaky.secret));

      // Flaky: 500, 500, then 200 after backoff; delivered once and never again.
      const flakyDone = await until('the flaky receiver to accept', () => receiver.got.find((g) => g.path === '/flaky' && g.answered === 200));
      verify(flakyDone, made.flaky.secret);
      assert.equal(JSON.parse(flakyDone.body).analysis.id, sub.body.id);
      const deliveries = await until('the flaky delivery recorded as delivered', async () => {
        const r = await admin('GET', `/api/v1/projects/${projectId}/webhooks/${made.flaky.id}/deliveries`);
        return r.body.deliveries[0]?.status === 'delivered' ? r.body.deliveries : undefined;
      });
      assert.equal(deliveries.length, 1);
      assert.equal(deliveries[0].attempts, 3);
      assert.deepEqual(deliveries[0].log.map((l: any) => l.status), [500, 500, 200]);
      assert.match(deliveries[0].log[0].error, /answered 500: receiver says no/);
      const attempts = receiver.got.filter((g) => g.path === '/flaky');
      assert.equal(attempts.length, 3);
      assert.equal(new Set(attempts.map((a) => a.headers['synor-delivery'])).size, 1, 'retries are the same delivery');
      assert.equal(new Set(attempts.map((a) => a.body)).size, 1, 'retries send the same body');
      // Backoff: each retry waits at least the retry delay (1 s) after the previous attempt.
      const times = deliveries[0].log.map((l: any) => Date.parse(l.at));
      assert.ok(times[1] - times[0] >= 900 && times[2] - times[1] >= 900, JSON.stringify(deliveries[0].log));

      // Dead: the first try and three retries, then the dead letter.
      const dead = await until(
        'the dead delivery',
        async () => {
          const r = await admin('GET', `/api/v1/projects/${projectId}/webhooks/${made.dead.id}/deliveries?status=dead`);
          return r.body.deliveries[0];
        },
        90_000,
      );
      assert.equal(dead.attempts, 4);
      assert.equal(dead.lastStatus, 500);
      assert.equal(receiver.got.filter((g) => g.path === '/dead').length, 4);

      // Cancellation: an analysis queued behind others, cancelled, gives analysis.cancelled to the hook that asked for every event.
      const before = receiver.got.length;
      const ahead = [];
      for (let i = 0; i < 2; i++) ahead.push((await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': `${BANK}\n// ahead ${i}\n` }, priority: 100 })).body.id);
      const victim = (await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': `${BANK}\n// victim\n` }, priority: 0 })).body.id;
      const c = await admin('POST', `/api/v1/analyses/${victim}/cancel`);
      assert.equal(c.status, 200, c.text);
      const cancelled = await until('the cancelled event', () => receiver.got.slice(before).find((g) => g.path === '/ok' && JSON.parse(g.body).analysis.id === victim));
      verify(cancelled, made.ok.secret);
      assert.equal(JSON.parse(cancelled.body).type, 'analysis.cancelled');
      assert.equal(JSON.parse(cancelled.body).analysis.counts.total, 0);
      for (const id of ahead) await waitFor(admin, id);
      // The hooks that asked only for succeeded analyses got nothing for the cancelled one.
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(!receiver.got.some((g) => g.path !== '/ok' && JSON.parse(g.body).analysis.id === victim));
      // One delivery per webhook and analysis, however many attempts it took.
      // (The last events may still be on their way: the worker polls the queue.)
      const okLog = await until('every event at /ok delivered', async () => {
        const r = (await admin('GET', `/api/v1/projects/${projectId}/webhooks/${made.ok.id}/deliveries`)).body.deliveries;
        return r.length === 4 && r.every((d: any) => d.status === 'delivered') ? r : undefined;
      });
      assert.deepEqual(okLog.map((d: any) => d.analysisId).sort(), [sub.body.id, victim, ...ahead].sort());
      assert.ok(okLog.every((d: any) => d.attempts === 1));
      assert.equal(receiver.got.filter((g) => g.path === '/ok').length, 4);

      // Removed: nothing more is sent to it, and it is gone from the list.
      assert.equal((await admin('DELETE', `/api/v1/projects/${projectId}/webhooks/${made.dead.id}`)).status, 204);
      assert.equal((await admin('GET', `/api/v1/projects/${projectId}/webhooks`)).body.webhooks.length, 2);
      assert.equal((await admin('GET', `/api/v1/projects/${projectId}/webhooks/${made.dead.id}/deliveries`)).status, 404);
      const audit = (await admin('GET', `/api/v1/projects/${projectId}/audit`)).body.entries.map((e: any) => e.action);
      assert.ok(audit.includes('webhook.create') && audit.includes('webhook.delete'));
    });
  });
}

webhookSuite('service webhooks (embedded PGlite)', async () => {
  const svc: Running = await startService({ env: HOOK_ENV });
  return svc;
});

const bin = postgresBin();
webhookSuite('service webhooks (PostgreSQL: an API process and a worker process)', async () => {
  if (!bin) {
    console.log('    (skipped: PostgreSQL binaries not found under /usr/lib/postgresql; run scripts/service-setup.sh)');
    return undefined;
  }
  const pg: Postgres = await startPostgres(bin);
  const env = { ...HOOK_ENV, DATABASE_URL: pg.url };
  const api = await startService({ env, args: ['--no-worker'] });
  const worker = await startWorkerProcess(env);
  return {
    url: api.url,
    async stop() {
      await worker.stop();
      await api.stop();
      await pg.stop();
    },
  };
});

describe('service webhooks without the private-target allowance', function () {
  this.timeout(120_000);
  let svc: Running;
  before(async () => {
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN, SYNOR_WEBHOOK_ALLOW_PRIVATE: '' } });
  });
  after(async () => svc?.stop());

  it('refuses loopback, private, link-local and localhost targets (SSRF)', async () => {
    const admin = client(svc.url, ADMIN);
    const projectId = (await admin('POST', '/api/v1/projects', { name: 'ssrf' })).body.id;
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://[::1]/hook', 'http://10.1.2.3/hook', 'http://192.168.0.10/hook', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:127.0.0.1]/hook', 'http://0.0.0.0/', 'http://2130706433/']) {
      const r = await admin('POST', `/api/v1/projects/${projectId}/webhooks`, { url });
      assert.equal(r.status, 400, `${url}: ${r.text}`);
      assert.equal(r.body.error.type, 'invalid_url');
      assert.equal(r.body.error.details.reason, 'private_address', url);
    }
    // A public address literal is accepted (nothing is sent until an analysis ends).
    const r = await admin('POST', `/api/v1/projects/${projectId}/webhooks`, { url: 'https://203.0.114.7/hook' });
    assert.equal(r.status, 201, r.text);
  });

  it('checks the address a delivery connects to, not only the URL it was given', async () => {
    const receiver = await startReceiver();
    try {
      const port = new URL(receiver.url).port;
      // A name (not an address literal) that resolves to loopback: refused at connection time.
      await assert.rejects(post(new URL(`http://localhost:${port}/ok`), '{}', {}, { allowPrivate: false, timeoutMs: 5000 }), /resolves only to non-public addresses \(127\.0\.0\.1/);
      await assert.rejects(post(new URL(`${receiver.url}/ok`), '{}', {}, { allowPrivate: false, timeoutMs: 5000 }), /not a public address/);
      assert.equal(receiver.got.length, 0);
      assert.equal((await post(new URL(`http://localhost:${port}/ok`), '{}', {}, { allowPrivate: true, timeoutMs: 5000 })).status, 204);
    } finally {
      await receiver.close();
    }
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', 'ff02::1', '224.0.0.1']) assert.ok(isNonPublicAddress(ip), ip);
    for (const ip of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) assert.ok(!isNonPublicAddress(ip), ip);
  });
});
