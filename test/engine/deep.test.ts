/**
 * The DeepAnalyzer through its worker thread: results, the cache, the time
 * limit, cancellation, measured fixes, and the built worker bundle. Real
 * solc, real EVM, a real worker; the worker runs from its TypeScript source
 * (through tsx) so that a stale bundle cannot hide a change.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze } from '../../engine/src';
import { defaultConfig } from '../../engine/src/config/config';
import { DeepAnalyzer, mergeFindings, type DeepResult } from '../../engine/src/deep';
import { SynorError } from '../../engine/src/errors';
import type { Finding } from '../../engine/src/types';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKER_TS = path.join(ROOT, 'engine/src/worker/worker.ts');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'deep');

const TEXT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Fees {
    uint256 public rate = 5;
    uint256 public total;

    function add(uint256 x) external {
        total = total + x + rate;
    }

    function quote(uint256 x) external view returns (uint256) {
        return x * rate;
    }
}
`;
const FILE = path.join(FIXTURES, 'broken', 'Fees.sol');

function finding(line: number, startChar: number, endChar: number, newText: string, fn?: string): Finding {
  const range = { start: { line, character: startChar }, end: { line, character: endChar } };
  return {
    ruleId: 'test-fix',
    messageId: 'test',
    title: 'test',
    category: 'gas',
    severity: 'info',
    confidence: 'high',
    file: FILE,
    range,
    message: 'test',
    fixes: [{ title: 'rewrite', safety: 'safe', edits: [{ range, newText }] }],
    docs: 'docs/rules/test-fix.md',
    contract: 'Fees',
    function: fn,
  };
}

async function expectCancelled(p: Promise<unknown>): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof SynorError && err.code === 'cancelled');
}

describe('deep: DeepAnalyzer in its worker', function () {
  this.timeout(180_000);
  let deep: DeepAnalyzer;
  const logs: string[] = [];
  before(() => {
    deep = new DeepAnalyzer({ workerPath: WORKER_TS, log: (level, message) => logs.push(`${level}: ${message}`) });
  });
  after(() => deep.dispose());

  let first: DeepResult;
  it('compiles and measures a file', async () => {
    first = await deep.analyze({ path: FILE, text: TEXT });
    assert.equal(first.unavailable, undefined);
    assert.deepEqual(first.compiler, { version: '0.8.37', source: 'bundled' });
    assert.equal(first.timings.cached, false);
    const fees = first.contracts.find((c) => c.name === 'Fees')!;
    assert.ok('gas' in fees.deploy);
    assert.ok(typeof fees.functions.find((f) => f.name === 'add')!.gas === 'number');
    assert.ok(logs.some((l) => /compiled .*Fees\.sol with solc 0\.8\.37/.test(l)), logs.join('\n'));
  });

  it('answers the second identical request from the cache, and a changed one afresh', async () => {
    const again = await deep.analyze({ path: FILE, text: TEXT });
    assert.equal(again.timings.cached, true);
    assert.deepEqual(again.contracts, first.contracts);
    const changed = await deep.analyze({ path: FILE, text: TEXT.replace('rate = 5', 'rate = 6') });
    assert.equal(changed.timings.cached, false);
    const unmeasured = await deep.analyze({ path: FILE, text: TEXT, measure: false });
    assert.equal(unmeasured.timings.cached, false);
    assert.ok(unmeasured.contracts[0].functions.every((f) => f.gas === 'not-called'));
    assert.equal(unmeasured.contracts[0].runtimeSize, first.contracts[0].runtimeSize);
  });

  it('re-decides every rule with the compiler’s types on every request, the configuration included', async () => {
    const fast = analyze(TEXT, { path: FILE }).findings;
    const shown = (fs_: readonly Finding[]) => fs_.filter((f) => !/^compiler-/.test(f.ruleId)).map((f) => `${f.ruleId}@${f.range.start.line}:${f.messageId}`).sort();
    const typed = await deep.analyze({ path: FILE, text: TEXT, measure: false });
    assert.ok(typed.typedRules && typed.typedRules.includes('constant-state') && typed.typedRules.length > 50, 'every rule is re-decided');
    assert.equal(typeof typed.timings.analyzeMs, 'number');
    // The fast tier is right about this file: the same findings, and what the editor shows is the same.
    assert.deepEqual(shown(typed.findings), shown(fast));
    assert.deepEqual(shown(mergeFindings(fast, typed)), shown(fast));
    // The compilation is cached; the analysis is not: a rule turned off is off on a cache hit too.
    const config = defaultConfig();
    config.rules['constant-state'] = { enabled: false };
    const off = await deep.analyze({ path: FILE, text: TEXT, measure: false, config });
    assert.equal(off.timings.cached, true);
    assert.ok(!off.findings.some((f) => f.ruleId === 'constant-state'));
    assert.ok(off.findings.some((f) => f.ruleId === 'pragma-compiler'));
  });

  it('returns compiler errors as findings for a broken file, and keeps working', async () => {
    const broken = await deep.analyze({ path: FILE, text: TEXT.replace('total + x', 'total + ') });
    assert.ok(broken.unavailable);
    assert.ok(broken.findings.some((f) => f.ruleId === 'compiler-error' && f.range.start.line === 8));
    assert.deepEqual(broken.contracts, []);
    const ok = await deep.analyze({ path: FILE, text: TEXT });
    assert.equal(ok.unavailable, undefined);
  });

  it('rejects a request cancelled before it starts and one cancelled while it runs, then serves the next', async () => {
    const pre = new AbortController();
    pre.abort();
    await expectCancelled(deep.analyze({ path: FILE, text: TEXT + '\n// a', signal: pre.signal }));
    const running = new AbortController();
    const p = deep.analyze({ path: FILE, text: TEXT + '\n// b', signal: running.signal });
    const queued = new AbortController();
    const q = deep.analyze({ path: FILE, text: TEXT + '\n// c', signal: queued.signal });
    setImmediate(() => {
      running.abort();
      queued.abort();
    });
    await expectCancelled(p);
    await expectCancelled(q);
    const next = await deep.analyze({ path: FILE, text: TEXT + '\n// d' });
    assert.equal(next.unavailable, undefined);
    assert.ok(next.contracts.length === 1);
  });

  it('measures a fix to a state variable: deployment and every function, before and after', async () => {
    // `uint256 public rate = 5;` → `uint256 public constant rate = 5;`
    const f = finding(4, 4, 28, 'uint256 public constant rate = 5;');
    const gas = await deep.measureFix({ path: FILE, text: TEXT }, f, 0);
    assert.ok(gas.measured, JSON.stringify(gas));
    const m = gas.measured;
    assert.equal(m.solc, '0.8.37');
    assert.deepEqual(m.optimizer, { enabled: false, runs: 200 });
    assert.ok(m.deploy.after < m.deploy.before, JSON.stringify(m.deploy));
    assert.deepEqual(m.calls.map((c) => c.fn).sort(), ['add(uint256)', 'quote(uint256)', 'rate()', 'total()']);
    const quote = m.calls.find((c) => c.fn === 'quote(uint256)')!;
    assert.ok(typeof quote.before === 'number' && typeof quote.after === 'number' && quote.after < quote.before - 2000, JSON.stringify(quote));
  });

  it('measures a fix inside an external function on that function only', async () => {
    // `total = total + x + rate;` → `total += x + rate;`
    const f = finding(8, 8, 33, 'total += x + rate;', 'add');
    const gas = await deep.measureFix({ path: FILE, text: TEXT }, f, 0);
    assert.ok(gas.measured, JSON.stringify(gas));
    assert.deepEqual(
      gas.measured.calls.map((c) => c.fn),
      ['add(uint256)'],
    );
  });

  it('measures a fix in a library or an abstract base through the contracts of the file that use them', async () => {
    const text = [
      '// SPDX-License-Identifier: MIT',
      'pragma solidity ^0.8.20;',
      'library Doubler {',
      '    function twice(uint256 x) internal pure returns (uint256) { return x * 2; }',
      '}',
      'abstract contract Base {',
      '    uint256 public limit = 10;',
      '}',
      'contract User is Base {',
      '    function run(uint256 x) external view returns (uint256) { return Doubler.twice(x) + limit; }',
      '}',
      'abstract contract Unused {',
      '    uint256 internal spare = 1;',
      '}',
      '',
    ].join('\n');
    const lib = await deep.measureFix({ path: FILE, text }, finding(3, 71, 76, 'x << 1'), 0);
    assert.ok(lib.measured, JSON.stringify(lib));
    assert.deepEqual(lib.measured.calls.map((c) => c.fn).sort(), ['limit()', 'run(uint256)']);
    const base = await deep.measureFix({ path: FILE, text }, finding(6, 4, 30, 'uint256 public constant limit = 10;'), 0);
    assert.ok(base.measured, JSON.stringify(base));
    assert.ok(base.measured.deploy.after < base.measured.deploy.before);
    const none = await deep.measureFix({ path: FILE, text }, finding(12, 4, 31, 'uint256 internal constant spare = 1;'), 0);
    assert.match(none.unmeasured ?? '', /no deployable contract in this file includes Unused/);
  });

  it('says why a fix cannot be measured', async () => {
    const bad = await deep.measureFix({ path: FILE, text: TEXT }, finding(8, 8, 33, 'total += ;', 'add'), 0);
    assert.match(bad.unmeasured ?? '', /^the fixed file does not compile \(line 9: /);
    const brokenOriginal = TEXT.replace('return x * rate;', 'return x * ;');
    const orig = await deep.measureFix({ path: FILE, text: brokenOriginal }, finding(8, 8, 33, 'total += x + rate;', 'add'), 0);
    assert.match(orig.unmeasured ?? '', /^the original does not compile/);
    const none = await deep.measureFix({ path: FILE, text: TEXT }, finding(8, 8, 33, 'x'), 3);
    assert.match(none.unmeasured ?? '', /no fix number 3/);
  });
});

describe('deep: compilers from the configuration and the workspace (trusted)', function () {
  this.timeout(180_000);
  let deep: DeepAnalyzer;
  let tmp: string;
  before(() => {
    deep = new DeepAnalyzer({ workerPath: WORKER_TS });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-deep-'));
  });
  after(async () => {
    await deep.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const SEVEN = '// SPDX-License-Identifier: MIT\npragma solidity ^0.7.0;\ncontract Seven {\n    uint public x;\n    function set(uint v) external { x = v; }\n}\n';

  it('uses a configured soljson.js', async () => {
    const r = await deep.analyze({ path: path.join(tmp, 'Seven.sol'), root: tmp, text: SEVEN, compilerPath: path.join(ROOT, 'node_modules/solc-0.7.6/soljson.js'), trusted: true });
    assert.deepEqual(r.compiler, { version: '0.7.6', source: 'configured' });
    assert.equal(r.unavailable, undefined);
    assert.ok(typeof r.contracts[0].functions.find((f) => f.name === 'set')!.gas === 'number');
  });

  it('runs a configured native compiler through --standard-json', async () => {
    // A real solc behind a command-line executable: solc-js's own CLI, started by a script.
    const bin = path.join(tmp, 'solc-native');
    fs.writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'node_modules/solc/solc.js')}" "$@"\n`, { mode: 0o755 });
    const text = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract Native {\n    function f() external pure returns (uint) { return 1; }\n}\n';
    const r = await deep.analyze({ path: path.join(tmp, 'Native.sol'), root: tmp, text, compilerPath: bin, trusted: true });
    assert.deepEqual(r.compiler, { version: '0.8.37', source: 'configured' });
    assert.equal(r.unavailable, undefined, JSON.stringify(r.findings));
    assert.equal(r.contracts[0].name, 'Native');
    const broken = await deep.analyze({ path: path.join(tmp, 'Native.sol'), root: tmp, text: text.replace('return 1;', 'return ;'), compilerPath: bin, trusted: true });
    assert.ok(broken.findings.some((f) => f.ruleId === 'compiler-error' && f.range.start.line === 3));
  });

  it("prefers the workspace's own node_modules/solc in a trusted workspace", async () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project", "private": true }');
    fs.symlinkSync(path.join(ROOT, 'node_modules/solc-0.7.6'), path.join(project, 'node_modules/solc'), 'dir');
    const r = await deep.analyze({ path: path.join(project, 'Seven.sol'), text: SEVEN, trusted: true });
    assert.deepEqual(r.compiler, { version: '0.7.6', source: 'node_modules' });
    // A pragma the workspace compiler cannot satisfy falls back to a bundled one.
    const r8 = await deep.analyze({ path: path.join(project, 'Eight.sol'), text: SEVEN.replace('^0.7.0', '^0.8.0'), trusted: true });
    assert.deepEqual(r8.compiler, { version: '0.8.37', source: 'bundled' });
  });

  it('says plainly when no compiler fits the pragma', async () => {
    const r = await deep.analyze({ path: path.join(tmp, 'Pinned.sol'), root: tmp, text: 'pragma solidity 0.5.3;\ncontract Pinned {}\n' });
    assert.match(r.unavailable ?? '', /^no solc 0\.5\.3 compiler \(pragma 0\.5\.3\) available; have: 0\.8\.37 \(bundled\), 0\.7\.6 \(bundled\)/);
    assert.equal(r.compiler, undefined);
  });
});

describe('deep: time limit', function () {
  this.timeout(180_000);

  it('stops a request past its time limit, restarts the worker, and serves the next request', async () => {
    const deep = new DeepAnalyzer({ workerPath: WORKER_TS });
    try {
      // Loading the worker and solc alone takes longer than 50 ms.
      const slow = await deep.analyze({ path: FILE, text: TEXT, timeoutMs: 50 });
      assert.match(slow.unavailable ?? '', /time limit/);
      assert.deepEqual(slow.contracts, []);
      const fix = await deep.measureFix({ path: FILE, text: TEXT, timeoutMs: 50 }, finding(4, 4, 28, 'uint256 public constant rate = 5;'), 0);
      assert.match(fix.unmeasured ?? '', /time limit/);
      const next = await deep.analyze({ path: FILE, text: TEXT });
      assert.equal(next.unavailable, undefined);
      assert.equal(next.contracts[0].name, 'Fees');
    } finally {
      await deep.dispose();
    }
  });

  it('rejects requests made after dispose as cancelled', async () => {
    const deep = new DeepAnalyzer({ workerPath: WORKER_TS });
    await deep.dispose();
    await expectCancelled(deep.analyze({ path: FILE, text: TEXT }));
  });
});

describe('deep: the built worker bundle', function () {
  this.timeout(180_000);

  it('engine/out/worker.js (built by scripts/build.mjs) serves requests from its default path', async () => {
    const bundle = path.join(ROOT, 'engine/out/worker.js');
    const started = Date.now();
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // Another bundle may fail to build while its code is being written; the worker's own output is checked below.
    }
    assert.ok(fs.statSync(bundle).mtimeMs >= started - 1000, 'the worker bundle was rebuilt');
    const deep = new DeepAnalyzer();
    try {
      const r = await deep.analyze({ path: path.join(FIXTURES, 'hardhat/contracts/Vault.sol'), text: fs.readFileSync(path.join(FIXTURES, 'hardhat/contracts/Vault.sol'), 'utf8') });
      assert.equal(r.unavailable, undefined, JSON.stringify(r.findings));
      const vault = r.contracts.find((c) => c.name === 'Vault')!;
      const put = vault.functions.find((f) => f.name === 'put')!;
      // Deployment and calls come from the same account, so the caller is the owner and put() stores a value.
      assert.equal(typeof put.gas, 'number');
    } finally {
      await deep.dispose();
    }
  });
});
