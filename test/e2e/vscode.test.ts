import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { CodeServer, copyWorkspace, freshRunDir, launchBrowser, openFile, packageExtension, plain, poll, requireTools, runCommand, screenshot, screenshotIfFailed, openWorkbench } from './harness';

/**
 * The packaged extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3) in Chromium:
 * install the .vsix, open a workspace of vulnerable and gas-heavy contracts, and use the
 * extension the way a person does. Skips, with the reason, when Chromium or code-server is not
 * installed (scripts/e2e-setup.sh installs both); on CI a missing tool fails instead.
 */
describe('e2e: the packaged extension in VS Code (code-server + Chromium)', function () {
  this.timeout(600_000);
  const timings: Record<string, number> = {};
  let tools: { chromium: string; codeServer: string };
  let vsix: string;

  before(function () {
    this.timeout(600_000);
    tools = requireTools(this);
    const t0 = Date.now();
    const p = packageExtension();
    vsix = p.vsix;
    timings.packageMs = Date.now() - t0;
    console.log(`      packaged ${path.basename(vsix)}: ${(p.bytes / 1024 / 1024).toFixed(2)} MB in ${(timings.packageMs / 1000).toFixed(1)} s`);
  });

  after(() => {
    if (Object.keys(timings).length > 0) console.log(`      timings (ms): ${JSON.stringify(timings)}`);
  });

  describe('in the workbench', () => {
    let runDir: string;
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let t0: number;

    before(async function () {
      t0 = Date.now();
      runDir = freshRunDir('ui');
      const workspace = copyWorkspace(runDir);
      server = await CodeServer.start({ runDir, vsix, workspace });
      timings.codeServerStartMs = Date.now() - t0;
      ({ browser, page } = await openWorkbench(server, tools.chromium));
      timings.workbenchMs = Date.now() - t0;
    });

    after(async function () {
      if (this.currentTest?.state === 'failed' && page) await screenshot(page, runDir, 'failure').catch(() => undefined);
      await browser?.close().catch(() => undefined);
      await server?.stop();
      timings.uiTotalMs = Date.now() - t0;
    });

    afterEach(async function () {
      await screenshotIfFailed(this.currentTest, page, runDir);
    });

    it('shows diagnostics as squiggles and in the Problems panel', async () => {
      const t = Date.now();
      await openFile(page, 'Vault.sol');
      await poll('Synor squiggles in Vault.sol', () => page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count(), 60_000);
      timings.openToSquiggleMs = Date.now() - t;
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await poll('Problems rows', async () => (await rows.allTextContents()).some((r) => r.includes('selfdestruct')), 30_000);
      const all = (await rows.allTextContents()).join('\n');
      assert.match(all, /tx\.origin/);
      assert.match(all, /unprotected-selfdestruct/);
      // Gas and info findings are Information, not Hint: VS Code lists them in the Problems panel (issue 12).
      await poll('a gas finding in the Problems panel', async () => (await rows.allTextContents()).some((r) => r.includes('immutable-state')), 30_000);
      // The status bar item counts Synor's findings in the active file.
      const status = page.locator('.statusbar-item', { hasText: /\d/ }).filter({ has: page.locator('.codicon-shield') });
      await poll('the Synor status bar item with counts', async () => (await status.count()) > 0, 30_000);
      await screenshot(page, runDir, 'diagnostics');
    });

    it('explains a finding on hover', async () => {
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      const box = await squiggle.boundingBox();
      assert.ok(box, 'no squiggle to hover');
      await page.mouse.move(box.x + Math.min(20, box.width / 2), box.y + box.height / 2);
      // Synor's own hover: the rule's title, id, category and severity, then why it matters.
      const hover = page.locator('.monaco-hover:visible', { hasText: 'Why it matters' }).first();
      await hover.waitFor({ timeout: 15_000 });
      assert.match(plain(await hover.textContent()), /severity high/);
      await screenshot(page, runDir, 'hover');
      await page.keyboard.press('Escape');
    });

    it('applies a safe quick fix with Ctrl+. and re-diagnoses the file', async () => {
      const lines = page.locator('.monaco-editor .view-lines').first();
      const status = synorStatus(page);
      const before = plain(await status.textContent());
      await goToLine(page, 7, 22);
      await quickFix(page, 'Declare owner immutable');
      await screenshot(page, runDir, 'quickfix');
      await page.keyboard.press('Enter');
      await poll('owner declared immutable', async () => plain(await lines.textContent()).includes('address internal immutable owner;'), 15_000);
      // The immutable-state hint is gone: the status bar's counts change with the diagnostics.
      await poll('the counts to change', async () => plain(await status.textContent()) !== before, 30_000);
    });

    it('asks before an unsafe quick fix in a modal that says why, then applies it', async () => {
      const lines = page.locator('.monaco-editor .view-lines').first();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'tx.origin' }).first();
      // A double click focuses the editor at the finding; a single click does not. The list
      // re-renders while the previous fix is re-diagnosed, which can swallow a click: retry.
      await poll(
        'the selection on line 26',
        async () => {
          if (/Ln 26,/.test(plain(await page.locator('#status\\.editor\\.selection').textContent()))) return true;
          await row.dblclick();
          return false;
        },
        20_000,
        1000,
      );
      // The Problems panel can keep the keyboard focus; put it in the editor, keeping the selection.
      await page.keyboard.press('Control+1');
      await quickFix(page, 'Compare msg.sender instead of tx.origin');
      await page.keyboard.press('Enter');
      // An unsafe fix asks first, in a modal that gives the rule's reason (issue 12: the Refactor
      // Preview opened with the change unticked and Apply did nothing).
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ timeout: 15_000 });
      const said = plain(await dialog.textContent());
      assert.match(said, /Apply "Compare msg\.sender instead of tx\.origin"\?/);
      assert.match(said, /may change what the code does/);
      assert.match(said, /Finding: Authorization uses tx\.origin/);
      await screenshot(page, runDir, 'unsafe-fix-confirm');
      // Cancel leaves the text as it is.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
      assert.ok(plain(await lines.textContent()).includes('tx.origin'), 'cancelled: nothing applied');
      await quickFix(page, 'Compare msg.sender instead of tx.origin');
      await page.keyboard.press('Enter');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Apply Fix' }).click();
      await poll('the fixed text', async () => {
        const text = plain(await lines.textContent());
        return text.includes('require(msg.sender == owner, "not owner");') && !text.includes('tx.origin');
      }, 15_000);
      await page.keyboard.press('Control+Shift+M');
      await poll('the tx.origin diagnostic to go', async () => !(await page.locator('.markers-panel .monaco-list-row').allTextContents()).some((r) => r.includes('tx.origin')), 30_000);
      const remaining = (await page.locator('.markers-panel .monaco-list-row').allTextContents()).join('\n');
      assert.match(remaining, /unprotected-selfdestruct/, 'the other findings stay');
    });

    it('opens the contract report webview from the command palette', async () => {
      await runCommand(page, 'Synor: Show Contract Report');
      const view: FrameLocator = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await view.locator('h1', { hasText: 'Synor report' }).waitFor({ timeout: 60_000 });
      await view.locator('#findings .finding').first().waitFor();
      const findings = plain(await view.locator('#findings').textContent());
      assert.match(findings, /unprotected-selfdestruct/);
      assert.match(findings, /unchecked-send/);
      assert.match(plain(await view.locator('#risk').textContent()), /\d+/);
      // Gas comes from the deep tier (compile + EVM); the view refreshes when it is in.
      await poll('measured gas in the report', async () => (await view.locator('#gas .deploy-gas').count()) > 0, 120_000, 500);
      const gas = plain(await view.locator('#gas').textContent());
      assert.match(gas, /Vault/);
      assert.match(gas, /EIP-170/);
      assert.match(gas, /withdraw\(uint256\)/);
      await screenshot(page, runDir, 'report');
      await view.locator('#gas h2').scrollIntoViewIfNeeded();
      await screenshot(page, runDir, 'report-gas');

      // Click-to-navigate: the finding's line link moves the editor's cursor there.
      await view.locator('#findings .finding[data-rule="unprotected-selfdestruct"] a.loc').click();
      await poll('the cursor on the selfdestruct line', async () => /Ln 36,/.test(plain(await page.locator('#status\\.editor\\.selection').textContent())), 15_000);
    });

    it('applies a fix from the report', async () => {
      // Open it in the first editor group, beside the report rather than under it.
      await page.keyboard.press('Control+1');
      await openFile(page, 'GasHeavy.sol');
      await runCommand(page, 'Synor: Show Contract Report');
      const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
      await view.locator('h1', { hasText: 'GasHeavy.sol' }).waitFor({ timeout: 60_000 });
      const finding = view.locator('#findings .finding[data-rule="calldata-params"]').first();
      await finding.waitFor({ timeout: 30_000 });
      // Go to the finding first: the editor only renders the lines in view.
      await finding.locator('a.loc').click();
      await poll('the cursor on the finding', async () => /Ln 24,/.test(plain(await page.locator('#status\\.editor\\.selection').textContent())), 15_000);
      await finding.locator('button.fix').first().click();
      const lines = page.locator('.monaco-editor .view-lines').first();
      await poll('xs declared calldata', async () => plain(await lines.textContent()).includes('uint256[] calldata xs'), 15_000);
      await poll('the report to drop the fixed finding', async () => (await view.locator('#findings .finding[data-rule="calldata-params"]').count()) === 0, 30_000);
    });
  });

  describe('the extension-host test suite (mocha inside VS Code)', () => {
    let runDir: string;
    let server: CodeServer | undefined;
    let browser: Browser | undefined;

    after(async () => {
      await browser?.close().catch(() => undefined);
      await server?.stop();
    });

    it('passes every test of test/e2e/suite in the real extension host', async function () {
      const t0 = Date.now();
      runDir = freshRunDir('host');
      const workspace = copyWorkspace(runDir);
      const suiteDir = path.join(runDir, 'suite');
      await buildSuite(suiteDir);
      server = await CodeServer.start({ runDir, vsix, workspace });
      browser = await launchBrowser(tools.chromium);
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      const ext = server.extensionDir();
      await page.goto(
        server.url([
          ['extensionDevelopmentPath', server.remote(ext)],
          ['extensionTestsPath', server.remote(path.join(suiteDir, 'index.js'))],
        ]),
      );
      const resultsFile = path.join(suiteDir, 'results.json');
      const results = await poll('the extension-host suite results', () => (fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults) : undefined), 300_000, 250);
      timings.hostSuiteMs = Date.now() - t0;
      for (const t of results.tests) console.log(`        ${t.state === 'passed' ? '✔' : t.state === 'pending' ? '-' : '✘'} ${t.title}${t.error ? `\n          ${t.error.split('\n').join('\n          ')}` : ''}`);
      assert.ok(results.tests.length >= 8, `only ${results.tests.length} tests ran in the extension host`);
      const failed = results.tests.filter((t) => t.state === 'failed');
      assert.deepEqual(
        failed.map((t) => `${t.title}: ${t.error}`),
        [],
      );
      assert.equal(results.passes, results.tests.length - results.pending);
      this.test!.title += ` (${results.passes} passed)`;
    });
  });
});

