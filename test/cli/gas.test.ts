/**
 * `synor gas` and `synor --measure`, spawned as a user or CI runs them (the
 * built bundle; `npm run build` first): the report per contract, the snapshot
 * and its check (a regression fails, a rise within the tolerance passes), the
 * exit code when nothing can be measured, and gas hints withdrawn when their
 * fix measures as no saving.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'cli/out/synor.js');

function synor(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    address public owner;
    uint256 public count;
    uint256[] public history;

    constructor(address owner_) {
        owner = owner_;
    }

    function bump(uint256 by) external {
        require(msg.sender == owner, "owner");
        count += by;
        history.push(count);
    }

    function total() external view returns (uint256 t) {
        for (uint256 i = 0; i < history.length; i++) t += history[i];
    }
}
`;

describe('synor gas', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(BIN), 'the CLI bundle is built (npm run build)');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-gas-cli-'));
    fs.writeFileSync(path.join(dir, 'Counter.sol'), COUNTER);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints min / median / max per function, deployment and sizes, per contract', () => {
    const r = synor(['gas', 'Counter.sol'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Counter — Counter\.sol \(solc 0\.8\.37, optimizer off\)$/m);
    assert.match(r.stdout, /deployment [\d,]+ gas · runtime [\d,]+ bytes \(\d+\.\d% of the EIP-170 limit\) · initcode [\d,]+ bytes/);
    assert.match(r.stdout, /constructor: owner_ = deployer/);
    assert.match(r.stdout, /function\s+min\s+median\s+max\s+calls\s+notes/);
    assert.match(r.stdout, /^ {2}bump\(uint256\)\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+2/m);
    assert.match(r.stdout, /^ {2}total\(\)\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+2\s+\+[\d,]+ per iteration of history \(grown by bump\(1000 ether\)\)/m);
    assert.match(r.stdout, /1 of 1 contracts deployed; 5 of 5 functions measured \(100%\)/);
  });

  it('--format json gives the same figures as data', () => {
    const r = synor(['gas', 'Counter.sol', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const c = out.contracts.find((x: { name: string }) => x.name === 'Counter');
    assert.ok(c.deploy.gas > 100_000);
    const bump = c.functions.find((f: { signature: string }) => f.signature === 'bump(uint256)');
    assert.ok(bump.min <= bump.median && bump.median <= bump.max, JSON.stringify(bump));
    assert.equal(out.summary.measured, 5);
    assert.equal(out.headline, undefined);
  });

  it('--snapshot writes the figures; --check passes unchanged, fails on a regression with a Markdown diff, and passes within the tolerance', () => {
    const w = synor(['gas', 'Counter.sol', '--snapshot'], dir);
    assert.equal(w.code, 0, w.stderr);
    const snap = fs.readFileSync(path.join(dir, '.synor-gas-snapshot'), 'utf8');
    assert.match(snap, /^Counter\.sol:Counter:bump\(uint256\) \(gas: \d+\)$/m);
    assert.match(snap, /^Counter\.sol:Counter:deployment \(gas: \d+\)$/m);
    assert.match(snap, /^Counter\.sol:Counter:size \(bytes: \d+\)$/m);

    const same = synor(['gas', 'Counter.sol', '--check'], dir);
    assert.equal(same.code, 0, same.stderr + same.stdout);
    assert.match(same.stdout, /No regression/);

    // One more storage write in bump(): about 20,000 gas more per call.
    fs.writeFileSync(path.join(dir, 'Counter.sol'), COUNTER.replace('history.push(count);', 'history.push(count);\n        history.push(by);'));
    const worse = synor(['gas', 'Counter.sol', '--check'], dir);
    assert.equal(worse.code, 1, worse.stderr + worse.stdout);
    assert.match(worse.stdout, /^## Synor gas check$/m);
    assert.match(worse.stdout, /\*\*\d+ regressions?\*\* against `\.synor-gas-snapshot` \(tolerance 0%\)/);
    assert.match(worse.stdout, /^\| regression \| `Counter\.sol:Counter` \| `bump\(uint256\)` \| [\d,]+ \| [\d,]+ \| \+[\d,]+ \| \+\d+\.\d\d% \|$/m);
    assert.match(worse.stderr, /regression/);

    const tolerated = synor(['gas', 'Counter.sol', '--check', '--tolerance', '500'], dir);
    assert.equal(tolerated.code, 0, tolerated.stderr + tolerated.stdout);
    assert.match(tolerated.stdout, /within tolerance/);

    const json = synor(['gas', 'Counter.sol', '--check', '--format', 'json'], dir);
    assert.equal(json.code, 1);
    const diff = JSON.parse(json.stdout);
    assert.ok(diff.regressions >= 1 && diff.changes.some((c: { key: string; kind: string }) => c.key === 'Counter.sol:Counter:bump(uint256)' && c.kind === 'regression'));
    fs.writeFileSync(path.join(dir, 'Counter.sol'), COUNTER);
  });

  it('says so first and exits 3 when nothing can be measured, unless --allow-unmeasured', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-gas-none-'));
    try {
      fs.writeFileSync(path.join(d, 'Never.sol'), '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\ncontract Never {\n    constructor() { revert("never"); }\n    function f() external {}\n}\n');
      const r = synor(['gas', 'Never.sol'], d);
      assert.equal(r.code, 3, r.stderr);
      assert.equal(r.stdout.split('\n')[0], 'Nothing was measured: Never could not be deployed (Error("never")).');
      assert.equal(synor(['gas', 'Never.sol', '--allow-unmeasured'], d).code, 0);
      // The same for `synor --measure`: at the top of every format, and exit 3.
      const m = synor(['Never.sol', '--measure', '--fail-on', 'none'], d);
      assert.equal(m.code, 3, m.stderr);
      assert.match(m.stdout.split('\n')[0], /^Nothing was measured: Never could not be deployed/);
      const j = synor(['Never.sol', '--measure', '--fail-on', 'none', '--format', 'json'], d);
      assert.equal(j.code, 3);
      assert.match(JSON.parse(j.stdout).headline, /^Nothing was measured/);
      const md = synor(['Never.sol', '--measure', '--fail-on', 'none', '--format', 'markdown', '--allow-unmeasured'], d);
      assert.equal(md.code, 0);
      assert.match(md.stdout, /^# Synor security and gas report\n\n> \*\*Nothing was measured/);
      const sarif = JSON.parse(synor(['Never.sol', '--measure', '--fail-on', 'none', '--format', 'sarif'], d).stdout);
      assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /^Nothing was measured/);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('--measure withdraws a gas hint whose fix changes nothing at the project settings, and says so', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-gas-withdraw-'));
    try {
      // With the optimizer on, solc 0.8.37 compiles `i++` and `++i` in a loop header alike.
      fs.writeFileSync(path.join(d, 'synor.config.json'), JSON.stringify({ compiler: { optimizer: { enabled: true, runs: 200 } } }));
      fs.copyFileSync(path.join(ROOT, 'test/rules/cache-array-length/invalid.sol'), path.join(d, 'Totals.sol'));
      const r = synor(['Totals.sol', '--measure', '--fail-on', 'none', '--format', 'json'], d);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      const line14 = out.findings.filter((f: { range: { start: { line: number } } }) => f.range.start.line === 13).map((f: { ruleId: string }) => f.ruleId);
      assert.ok(!line14.includes('prefix-increment'), JSON.stringify(line14));
      assert.match(out.notes.join('\n'), /Totals\.sol:14: prefix-increment withdrawn\. Measured \(solc 0\.8\.37, optimizer on, 200 runs\): no change/);
      // A kept hint says what was measured, in its message (every format shows it).
      const cached = out.findings.find((f: { ruleId: string; range: { start: { line: number } } }) => f.ruleId === 'cache-array-length' && f.range.start.line === 13);
      assert.match(cached.message, /Measured (trade-off|saving) \(solc 0\.8\.37, optimizer on, 200 runs\): /);
      assert.ok(cached.gas.verdict);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('rejects bad options', () => {
    const r = synor(['gas', '--tolerance', '5'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--tolerance needs --check/);
  });
});
