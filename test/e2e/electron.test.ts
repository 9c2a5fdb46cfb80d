import assert from 'node:assert/strict';
import { findVsCode, runInElectron } from './electron-runner';

/**
 * The extension-host suite in desktop VS Code through @vscode/test-electron, where a VS Code is
 * installed (VSCODE_EXECUTABLE or `code` on the PATH). Here, with no VS Code and no download
 * possible, it skips and says why; the code-server suite (vscode.test.ts) covers the same ground.
 */
describe('e2e: the extension-host suite in desktop VS Code (@vscode/test-electron)', function () {
  this.timeout(600_000);

  it('passes every test of test/e2e/suite', async function () {
    const vscode = findVsCode();
    if (!vscode.executable && !vscode.download) {
      console.log(`      (skipped: ${vscode.reason})`);
      this.skip();
    }
    const r = await runInElectron();
    assert.equal(r.skipped, undefined);
    assert.deepEqual(
      r.tests.filter((t) => t.state === 'failed').map((t) => `${t.title}: ${t.error}`),
      [],
    );
    assert.ok(r.passes >= 8);
  });
});
