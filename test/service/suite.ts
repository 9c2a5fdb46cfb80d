/**
 * The service suite, run by service.test.ts (embedded PGlite) and postgres.test.ts
 * (a PostgreSQL server the test starts): the service as a process (`synor serve`
 * from the built binary) on a loopback port, driven over HTTP.
 */
import assert from 'node:assert/strict';
import { BANK, BANK_V2, client, makeZip, startService, waitFor, type Running } from './harness';

const ADMIN = 'synor_testadmin_0123456789abcdefghijklmnop';

/**
 * `env` gives the service's extra environment (undefined skips the suite); `tables`, where the
 * test can read the database itself, counts rows of every table, so that "nothing stored" is
 * checked below the API too.
 */
export function serviceSuite(name: string, env: () => Record<string, string> | undefined, tables?: () => Promise<Record<string, number>>) {
  describe(name, function () {
    this.timeout(180_000);
    let svc: Running;
    let admin: ReturnType<typeof client>;
    let projectId: string;
    let otherProjectId: string;
    let first: any;
    let extraEnv: Record<string, string> | undefined;

    before(async function () {
      const extra = env();
      extraEnv = extra;
      if (extra === undefined) return this.skip();
      svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN, SYNOR_BODY_LIMIT_BYTES: String(256 * 1024), ...extra } });
      admin = client(svc.url, ADMIN);
      const p = await admin('POST', '/api/v1/projects', { name: `bank-${Date.now()}` });
      assert.equal(p.status, 201, p.text);
      projectId = p.body.id;
      const o = await admin('POST', '/api/v1/projects', { name: `other-${Date.now()}` });
      assert.equal(o.status, 201, o.text);
      otherProjectId = o.body.id;
    });
    after(async () => {
      await svc?.stop();
    });

    /** What the API shows as stored for the project: its analyses and audit entries. */
    async function stored() {
      const a = await admin('GET', `/api/v1/projects/${projectId}/analyses?limit=500`);
      const l = await admin('GET', `/api/v1/projects/${projectId}/audit?limit=1000`);
      return { analyses: a.body.analyses.length, audit: l.body.entries.length, ...(tables ? await tables() : {}) };
    }

    it('answers health and readiness, serves the OpenAPI document and offline docs', async () => {
      assert.equal((await admin('GET', '/healthz', undefined, { key: null })).status, 200);
      const ready = await admin('GET', '/readyz', undefined, { key: null });
      assert.equal(ready.status, 200);
      assert.equal(ready.body.migrations, true);
      assert.equal(ready.body.backend, extraEnv?.DATABASE_URL ? 'postgres' : 'pglite');
      const doc = await admin('GET', '/api/v1/openapi.json', undefined, { key: null });
      assert.equal(doc.status, 200);
      assert.match(doc.body.openapi, /^3\./);
      for (const p of ['/api/v1/contracts/analyze', '/api/v1/analyses/{id}', '/api/v1/projects/{id}/triage/{fingerprint}', '/api/v1/analyses/{id}/diff']) assert.ok(doc.body.paths[p], `OpenAPI lacks ${p}`);
      assert.ok(doc.body.paths['/api/v1/contracts/analyze'].post.requestBody, 'analyze documents its body');
      const html = await fetch(`${svc.url}/docs/`);
      assert.equal(html.status, 200);
      const page = await html.text();
      // Every script and stylesheet of the docs comes from the service itself.
      const external = [...page.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(external, []);
      const scripts = [...page.matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(scripts.length > 0);
      for (const s of scripts) assert.equal((await fetch(new URL(s, `${svc.url}/docs/`))).status, 200, s);
    });

    it('analyses a file map: 202 with links, then findings with fingerprints, SARIF and Markdown', async () => {
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK }, commit: 'c1', branch: 'main' });
      assert.equal(r.status, 202, r.text);
      assert.equal(r.body.reused, false);
      assert.equal(r.body.links.self, `/api/v1/analyses/${r.body.id}`);
      first = await waitFor(admin, r.body.id);
      assert.equal(first.status, 'succeeded', JSON.stringify(first));
      const rules = first.result.findings.map((f: any) => f.ruleId);
      assert.ok(rules.includes('reentrancy-eth'), rules.join(', '));
      assert.ok(rules.includes('tx-origin-auth'), rules.join(', '));
      for (const f of first.result.findings) {
        assert.match(f.fingerprint, /^[0-9a-f]{16,}$/);
        assert.equal(f.file, 'src/Bank.sol');
      }
      assert.ok(first.result.risk.some((c: any) => c.contract === 'Bank'));
      const sarif = await admin('GET', `/api/v1/analyses/${first.id}/sarif`);
      assert.equal(sarif.status, 200);
      assert.match(sarif.headers.get('content-type') ?? '', /sarif\+json/);
      assert.equal(sarif.body.version, '2.1.0');
      assert.equal(sarif.body.runs[0].results.length, first.result.findings.length);
      const md = await admin('GET', `/api/v1/analyses/${first.id}/markdown`);
      assert.equal(md.status, 200);
      assert.match(md.text, /reentrancy-eth/);
      const byCommit = await admin('GET', `/api/v1/projects/${projectId}/analyses?commit=c1`);
      assert.deepEqual(byCommit.body.analyses.map((a: any) => a.id), [first.id]);
    });

    it('reuses the stored result for the same sources and settings', async () => {
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK }, commit: 'c1-again', branch: 'main' });
      assert.equal(r.status, 202, r.text);
      assert.equal(r.body.reused, true);
      assert.equal(r.body.reusedFrom, first.id);
      const again = await waitFor(admin, r.body.id);
      assert.equal(again.status, 'succeeded');
      assert.deepEqual(again.result.findings.map((f: any) => f.fingerprint), first.result.findings.map((f: any) => f.fingerprint));
      // Other settings are another analysis.
      const off = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK }, settings: { rules: { 'tx-origin-auth': 'off' } } });
      assert.equal(off.status, 202);
      assert.equal(off.body.reused, false);
      const done = await waitFor(admin, off.body.id);
      assert.ok(!done.result.findings.some((f: any) => f.ruleId === 'tx-origin-auth'));
    });

    it('streams completion as server-sent events', async () => {
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK + '\n// events\n' } });
      assert.equal(r.status, 202);
      const res = await fetch(`${svc.url}${r.body.links.events}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
      const text = await res.text();
      assert.match(text, /event: completed\ndata: \{[^\n]*"status":"succeeded"/);
    });

    it('analyses a zip archive', async () => {
      const zip = makeZip([{ name: 'contracts/', data: '' }, { name: 'contracts/Bank.sol', data: BANK_V2 }, { name: 'README.md', data: '# not read' }]);
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, zip: zip.toString('base64') });
      assert.equal(r.status, 202, r.text);
      const a = await waitFor(admin, r.body.id);
      assert.equal(a.status, 'succeeded');
      assert.deepEqual(a.result.files, ['contracts/Bank.sol']);
    });

    it('keeps triage by fingerprint, in the .synor/triage.json format', async () => {
      const f = first.result.findings.find((x: any) => x.ruleId === 'tx-origin-auth');
      const put = await admin('PUT', `/api/v1/projects/${projectId}/triage/${f.fingerprint}`, { state: 'accepted-risk', reason: 'owner is a multisig' });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.body.state, 'accepted-risk');
      const got = await admin('GET', `/api/v1/projects/${projectId}/triage`);
      assert.equal(got.body.version, 1);
      assert.equal(got.body.findings[f.fingerprint].state, 'accepted-risk');
      assert.equal(got.body.findings[f.fingerprint].reason, 'owner is a multisig');
      assert.equal(got.body.findings[f.fingerprint].rule, 'tx-origin-auth');
      const a = await admin('GET', `/api/v1/analyses/${first.id}`);
      assert.equal(a.body.result.findings.find((x: any) => x.fingerprint === f.fingerprint).triage.state, 'accepted-risk');
      const bad = await admin('PUT', `/api/v1/projects/${projectId}/triage/${f.fingerprint}`, { state: 'ignored', reason: 'x' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.type, 'validation_error');
      const audit = await admin('GET', `/api/v1/projects/${projectId}/audit`);
      assert.ok(audit.body.entries.some((e: any) => e.action === 'triage.set' && e.target === f.fingerprint));
    });

    it('diffs two analyses by fingerprint, and gives trends', async () => {
      const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK_V2 }, commit: 'c2', branch: 'main' });
      const second = await waitFor(admin, r.body.id);
      assert.equal(second.status, 'succeeded');
      const d = await admin('GET', `/api/v1/analyses/${second.id}/diff?base=${first.id}`);
      assert.equal(d.status, 200, d.text);
      assert.ok(d.body.fixed.some((f: any) => f.ruleId === 'reentrancy-eth'), 'the reentrancy is fixed');
      assert.ok(d.body.unchanged.some((f: any) => f.ruleId === 'tx-origin-auth'), 'the first tx.origin check is unchanged');
      assert.ok(d.body.new.some((f: any) => f.ruleId === 'tx-origin-auth' && f.function?.startsWith('setFee')), 'the second tx.origin check is new');
      assert.equal(d.body.new.length + d.body.unchanged.length, second.result.findings.length);
      assert.equal(d.body.fixed.length + d.body.unchanged.length, first.result.findings.length);
      const t = await admin('GET', `/api/v1/projects/${projectId}/trends?branch=main`);
      assert.equal(t.status, 200);
      assert.ok(t.body.points.length >= 2);
      const last = t.body.points[t.body.points.length - 1];
      assert.equal(last.analysisId, second.id);
      assert.equal(last.total, second.result.findings.length);
    });

    it('refuses calls without a key, with a revoked key, a viewer on a write route, and another project’s key', async () => {
      const anon = client(svc.url);
      const none = await anon('GET', `/api/v1/analyses/${first.id}`);
      assert.equal(none.status, 401);
      assert.equal(none.body.error.type, 'unauthenticated');
      assert.equal((await anon('GET', '/api/v1/projects', undefined, { key: 'synor_nope_nope' })).status, 401);

      const mk = async (role: string, project: string) => {
        const k = await admin('POST', '/api/v1/keys', { name: `${role} key`, role, projectId: project });
        assert.equal(k.status, 201, k.text);
        return k.body;
      };
      const maint = await mk('maintainer', projectId);
      const m = client(svc.url, maint.key);
      assert.equal((await m('GET', `/api/v1/analyses/${first.id}`)).status, 200);
      // A token issued for the key works, and stops working with it.
      const tok = await m('POST', '/api/v1/auth/token');
      assert.equal(tok.status, 200);
      assert.equal((await m('GET', `/api/v1/projects/${projectId}`, undefined, { key: tok.body.token })).status, 200);
      assert.equal((await admin('DELETE', `/api/v1/keys/${maint.id}`)).status, 200);
      const revoked = await m('GET', `/api/v1/analyses/${first.id}`);
      assert.equal(revoked.status, 401);
      assert.equal((await m('GET', `/api/v1/projects/${projectId}`, undefined, { key: tok.body.token })).status, 401);
      assert.equal((await m('GET', '/api/v1/projects', undefined, { key: tok.body.token.slice(0, -4) + 'AAAA' })).status, 401);

      const viewer = client(svc.url, (await mk('viewer', projectId)).key);
      assert.equal((await viewer('GET', `/api/v1/analyses/${first.id}`)).status, 200);
      const before = await stored();
      const w1 = await viewer('POST', '/api/v1/contracts/analyze', { projectId, files: { 'A.sol': 'contract A {}' } });
      assert.equal(w1.status, 403);
      assert.equal(w1.body.error.type, 'forbidden');
      assert.equal((await viewer('PUT', `/api/v1/projects/${projectId}/triage/abc123`, { state: 'confirmed', reason: 'x' })).status, 403);
      assert.equal((await viewer('POST', '/api/v1/projects', { name: 'nope' })).status, 403);

      const other = client(svc.url, (await mk('maintainer', otherProjectId)).key);
      assert.equal((await other('GET', `/api/v1/analyses/${first.id}`)).status, 403);
      assert.equal((await other('GET', `/api/v1/projects/${projectId}/triage`)).status, 403);
      assert.equal((await other('POST', '/api/v1/contracts/analyze', { projectId, files: { 'A.sol': 'contract A {}' } })).status, 403);
      const listed = await other('GET', '/api/v1/projects');
      assert.deepEqual(listed.body.projects.map((p: any) => p.id), [otherProjectId]);
      const after = await stored();
      assert.equal(after.analyses, before.analyses);
    });

    it('answers 429 with Retry-After to a flood from one key while another key is served', async () => {
      const k = await admin('POST', '/api/v1/keys', { name: 'flooder', role: 'viewer', projectId, rateLimit: 5 });
      const flood = client(svc.url, k.body.key);
      const codes: number[] = [];
      let limited: any;
      for (let i = 0; i < 8; i++) {
        const r = await flood('GET', `/api/v1/projects/${projectId}`);
        codes.push(r.status);
        if (r.status === 429) limited = r;
      }
      assert.deepEqual(codes.slice(0, 5), [200, 200, 200, 200, 200]);
      assert.ok(limited, `no 429 in ${codes.join(',')}`);
      assert.equal(limited.body.error.type, 'rate_limited');
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assert.equal((await admin('GET', `/api/v1/projects/${projectId}`)).status, 200);
    });

    describe('hostile and malformed requests get a typed 4xx and store nothing', () => {
      const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [];
      const post = (body: unknown, o: { raw?: string; type?: string } = {}) => () => admin('POST', '/api/v1/contracts/analyze', body, o);
      cases.push(['malformed JSON', () => admin('POST', '/api/v1/contracts/analyze', undefined, { raw: '{"projectId": ' }), 400, 'malformed_json']);
      cases.push(['wrong types', () => post({ projectId, files: ['x'], priority: 'high' })(), 400, 'validation_error']);
      cases.push(['unknown property', () => post({ projectId, files: { 'A.sol': 'contract A {}' }, shell: 'rm -rf /' })(), 400, 'validation_error']);
      cases.push(['not JSON at all', () => admin('POST', '/api/v1/contracts/analyze', undefined, { raw: 'contract A {}', type: 'text/plain' }), 415, 'unsupported_media_type']);
      cases.push(['an oversized body', () => post({ projectId, files: { 'A.sol': 'contract A {}\n' + '// '.padEnd(300 * 1024, 'x') } })(), 413, 'payload_too_large']);
      cases.push(['a ../ path in a file map', () => post({ projectId, files: { '../../etc/A.sol': 'contract A {}' } })(), 400, 'invalid_path']);
      cases.push(['an absolute path in a file map', () => post({ projectId, files: { '/etc/A.sol': 'contract A {}' } })(), 400, 'invalid_path']);
      cases.push(['a ../ path in a zip', () => post({ projectId, zip: makeZip([{ name: 'src/../../evil.sol', data: 'contract A {}' }]).toString('base64') })(), 400, 'invalid_path']);
      cases.push(['a zip bomb', () => post({ projectId, zip: makeZip([{ name: 'src/Bomb.sol', data: Buffer.alloc(1_500_000, 0x20) }]).toString('base64') })(), 400, 'invalid_archive']);
      cases.push(['a zip that unpacks past the size limit', () => post({ projectId, zip: makeZip([{ name: 'src/Big.sol', data: Buffer.alloc(3_000_000, 0x20) }]).toString('base64') })(), 400, 'invalid_archive']);
      cases.push(['garbage as a zip', () => post({ projectId, zip: Buffer.from('not a zip at all').toString('base64') })(), 400, 'invalid_archive']);
      cases.push(['an entry not among the files', () => post({ projectId, files: { 'A.sol': 'contract A {}' }, entry: 'B.sol' })(), 400, 'validation_error']);
      cases.push(['an unknown rule in settings', () => post({ projectId, files: { 'A.sol': 'contract A {}' }, settings: { rules: { 'no-such-rule': 'off' } } })(), 400, 'validation_error']);
      cases.push(['a malformed id', () => admin('GET', '/api/v1/analyses/not-a-uuid'), 400, 'validation_error']);
      cases.push(['an unknown route', () => admin('GET', '/api/v1/nothing-here'), 404, 'not_found']);
      for (const [what, send, status, type] of cases) {
        it(what, async () => {
          const before = await stored();
          const r = await send();
          assert.equal(r.status, status, JSON.stringify(r.body));
          assert.equal(r.body.error.type, type);
          assert.equal(typeof r.body.error.message, 'string');
          assert.match(r.body.error.requestId, /\S/);
          assert.deepEqual(await stored(), before);
        });
      }
    });

    it('counts analyses and requests in /metrics', async () => {
      const r = await fetch(`${svc.url}/metrics`);
      const text = await r.text();
      assert.match(text, /synor_analyses_total\{outcome="succeeded"\} [1-9]/);
      assert.match(text, /synor_analyses_total\{outcome="reused"\} [1-9]/);
      assert.match(text, /synor_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/contracts\/analyze"/);
      assert.match(text, /synor_queue_depth\{queue="analysis"\} \d/);
    });
  });
}

