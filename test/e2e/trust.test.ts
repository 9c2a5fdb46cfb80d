import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { CodeServer, freshRunDir, openFile, packageExtension, plain, poll, requireTools, runCommand, screenshot, screenshotIfFailed, openWorkbench } from './harness';
import { makeTrappedWorkspace, type TrappedWorkspace } from '../trap';

/**
 * Workspace Trust in a real VS Code (code-server + Chromium) with trust ON: an untrusted
 * folder opens in Restricted Mode holding a booby-trapped node_modules/solc (and JavaScript
 * configs and a binary named by foundry.toml; see test/trap.ts), each writing a marker file
 * if it ever runs. Synor's diagnostics appear, the compiler's included (the bundled solc),
 * and the marker is never written. Then the folder is trusted through VS Code's own Workspace
 * Trust editor: the extension restarts its server, which now uses the project's own compiler,
 * so the marker appears, which shows that the trap was live all along.
 */
describe('e2e: Workspace Trust (Restricted Mode runs nothing from the workspace)', function () {
  this.timeout(600_000);
  let tools: { chromium: string; codeServer: string };
  let runDir: string;
  let trap: TrappedWorkspace;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    tools = requireTools(this);
    const { vsix } = packageExtension();
    runDir = freshRunDir('trust');
    trap = makeTrappedWorkspace(runDir);
    server = await CodeServer.start({ runDir, vsix, workspace: trap.workspace, workspaceTrust: true });
    ({ browser, page } = await openWorkbench(server, tools.chromium));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, runDir);
  });

  it('opens the folder in Restricted Mode', async () => {
    await poll('the Restricted Mode indicator', () => page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count(), 30_000);
  });

  it('shows Synor diagnostics, the bundled compiler\'s included, and never runs the workspace\'s code', async () => {
    await openFile(page, 'Trap.sol');
    // The deep tier runs when the editor is idle: solc's error on the undeclared identifier
    // proves that a compiler ran, and it can only have been one bundled with Synor.
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await poll('the compiler error in the Problems panel', async () => (await rows.allTextContents()).some((r) => /Undeclared identifier/.test(r)), 120_000, 250);
    const all = plain((await rows.allTextContents()).join('\n'));
    assert.match(all, /compiler-error/);
    await poll('an error squiggle in Trap.sol', () => page.locator('.monaco-editor .squiggly-error').count(), 30_000);
    await screenshot(page, runDir, 'restricted-mode');
    assert.deepEqual(trap.fired(), []);
  });

  it('once the folder is trusted, uses the project\'s own compiler (the trap fires: it was live)', async () => {
    assert.deepEqual(trap.fired(), []);
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ timeout: 30_000 });
    await trust.click();
    await poll('Restricted Mode to end', async () => (await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).count()) === 0, 30_000);
    // The extension restarts its server with the new trust; the open file is analysed again,
    // and the deep tier now loads the project's node_modules/solc.
    const fired = await poll('the node_modules/solc trap', () => (trap.fired().length > 0 ? trap.fired() : undefined), 120_000, 250);
    // Only the compiler: Synor never runs JavaScript configs or a binary the project names.
    assert.deepEqual([...new Set(fired.map((l) => l.replace(/ \(pid \d+\)$/, '')))], ['workspace node_modules/solc was required']);
  });
});
