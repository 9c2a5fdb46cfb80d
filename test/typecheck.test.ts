/** The whole project type-checks under strict TypeScript (tsc -b over the project references). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

describe('typecheck', function () {
  this.timeout(300_000);
  it('tsc -b reports no errors', () => {
    const root = path.resolve(__dirname, '..');
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
