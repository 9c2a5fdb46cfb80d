/**
 * The service's web dashboard in headless Chromium: the real service (`synor serve` from the
 * built binary, embedded PGlite, loopback port) with real analyses of two versions of a small
 * vulnerable contract, driven through the page as a person would — sign in with a key, browse
 * projects and analyses, filter and triage findings, diff, trends, downloads — and every
 * change checked through the API. Skipped with the reason when Chromium is missing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/harness';
import { BANK, BANK_V2, client, ROOT, startService, waitFor, type Running } from './harness';

const ADMIN = 'synor_dashadmin_0123456789abcdefghijklmnop';
const CHROMIUM = [process.env.SYNOR_E2E_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && fs.existsSync(p));
const C1 = '1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const C2 = '2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const C7 = '7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
/** In the page: the innermost elements that reach past the viewport's right edge (for the failure message). */
const WIDER_THAN_VIEWPORT = `[...document.querySelectorAll('main *, header *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5 && ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 0.5)).slice(0, 5).map((e) => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))`;
/** Where screenshots for the docs go, when asked (SYNOR_DASHBOARD_SHOTS=<dir>). */
const SHOTS = process.env.SYNOR_DASHBOARD_SHOTS;

describe('service dashboard (headless Chromium)', function () {
  this.timeout(300_000);
  let svc: Running;
  let admin: ReturnType<typeof client>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let projectId: string;
  let projectName: string;
  let maintainer: { id: string; key: string };
  let viewer: { id: string; key: string };
  let first: any;
  let second: any;
  /** An analysis with measured gas (settings.measure), made by the test that shows it. */
  let measured: any;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  const foreignRequests: string[] = [];
  /** The paths the page asked of the service. */
  const asked: string[] = [];

  before(async function () {
    if (!CHROMIUM) {
      const why = 'missing Chromium (/usr/bin/chromium); run `bash scripts/e2e-setup.sh` to install it';
      if (process.env.CI) throw new Error(`the dashboard test needs Chromium on CI: ${why}`);
      console.log(`      (skipped: ${why})`);
      return this.skip();
    }
    assert.ok(fs.existsSync(path.join(ROOT, 'cli/out/dashboard/index.html')), 'the dashboard is not built: run npm run build');
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN } });
    admin = client(svc.url, ADMIN);
    // The service is a fresh one with its own database, so the name is free.
    projectName = 'bank';
    const p = await admin('POST', '/api/v1/projects', { name: projectName, description: 'A bank with a reentrancy, fixed in the second commit' });
    assert.equal(p.status, 201, p.text);
    projectId = p.body.id;
    const key = async (name: string, role: string) => {
      const r = await admin('POST', '/api/v1/keys', { name, role, projectId });
      assert.equal(r.status, 201, r.text);
      return { id: r.body.id as string, key: r.body.key as string };
    };
    maintainer = await key('dash-maintainer', 'maintainer');
    viewer = await key('dash-viewer', 'viewer');
    const m = client(svc.url, maintainer.key);
    const submit = async (text: string, commit: string) => {
      const r = await m('POST', '/api/v1/contracts/analyze', { files: { 'src/Bank.sol': text }, commit, branch: 'main' });
      assert.equal(r.status, 202, r.text);
      const done = await waitFor(m, r.body.id);
      assert.equal(done.status, 'succeeded', JSON.stringify(done));
      return done;
    };
    first = await submit(BANK, C1);
    second = await submit(BANK_V2, C2);
    assert.ok(first.result.findings.length > 0 && second.result.findings.length > 0, 'both versions have findings');

    browser = await launchBrowser(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await context.exposeBinding('__synorCsp', (_src, text: string) => void cspViolations.push(text));
    await context.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => window.__synorCsp(e.violatedDirective + ' ' + e.blockedURI));" });
    context.on('request', (r) => {
      const u = r.url();
      if (u.startsWith(svc.url + '/')) asked.push(u.slice(svc.url.length));
      else if (!u.startsWith('blob:') && !u.startsWith('data:')) foreignRequests.push(u);
    });
    page = await context.newPage();
    page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-dashboard-failure-'));
    const file = path.join(dir, `${(this.currentTest.title || 'test').replace(/\W+/g, '-').slice(0, 60)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.log(`      screenshot of the failure: ${file}`);
  });

  after(async () => {
    await browser?.close();
    await svc?.stop();
  });

  const shot = async (name: string) => {
    if (!SHOTS) return;
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  };
  const visibleFindings = () => page.locator('#findings tbody tr:not([hidden])');
  /** The findings rows of this analysis's page (not those of the page shown before it). */
  const findingRows = (id: string) => page.locator(`[data-analysis="${id}"] #findings tbody tr`);
  /** Polls from here rather than in the page: the page's CSP forbids the eval that waitForFunction would need. */
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('is served by the service with a strict Content-Security-Policy and nothing from another origin', async () => {
    const root = await fetch(`${svc.url}/`, { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/dashboard/');
    const html = await fetch(`${svc.url}/dashboard/`);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]) assert.ok(csp.includes(d), `CSP lacks ${d}: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    // Every file the page loads is this service's own, and none names another origin.
    const text = await html.text();
    const assets = [...text.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]).filter((u) => !u.startsWith('/docs'));
    for (const name of [...assets, 'api.js', 'charts.js']) {
      const r = await fetch(`${svc.url}/dashboard/${name}`);
      assert.equal(r.status, 200, name);
      assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const body = (await r.text()).replaceAll('http://www.w3.org/2000/svg', '');
      assert.doesNotMatch(body, /https?:\/\//, `${name} refers to another origin`);
    }
    // Only the files themselves are served: no path from a request reaches the file system.
    for (const bad of ['..%2Fsynor.js', '..%2F..%2Fpackage.json', 'nope.js']) {
      const r = await fetch(`${svc.url}/dashboard/${bad}`);
      assert.equal(r.status, 404, bad);
      assert.equal(((await r.json()) as { error: { type: string } }).error.type, 'not_found');
    }
  });

  it('refuses a bad key with the typed error, then signs in from the keyboard without keeping the key', async () => {
    await page.goto(`${svc.url}/dashboard/`);
    const input = page.locator('#api-key');
    await input.waitFor();
    // The sign-in form has a label and takes the focus.
    assert.equal(await page.getByLabel('API key').count(), 1);
    assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'api-key');
    await page.keyboard.type('synor_bogus_notakeyatall');
    await page.keyboard.press('Enter');
    const error = page.locator('#signin-error');
    await page.locator('#signin-error:not(:empty)').waitFor();
    const shown = await error.textContent();
    assert.match(shown ?? '', /^unauthenticated: unknown or revoked API key \(request [\w-]+\)$/);
    assert.equal(await page.evaluate('sessionStorage.length'), 0);

    await page.keyboard.type(maintainer.key);
    await page.keyboard.press('Enter');
    await page.locator(`[data-project="${projectId}"] a`).waitFor();
    assert.equal(await page.locator(`[data-project="${projectId}"] a`).textContent(), projectName);
    assert.equal(await page.locator('[data-role]').getAttribute('data-role'), 'maintainer');
    // The key is nowhere in the page's storage; a token is, for this tab only.
    const storage = (await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })')) as string;
    assert.ok(!storage.includes(maintainer.key), 'the key is stored');
    assert.equal(await page.evaluate('localStorage.length'), 0);
    assert.match(storage, /"token\\":\\"[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it("lists the project's analyses by commit and branch, filtered by commit", async () => {
    await page.locator(`[data-project="${projectId}"] a`).click();
    await page.locator('#analyses tbody tr').first().waitFor();
    const rows = page.locator('#analyses tbody tr');
    assert.equal(await rows.count(), 2);
    // Newest first, as the API lists them.
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => (tr as unknown as { dataset: Record<string, string> }).dataset.commit)), [C2, C1]);
    for (const c of [C1, C2]) {
      assert.equal(await page.locator(`tr[data-commit="${c}"] [data-status]`).getAttribute('data-status'), 'succeeded');
      assert.match((await page.locator(`tr[data-commit="${c}"]`).textContent()) ?? '', /main/);
    }
    await page.getByLabel('Commit', { exact: true }).fill(C1);
    await page.getByRole('button', { name: 'Filter' }).click();
    await until('one analysis listed', async () => (await page.locator('#analyses tbody tr').count()) === 1);
    assert.equal(await page.locator('#analyses tbody tr').getAttribute('data-commit'), C1);
    await page.getByLabel('Commit', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Filter' }).click();
    await until('two analyses listed', async () => (await page.locator('#analyses tbody tr').count()) === 2);
  });

  it("shows an analysis's findings with severity, rule, location, message and fingerprint, and filters them", async () => {
    await page.locator(`tr[data-commit="${C2}"] a`).click();
    await findingRows(second.id).first().waitFor();
    // A figure, not a gate: a full load of this page (HTML, CSS, modules, token check, API calls, rendering).
    const t0 = Date.now();
    await page.reload();
    await findingRows(second.id).first().waitFor();
    console.log(`      (the findings page loaded and rendered in ${Date.now() - t0} ms)`);
    const api = (await client(svc.url, maintainer.key)('GET', `/api/v1/analyses/${second.id}`)).body;
    const findings: any[] = api.result.findings;
    assert.equal(await page.locator('#findings tbody tr').count(), findings.length);
    const shown = await page.locator('#findings tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { cells: Array<{ textContent: string }> }).cells).map((c) => c.textContent)));
    // Every finding of the API is shown once, most severe first.
    const rank = (s: string) => ['high', 'medium', 'low', 'info'].indexOf(s);
    const ranks = shown.map((cells) => rank(cells[0]));
    assert.deepEqual(ranks, ranks.slice().sort((x, y) => x - y), 'most severe first');
    assert.deepEqual(shown.map((cells) => cells[4]).sort(), findings.map((f) => f.fingerprint).sort());
    findings.forEach((f) => {
      const [sev, rule, loc, msg, fp] = shown.find((cells) => cells[4] === f.fingerprint)!;
      assert.equal(sev, f.severity);
      assert.equal(rule, f.ruleId);
      assert.equal(loc, `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`);
      assert.equal(msg, f.message);
      assert.equal(fp, f.fingerprint);
    });
    assert.equal(await page.locator('#finding-count').textContent(), `Showing ${findings.length} of ${findings.length} findings`);
    const severity = findings[0].severity;
    await page.getByLabel('Severity').selectOption(severity);
    assert.equal(await visibleFindings().count(), findings.filter((f) => f.severity === severity).length);
    await page.getByLabel('Severity').selectOption('');
    const rule = findings[findings.length - 1].ruleId;
    await page.getByLabel('Rule').selectOption(rule);
    assert.equal(await visibleFindings().count(), findings.filter((f) => f.ruleId === rule).length);
    await page.getByLabel('Rule').selectOption('');
    assert.equal(await visibleFindings().count(), findings.length);
    await shot('dashboard-findings');
  });

  it('triages a finding: stored through the API, with an audit entry naming the key', async () => {
    const f = second.result.findings[0];
    const row = page.locator(`#findings tr[data-fingerprint="${f.fingerprint}"]`).first();
    await row.getByLabel('State').selectOption('accepted-risk');
    // From the keyboard: type the reason and press Enter, which submits the row's form.
    await row.getByLabel('Reason').focus();
    await page.keyboard.type('only the owner can reach it in our deployment');
    await page.keyboard.press('Enter');
    await row.locator('.saved', { hasText: 'Saved' }).waitFor();
    assert.equal(await row.locator('.triage-state').getAttribute('data-state'), 'accepted-risk');

    const triage = (await client(svc.url, viewer.key)('GET', `/api/v1/projects/${projectId}/triage`)).body;
    assert.equal(triage.findings[f.fingerprint]?.state, 'accepted-risk');
    assert.equal(triage.findings[f.fingerprint]?.reason, 'only the owner can reach it in our deployment');
    assert.equal(triage.findings[f.fingerprint]?.author, 'dash-maintainer');
    const audit = (await admin('GET', `/api/v1/projects/${projectId}/audit`)).body.entries as any[];
    const entry = audit.find((e) => e.action === 'triage.set' && e.target === f.fingerprint);
    assert.ok(entry, JSON.stringify(audit));
    assert.equal(entry.actor, `key:dash-maintainer (${maintainer.id})`);
    assert.deepEqual(entry.details.after, { state: 'accepted-risk', reason: 'only the owner can reach it in our deployment' });

    // The triage filter sees the decision, and a reload (same tab, same session) shows it from the API.
    await page.locator('#filter-triage').selectOption('accepted-risk');
    assert.equal(await visibleFindings().count(), 1);
    await page.reload();
    await findingRows(second.id).first().waitFor();
    assert.equal(await page.locator(`#findings tr[data-fingerprint="${f.fingerprint}"] .triage-state`).first().getAttribute('data-state'), 'accepted-risk');
  });

  it('clears a triage decision: removed through the API, with an audit entry naming the key', async () => {
    const f = second.result.findings[0];
    const row = page.locator(`#findings tr[data-fingerprint="${f.fingerprint}"]`).first();
    // Only a triaged finding offers Clear.
    const other = second.result.findings.find((x: any) => x.fingerprint !== f.fingerprint);
    if (other) assert.equal(await page.locator(`#findings tr[data-fingerprint="${other.fingerprint}"] .clear-triage`).first().isHidden(), true);
    await row.getByRole('button', { name: /Clear triage/ }).click();
    await row.locator('.saved', { hasText: 'Cleared' }).waitFor();
    assert.equal(await row.locator('.triage-state').getAttribute('data-state'), 'untriaged');
    assert.equal(await row.getByRole('button', { name: /Clear triage/ }).isHidden(), true);
    const triage = (await client(svc.url, viewer.key)('GET', `/api/v1/projects/${projectId}/triage`)).body;
    assert.equal(triage.findings[f.fingerprint], undefined);
    const audit = (await admin('GET', `/api/v1/projects/${projectId}/audit`)).body.entries as any[];
    const entry = audit.find((e) => e.action === 'triage.delete' && e.target === f.fingerprint);
    assert.ok(entry, JSON.stringify(audit));
    assert.equal(entry.actor, `key:dash-maintainer (${maintainer.id})`);
    // The API shows it as untriaged too, and the triage filter no longer lists it.
    const now = (await client(svc.url, viewer.key)('GET', `/api/v1/analyses/${second.id}`)).body;
    assert.equal(now.result.findings.find((x: any) => x.fingerprint === f.fingerprint).triage, undefined);
    await page.locator('#filter-triage').selectOption('accepted-risk');
    assert.equal(await visibleFindings().count(), 0);
    await page.locator('#filter-triage').selectOption('');
    // Cleared by nobody: a second delete is a typed 404, and a viewer may not delete at all.
    const again = await client(svc.url, maintainer.key)('DELETE', `/api/v1/projects/${projectId}/triage/${f.fingerprint}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error.type, 'not_found');
    assert.equal((await client(svc.url, viewer.key)('DELETE', `/api/v1/projects/${projectId}/triage/${f.fingerprint}`)).status, 403);
  });

  it('downloads the SARIF and Markdown reports', async () => {
    const [sarif] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SARIF' }).click()]);
    assert.equal(sarif.suggestedFilename(), `synor-${C2.slice(0, 12)}.sarif`);
    const doc = JSON.parse(fs.readFileSync((await sarif.path())!, 'utf8'));
    assert.equal(doc.version, '2.1.0');
    assert.equal(doc.runs[0].results.length, second.result.findings.length);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    const text = fs.readFileSync((await md.path())!, 'utf8');
    for (const f of second.result.findings) assert.ok(text.includes(f.ruleId), `the Markdown report lacks ${f.ruleId}`);
  });

  it('shows the diff of two analyses with the counts the API gives', async () => {
    await page.locator('.crumbs a', { hasText: projectName }).click();
    await page.getByLabel('Base (older)').waitFor();
    await page.getByLabel('Base (older)').selectOption(first.id);
    await page.getByLabel('Head (newer)').selectOption(second.id);
    await page.getByRole('button', { name: 'Show diff' }).click();
    await page.locator('#diff-summary').waitFor();
    const api = (await client(svc.url, viewer.key)('GET', `/api/v1/analyses/${second.id}/diff?base=${first.id}`)).body;
    assert.ok(api.summary.new > 0 && api.summary.fixed > 0, `the two versions differ both ways: ${JSON.stringify(api.summary)}`);
    for (const kind of ['new', 'fixed', 'unchanged'] as const) {
      assert.equal(await page.locator(`#diff-summary [data-kind="${kind}"] strong`).textContent(), String(api.summary[kind]), kind);
      const fps = await page.locator(`table[data-kind="${kind}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-fingerprint')));
      assert.deepEqual(fps, api[kind].map((f: any) => f.fingerprint), kind);
    }
    await shot('dashboard-diff');
  });

  it('draws the trends charts as inline SVG, one point per analysis', async () => {
    await page.locator('.crumbs a', { hasText: projectName }).click();
    await page.getByRole('link', { name: 'Trends' }).click();
    await page.locator('#chart-severity').waitFor();
    const api = (await client(svc.url, viewer.key)('GET', `/api/v1/projects/${projectId}/trends`)).body;
    const succeeded = (await client(svc.url, viewer.key)('GET', `/api/v1/projects/${projectId}/analyses?status=succeeded`)).body.analyses;
    assert.equal(succeeded.length, 2);
    assert.deepEqual(api.points.map((p: any) => p.analysisId), succeeded.map((a: any) => a.id).reverse());
    const totals = await page.locator('#chart-severity g[data-series="total"] circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
    assert.deepEqual(totals, api.points.map((p: any) => p.total));
    for (const sev of ['high', 'medium', 'low', 'info']) {
      const n = await page.locator(`#chart-severity g[data-series="${sev}"] circle`).count();
      if (api.points.some((p: any) => p.bySeverity[sev])) assert.equal(n, api.points.length, sev);
      else assert.equal(n, 0, sev);
    }
    const latest = api.points[api.points.length - 1];
    const bars = await page.locator('#chart-rules rect.bar').evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-rule'), Number(r.getAttribute('data-value'))]));
    assert.deepEqual(Object.fromEntries(bars), latest.byRule);
    // Findings by rule over time: a line per rule (the eight with the most findings), one point per analysis, the API's counts.
    const rules = [...new Set(api.points.flatMap((p: any) => Object.keys(p.byRule)))] as string[];
    const drawn = await page.locator('#chart-rules-time g[data-series]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-series')));
    assert.equal(drawn.length, Math.min(8, rules.length));
    assert.ok(drawn.length > 1, 'several rules are drawn');
    for (const rule of drawn) {
      const values = await page.locator(`#chart-rules-time g[data-series="${rule}"] circle`).evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
      assert.deepEqual(values, api.points.map((p: any) => p.byRule[rule!] ?? 0), rule!);
    }
    // A rule whose count changed between the two analyses is visible as a change in its line.
    const changed = rules.filter((r) => (api.points[0].byRule[r] ?? 0) !== (api.points[1].byRule[r] ?? 0));
    assert.ok(changed.length > 0, 'the two versions differ in some rule');
    assert.equal(await page.locator('svg#chart-rules-time[role="img"] > title').count(), 1);
    assert.equal(await page.locator('svg#chart-severity[role="img"] > title').count(), 1);
    await shot('dashboard-trends');
  });

  it('follows queued analyses live, in the list and on their page, until they finish', async () => {
    const m = client(svc.url, maintainer.key);
    // One worker thread runs one analysis at a time: the second of two submitted together waits queued.
    const submit = async (text: string, commit: string) => {
      const r = await m('POST', '/api/v1/contracts/analyze', { files: { 'src/Bank.sol': `${text}\n// ${commit} ${Date.now()}\n` }, commit, branch: 'feature' });
      assert.equal(r.status, 202, r.text);
      assert.equal(r.body.reused, false);
      return r.body.id as string;
    };
    const listed = [await submit(BANK_V2, '4444444ddddddddddddddddddddddddddddddddd'), await submit(BANK, '5555555eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee')];
    await page.goto(`${svc.url}/dashboard/#/projects/${projectId}`);
    const status = page.locator(`#analyses tr[data-analysis="${listed[1]}"] [data-status]`);
    console.log(`      (the list first showed the analysis ${await status.getAttribute('data-status')})`);
    // No reload: the list polls while an analysis is queued or running.
    for (const id of listed) {
      await page.locator(`#analyses tr[data-analysis="${id}"] [data-status="succeeded"]`).waitFor({ timeout: 120_000 });
      assert.equal((await waitFor(m, id)).status, 'succeeded');
    }
    assert.equal(await page.locator('#analyses progress').count(), 0);

    const followed = [await submit(BANK_V2, '6666666fffffffffffffffffffffffffffffffff'), await submit(BANK, '3333333ccccccccccccccccccccccccccccccccc')];
    const id = followed[1];
    await page.goto(`${svc.url}/dashboard/#/analyses/${id}`);
    const first = await page.locator(`[data-analysis="${id}"]`).getAttribute('data-status');
    console.log(`      (the page first showed the analysis ${first})`);
    // No reload from here: the page moves on by itself when the stream says the analysis completed.
    await findingRows(id).first().waitFor({ timeout: 120_000 });
    const done = await waitFor(m, id);
    assert.equal(done.status, 'succeeded');
    assert.equal(await findingRows(id).count(), done.result.findings.length);
    if (first !== 'succeeded') assert.ok(asked.includes(`/api/v1/analyses/${id}/events`), 'the page follows the analysis through its event stream');
    assert.equal(await page.locator(`[data-analysis="${id}"] [data-status]`).first().getAttribute('data-status'), 'succeeded');
  });

  it('shows a refused write as the typed error, and stores nothing', async () => {
    await page.goto(`${svc.url}/dashboard/#/analyses/${second.id}`);
    await findingRows(second.id).first().waitFor();
    const f = second.result.findings[second.result.findings.length - 1];
    // The key behind the session is revoked while the page is open: the service refuses the write.
    assert.equal((await admin('DELETE', `/api/v1/keys/${maintainer.id}`)).status, 200);
    const row = page.locator(`#findings tr[data-fingerprint="${f.fingerprint}"]`).first();
    await row.getByLabel('Reason').fill('should not be stored');
    await row.getByRole('button', { name: /Save triage/ }).click();
    const alert = row.locator('[role="alert"]');
    await row.locator('[role="alert"]:not(:empty)').waitFor();
    assert.match((await alert.textContent()) ?? '', /^unauthenticated: the key this token was issued for is revoked or unknown \(request [\w-]+\)$/);
    const triage = (await client(svc.url, viewer.key)('GET', `/api/v1/projects/${projectId}/triage`)).body;
    if (f.fingerprint !== second.result.findings[0].fingerprint) assert.equal(triage.findings[f.fingerprint], undefined);
  });

  it('gives a viewer the findings with triage disabled, and the API refuses the viewer a write', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#api-key').waitFor();
    assert.equal(await page.evaluate('sessionStorage.length'), 0);
    await page.locator('#api-key').fill(viewer.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`[data-project="${projectId}"] a`).waitFor();
    await page.goto(`${svc.url}/dashboard/#/analyses/${second.id}`);
    await findingRows(second.id).first().waitFor();
    assert.match((await page.locator('#triage-readonly').textContent()) ?? '', /role is viewer/);
    const buttons = page.locator('#findings button');
    assert.equal(await page.getByRole('button', { name: /Save triage/ }).count(), second.result.findings.length);
    for (const b of await buttons.all()) assert.equal(await b.isDisabled(), true);
    for (const s of await page.locator('#findings select').all()) assert.equal(await s.isDisabled(), true);
    // Every control on the page has a label.
    assert.deepEqual(await page.evaluate("[...document.querySelectorAll('main input, main select')].filter((e) => e.labels.length === 0).map((e) => e.outerHTML)"), []);
    // What the disabled controls stand for: the service itself refuses the viewer.
    const refused = await client(svc.url, viewer.key)('PUT', `/api/v1/projects/${projectId}/triage/${second.result.findings[0].fingerprint}`, { state: 'confirmed', reason: 'x' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.type, 'forbidden');
  });

  it('is usable from the keyboard: the skip link, links and the focus on each new page', async () => {
    await page.goto(`${svc.url}/dashboard/#/projects/${projectId}`);
    await page.reload();
    await until('the project page', async () => (await page.title()) === `${projectName} · Synor` && (await page.locator('main[aria-busy]').count()) === 0);
    const active = () => page.evaluate("(document.activeElement.id || document.activeElement.tagName) + '|' + document.activeElement.textContent.trim().slice(0, 30)") as Promise<string>;
    await page.keyboard.press('Tab');
    assert.equal(await active(), 'A|Skip to content');
    await page.keyboard.press('Enter');
    assert.match(await active(), /^main\|/);
    assert.equal(new URL(page.url()).hash, `#/projects/${projectId}`);
    // Tab on from the content to the first analysis's link and follow it with Enter.
    for (let i = 0; i < 40 && !(await active()).startsWith('A|Open'); i++) await page.keyboard.press('Tab');
    assert.match(await active(), /^A\|Open$/);
    await page.keyboard.press('Enter');
    await until('an analysis page', async () => (await page.title()).startsWith('Analysis ') && (await page.locator('main[aria-busy]').count()) === 0);
    assert.match(await active(), /^main\|/);
  });

  it("shows an analysis's measured gas: a table per contract with the API's figures", async () => {
    const r = await admin('POST', '/api/v1/contracts/analyze', { projectId, files: { 'src/Bank.sol': BANK_V2 }, settings: { measure: true }, commit: C7, branch: 'gas' });
    assert.equal(r.status, 202, r.text);
    measured = await waitFor(admin, r.body.id, 300_000);
    assert.equal(measured.status, 'succeeded', JSON.stringify(measured));
    const gas = measured.result.gas;
    assert.ok(gas && gas.contracts.length > 0 && gas.deployed > 0, JSON.stringify(gas));
    await page.goto(`${svc.url}/dashboard/#/analyses/${measured.id}`);
    await page.locator('#gas').waitFor();
    for (const c of gas.contracts) {
      const table = page.locator(`#gas .gas-contract[data-contract="${c.name}"]`);
      const caption = (await table.locator('caption').textContent()) ?? '';
      if ('gas' in c.deploy) assert.ok(caption.includes(`deployment ${c.deploy.gas.toLocaleString('en-US')} gas`), caption);
      assert.ok(caption.includes(`${c.runtimeSize.toLocaleString('en-US')} bytes of runtime`), caption);
      assert.ok(caption.includes(`EIP-170's ${c.sizeLimit.toLocaleString('en-US')}`), caption);
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-signature'), ...[...tr.querySelectorAll('td')].slice(1, 5).map((td) => td.textContent)]));
      const n = (x: number) => x.toLocaleString('en-US');
      assert.deepEqual(
        rows.map((row) => [row[0], row[1]!.split(' ')[0], row[2], row[3], row[4]]),
        c.functions.map((fn: any) => [fn.signature, typeof fn.gas === 'number' ? n(fn.gas) : fn.gas === 'not-called' ? 'not' : fn.gas, ...(fn.stats ? [n(fn.stats.min), n(fn.stats.median), n(fn.stats.max)] : ['—', '—', '—'])]),
      );
    }
    const notes = await page.locator('#gas-notes li').allTextContents();
    assert.deepEqual(notes, gas.notes);
    await page.locator('#gas').scrollIntoViewIfNeeded();
    await shot('dashboard-gas');
    // An analysis without the setting has no gas section.
    await page.goto(`${svc.url}/dashboard/#/analyses/${second.id}`);
    await findingRows(second.id).first().waitFor();
    assert.equal(await page.locator('#gas').count(), 0);
  });

  it('works at a narrow width without scrolling sideways', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const pages: Array<[string, string]> = [
      [`#/analyses/${second.id}`, `Analysis ${C2.slice(0, 12)} · Synor`],
      [`#/analyses/${measured.id}`, `Analysis ${C7.slice(0, 12)} · Synor`],
      [`#/projects/${projectId}`, `${projectName} · Synor`],
      [`#/projects/${projectId}/trends`, `${projectName}: trends · Synor`],
      [`#/projects/${projectId}/diff?base=${first.id}&head=${second.id}`, `${projectName}: diff · Synor`],
    ];
    for (const [hash, title] of pages) {
      await page.goto(`${svc.url}/dashboard/${hash}`);
      await until(`the page ${hash}`, async () => (await page.title()) === title && (await page.locator('main[aria-busy]').count()) === 0);
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      const wide = width <= 360 ? [] : await page.evaluate(WIDER_THAN_VIEWPORT);
      assert.ok(width <= 360, `${hash} is ${width}px wide at 360px; too wide: ${JSON.stringify(wide)}`);
      if (hash.startsWith('#/analyses/')) await shot('dashboard-narrow');
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no script errors or CSP violations and asked nothing of another origin', () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(foreignRequests, []);
    // Chromium logs each refused request (the bad key, the revoked key) as a failed load; nothing else may be there.
    const unexpected = consoleErrors.filter((t) => !/^Failed to load resource: the server responded with a status of 401/.test(t));
    assert.deepEqual(unexpected, []);
    assert.ok(consoleErrors.length <= 2, consoleErrors.join('\n'));
  });
});
