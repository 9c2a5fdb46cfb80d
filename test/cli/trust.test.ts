/**
 * The CLI runs on the user's own project from their own command line, so it trusts it: with
 * --measure a project's own node_modules/solc is used when its version fits, as the project's
 * build would. It runs nothing else of the project: without --measure nothing at all, and
 * never a JavaScript config (hardhat.config.js, truffle-config.js) or a binary that
 * foundry.toml names. Over the booby-trapped workspace of test/trap.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTrappedWorkspace, REPO, type TrappedWorkspace } from '../trap';

const BIN = path.join(REPO, 'cli/out/synor.js');

describe('synor CLI: what it runs of a project', function () {
  this.timeout(180_000);
  let tmp: string;
  let trap: TrappedWorkspace;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-cli-trust-'));
    trap = makeTrappedWorkspace(tmp);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const synor = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: trap.workspace, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  const fired = () => [...new Set(trap.fired().map((l) => l.replace(/ \(pid \d+\)$/, '')))];

  it('without --measure runs nothing of the project (its configs are read as text)', () => {
    const r = synor(['.', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Trap\.sol/);
    assert.deepEqual(fired(), []);
  });

  it('with --measure uses the project\'s own node_modules/solc, and runs no config or named binary', () => {
    // The trap's solc reports an error, so nothing is measured: that alone would exit 3.
    const r = synor(['Trap.sol', '--measure', '--allow-unmeasured', '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    // solc ran (its error is in the report), and it was the project's: the trap fired.
    assert.match(r.stdout, /Undeclared identifier/);
    assert.deepEqual(fired(), ['workspace node_modules/solc was required']);
  });
});