interface SuiteResults {
  passes: number;
  failures: number;
  pending: number;
  tests: Array<{ title: string; state: 'passed' | 'failed' | 'pending'; error?: string; ms?: number }>;
}

/** Bundles the extension-host suite (mocha and vscode stay external; mocha resolves from the repository's node_modules). */
async function buildSuite(outDir: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite/index.ts'), path.join(__dirname, 'suite/extension.suite.ts')],
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}

/** The Synor status bar item (its text holds the counts by severity). */
function synorStatus(page: Page) {
  return page.locator('.statusbar-item', { has: page.locator('.codicon-shield') }).first();
}

/** Ctrl+G: puts the cursor at a 1-based line and column. */
async function goToLine(page: Page, line: number, column: number): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // Go to Line opens Quick Open with ":" typed; keep it, or the input becomes a file search.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await poll(`the cursor at ${line}:${column}`, async () => new RegExp(`Ln ${line}, Col ${column}\\b`).test(plain(await page.locator('#status\\.editor\\.selection').textContent())), 10_000);
}

/** Ctrl+. in the focused editor, then moves the menu's focus to the fix titled `title` (clicks on that menu are swallowed). */
async function quickFix(page: Page, title: string): Promise<void> {
  await poll('the editor to have focus', () => page.locator('.monaco-editor.focused').count(), 10_000);
  await page.keyboard.press('Control+Period');
  const menu = page.locator('.action-widget');
  await menu.locator('.monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  for (let i = 0; i < 30; i++) {
    const focused = plain(await menu.locator('.monaco-list-row.focused').textContent().catch(() => ''));
    if (focused.includes(title)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not move the quick-fix menu to "${title}"`);
}
