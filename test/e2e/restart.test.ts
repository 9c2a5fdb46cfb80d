import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CodeServer, copyWorkspace, freshRunDir, openFile, packageExtension, plain, poll, requireTools, runCommand, screenshot, screenshotIfFailed, openWorkbench } from './harness';

/** A contract that parses but does not compile: only solc (the deep tier) reports the undeclared identifier. */
const broken = (name: string) => `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract ${name} {
    uint256 public count;

    function bump() external {
        count++;
        missing = 1;
    }
}
`;

/**
 * Issue 12: "Restart Server" dropped the compiler's findings of the files in the background for
 * good (only the file in front was compiled again, when idle). After a restart every open file
 * is analysed again by both tiers: solc's errors come back for the background file too.
 */
describe('e2e: Restart Server analyses every open file again, compiler included', function () {
  this.timeout(600_000);
  let runDir: string;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(600_000);
    const tools = requireTools(this);
    const { vsix } = packageExtension();
    runDir = freshRunDir('restart');
    const workspace = copyWorkspace(runDir);
    fs.writeFileSync(path.join(workspace, 'Alpha.sol'), broken('Alpha'));
    fs.writeFileSync(path.join(workspace, 'Beta.sol'), broken('Beta'));
    server = await CodeServer.start({ runDir, vsix, workspace });
    ({ browser, page } = await openWorkbench(server, tools.chromium));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  afterEach(async function () {
    await screenshotIfFailed(this.currentTest, page, runDir);
  });

  const undeclared = async () => (await page.locator('.markers-panel .monaco-list-row').allTextContents()).filter((r) => /Undeclared identifier/.test(plain(r))).length;

  it('shows solc\'s error of both files, then again after "Synor: Restart Server" with one of them in the background', async () => {
    // Each file is compiled when it is in front and the editor is idle.
    await openFile(page, 'Alpha.sol');
    await page.keyboard.press('Control+Shift+M');
    await poll('Alpha\'s compiler error in Problems', async () => (await undeclared()) >= 1 || undefined, 120_000, 250);
    await openFile(page, 'Beta.sol');
    await poll('both compiler errors in Problems', async () => (await undeclared()) === 2 || undefined, 120_000, 250);

    await runCommand(page, 'Synor: Restart Server');
    // The old server's diagnostics go with it; the new one's come back for both files, Alpha in the background.
    await poll('the restart to finish', () => page.locator('.statusbar-item', { hasText: 'language server restarted' }).count(), 60_000, 100);
    await poll('both compiler errors after the restart', async () => (await undeclared()) === 2 || undefined, 120_000, 250);
    await screenshot(page, runDir, 'after-restart');
    assert.equal(await undeclared(), 2);
  });

  it('logs no [Error] line for the restart itself in the Synor output channel', async () => {
    // VS Code writes each output channel to a file under the user data's logs.
    const synorLog = (): string => {
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/-Synor\.log$/.test(e.name)) found.push(p);
        }
      };
      walk(path.join(runDir, 'user-data', 'logs'));
      return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    };
    const after = await poll('the new server\'s start in the log', () => {
      const text = synorLog();
      const at = text.indexOf('restarting the language server');
      const rest = at >= 0 ? text.slice(at) : '';
      return /running over IPC/.test(rest) && /compiled .*Beta\.sol/.test(rest) ? rest : undefined;
    }, 60_000, 250);
    const errors = after.split('\n').filter((l) => /^\[Error|\[error\]/.test(l));
    assert.deepEqual(errors, [], 'no error logged by the restart');
  });
});
