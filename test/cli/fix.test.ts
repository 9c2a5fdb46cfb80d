/**
 * `synor --fix` (and --unsafe-fixes, --fix-dry-run, --diff), spawned as a user
 * or CI would run it, on temporary copies of rule fixtures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from '../../engine/src';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');
const RULES = path.join(ROOT, 'test/rules');

function synor(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary project holding copies of fixtures, as `name → fixture path under test/rules`. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-fix-'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  for (const [name, fixture] of Object.entries(files)) fs.copyFileSync(path.join(RULES, fixture), path.join(dir, name));
  return dir;
}

describe('synor --fix', function () {
  this.timeout(180_000);

  before(() => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm ci runs the build)');
  });

  it('applies every safe fix, writes the files, prints what it changed and skipped, and exits on what remains', () => {
    const dir = project({ 'Defaults.sol': 'default-init/invalid.sol', 'Fees.sol': 'constant-state/invalid.sol' });
    const before = fs.readFileSync(path.join(dir, 'Fees.sol'), 'utf8');
    const r = synor(['--fix', '.', '--fail-on', 'info'], dir);
    const defaults = fs.readFileSync(path.join(dir, 'Defaults.sol'), 'utf8');
    const fees = fs.readFileSync(path.join(dir, 'Fees.sol'), 'utf8');
    assert.ok(defaults.includes('uint256 public counter; //') && defaults.includes('uint256 total; //'), defaults);
    assert.ok(fees.includes('bytes32 private constant salt = keccak256("fees.salt");'), fees);
    // A public variable: other code may assign it, so the fix is unsafe and left for --unsafe-fixes.
    assert.ok(fees.includes('uint256 public feeBps = 30;'), fees);
    for (const t of [defaults, fees]) assert.deepEqual(parse(t).errors, []);
    assert.match(r.stderr, /^synor: fixed Defaults\.sol:5 default-init: Remove "= 0"$/m);
    assert.match(r.stderr, /^synor: fixed Fees\.sol:6 constant-state: Declare salt constant$/m);
    assert.match(r.stderr, /^synor: not fixed Fees\.sol:5 constant-state: Declare feeBps constant \(unsafe: feeBps is public, .*; --unsafe-fixes applies it\)$/m);
    assert.match(r.stderr, /^synor: \d+ fixes applied in 2 files; \d+ not applied$/m);
    // The report lists what remains: the unsafe ones, not what was fixed.
    assert.match(r.stdout, /Declare feeBps constant/);
    assert.doesNotMatch(r.stdout, /Declare salt constant/);
    assert.equal(r.code, 1, 'info findings remain and --fail-on info');
    assert.notEqual(fees, before);
    // Run again: nothing left to fix safely, and no file changes.
    const again = synor(['--fix', '.', '--fail-on', 'none'], dir);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /^synor: 0 fixes applied in 0 files;/m);
    assert.equal(fs.readFileSync(path.join(dir, 'Fees.sol'), 'utf8'), fees);
  });

  it('--unsafe-fixes applies unsafe fixes too; without --fix it is a usage error', () => {
    const dir = project({ 'Fees.sol': 'constant-state/invalid.sol' });
    const usage = synor(['--unsafe-fixes', '.'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--unsafe-fixes needs --fix/);
    const r = synor(['--fix', '--unsafe-fixes', '.', '--fail-on', 'none'], dir);
    assert.equal(r.code, 0, r.stderr);
    const fees = fs.readFileSync(path.join(dir, 'Fees.sol'), 'utf8');
    assert.ok(fees.includes('bytes32 private constant salt'), fees);
    assert.match(r.stderr, /^synor: fixed Fees\.sol:\d+ .*\(unsafe\)$/m);
  });

  it('--fix-dry-run writes nothing but reports as if it had; --diff prints the change and exits 1', () => {
    const dir = project({ 'Defaults.sol': 'default-init/invalid.sol' });
    const original = fs.readFileSync(path.join(dir, 'Defaults.sol'), 'utf8');
    const dry = synor(['--fix-dry-run', '.', '--format', 'json'], dir);
    assert.equal(fs.readFileSync(path.join(dir, 'Defaults.sol'), 'utf8'), original);
    assert.match(dry.stderr, /^synor: would fix Defaults\.sol:5 default-init: Remove "= 0"$/m);
    const report = JSON.parse(dry.stdout) as { findings: Array<{ ruleId: string }> };
    assert.ok(!report.findings.some((f) => f.ruleId === 'default-init'), 'the report is of the fixed text');
    const diff = synor(['--diff', '.'], dir);
    assert.equal(diff.code, 1);
    assert.match(diff.stdout, /^--- a\/Defaults\.sol\n\+\+\+ b\/Defaults\.sol\n@@ /);
    assert.match(diff.stdout, /^-    uint256 public counter = 0; \/\/ expect/m);
    assert.match(diff.stdout, /^\+    uint256 public counter; \/\/ expect/m);
    assert.equal(fs.readFileSync(path.join(dir, 'Defaults.sol'), 'utf8'), original);
    assert.equal(synor(['--diff', '--fix', '.'], dir).code, 2, '--diff and --fix do not combine');
  });
});
