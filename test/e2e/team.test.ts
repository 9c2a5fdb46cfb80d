import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import nodeHttp from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BIN, client as http, startService, type Running } from '../service/harness';
import { chooseQuickPick, CodeServer, copyWorkspace, freshRunDir, hoverUntil, openFile, openWorkbench, packageExtension, plain, poll, requireTools, runCommand, screenshot, screenshotIfFailed } from './harness';

/**
 * The team's triage in a real VS Code (code-server + Chromium) against `synor serve` on PGlite:
 * `synor.server` and `synor.project` in user settings (a `synor.server` in the workspace's
 * settings is never used), the key entered through "Synor: Set
 * Service API Key" (SecretStorage), and the findings view showing the team's decision.
 */
describe('e2e: the team\'s triage from the Synor service (code-server + Chromium)', function () {
  this.timeout(600_000);
  const ADMIN = 'synor_e2eteamadmin_0123456789abcdef';
  let tools: { chromium: string; codeServer: string };
  let runDir: string;
  let workspace: string;
  let svc: Running | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let key: string;
  let decoy: { url: string; close(): Promise<void> } | undefined;
  const decoyRequests: string[] = [];

  before(async function () {
    this.timeout(600_000);
    tools = requireTools(this);
    const { vsix } = packageExtension();
    runDir = freshRunDir('team');
    workspace = copyWorkspace(runDir);
    svc = await startService({ env: { SYNOR_ADMIN_KEY: ADMIN } });
    const admin = http(svc.url, ADMIN);
    const projectId = (await admin('POST', '/api/v1/projects', { name: 'e2e-team' })).body.id as string;
    key = (await admin('POST', '/api/v1/keys', { name: 'alice', role: 'maintainer', projectId })).body.key;
    // The finding's fingerprint as the CLI computes it (the editor's is the same: no path in it).
    const cli = spawnSync(process.execPath, [BIN, 'Vault.sol', '--format', 'json', '--fail-on', 'none'], { cwd: workspace, encoding: 'utf8', timeout: 120_000 });
    const fp = (JSON.parse(cli.stdout) as { findings: Array<{ ruleId: string; fingerprint: string }> }).findings.find((f) => f.ruleId === 'tx-origin-auth')?.fingerprint;
    assert.ok(fp, cli.stderr);
    const put = await admin('PUT', `/api/v1/projects/${projectId}/triage/${fp}`, { state: 'accepted-risk', reason: 'the owner is a multisig', author: 'carol' });
    assert.equal(put.status, 200, put.text);
    // A workspace that names a server of its own: it must never get a request, let alone the key.
    decoy = await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
      const srv = nodeHttp.createServer((req, res) => {
        decoyRequests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
        res.writeHead(500).end();
      });
      srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(srv.address() as { port: number }).port}`, close: () => new Promise((r) => srv.close(() => r())) }));
    });
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'synor.server': decoy.url }));
    server = await CodeServer.start({ runDir, vsix, workspace });
    // The service in the user's settings (machine scope: a workspace could not set it).
    const settingsFile = path.join(runDir, 'user-data', 'User', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'synor.server': svc.url, 'synor.project': projectId }, null, 2));
    ({ browser, page } = await openWorkbench(server, tools.chromium));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await svc?.stop();
    await decoy?.close();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, runDir);
  });

  const view = () => page.locator('[id="workbench.view.extension.synor"]');
  const rowTexts = async () => (await view().locator('.monaco-list-row').allTextContents()).map(plain);

  it('with the key set, the findings view shows the team\'s decision and who made it, and Problems leaves the finding out', async () => {
    await openFile(page, 'Vault.sol');
    await poll('Synor squiggles in Vault.sol', () => page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count(), 60_000);
    // No key yet: the team cannot be reached, and the finding is a problem.
    await page.keyboard.press('Control+Shift+M');
    await poll('tx-origin-auth in Problems', async () => (await page.locator('.markers-panel .monaco-list-row').allTextContents()).some((r) => r.includes('tx-origin-auth')), 60_000);

    await runCommand(page, 'Synor: Set Service API Key');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('type'), 'password');
    await input.fill(key);
    await page.keyboard.press('Enter');

    await poll('the team status in the status bar', async () => /Team 1/.test(plain(await page.locator('.statusbar').textContent())), 60_000);
    await poll('tx-origin-auth to leave Problems', async () => {
      const t = await page.locator('.markers-panel .monaco-list-row').allTextContents();
      return t.length > 0 && !t.some((r) => r.includes('tx-origin-auth'));
    }, 60_000);

    await page.locator('.activitybar .action-item a[aria-label^="Synor"]').first().click({ force: true });
    await view().waitFor({ timeout: 15_000 });
    await chooseQuickPick(page, () => runCommand(page, 'Synor: Filter Triaged Findings…'), 'Only triaged findings');
    const row = await poll('the team\'s decision in the view', async () => (await rowTexts()).find((r) => /accepted risk by carol \(team\) · tx-origin-auth · line 26/.test(r)), 30_000);
    assert.ok(row);
    const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible', { hasText: 'Triaged by the team' }).first();
    await hoverUntil(page, view().locator('.monaco-list-row', { hasText: 'tx-origin-auth' }).first(), hover);
    assert.match(plain(await hover.textContent()), /Triaged by the team \(Synor service\) as accepted risk \(carol.*multisig/s);
    await screenshot(page, runDir, 'findings-team-triage');
    assert.deepEqual(decoyRequests, [], 'the workspace\'s synor.server got requests');
    // The key is in no log: code-server's, nor the editor's (the Synor output channel included).
    const logs = [server!.log, ...(fs.readdirSync(path.join(runDir, 'user-data', 'logs'), { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? d.path, d.name))];
    assert.ok(logs.length > 1);
    for (const f of logs) assert.ok(!fs.readFileSync(f, 'utf8').includes(key), `the key is in ${f}`);
    assert.ok(logs.some((f) => /team triage: 1 decisions/.test(fs.readFileSync(f, 'utf8'))), 'the Synor log says where the decisions came from');
  });
});
