/**
 * "Fix all" in the engine (`fixAll`, what `synor --fix` and the editor's
 * `source.fixAll.synor` apply): a file's fixes computed together, applied,
 * re-analysed and re-checked; and the safety of the fixes that change how a
 * state variable is stored (constant-state, immutable-state), which depends on
 * who else can see the variable and on whether the contract is upgradeable.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, applyEdits, fixAll, parse, Project, unifiedDiff, type Finding } from '../../engine/src';
import { prepareCompile, runCompile } from '../../engine/src/compile';
import { loopSumContract } from '../helpers/loop-sum';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'synor-fixall-'));
}

/** Whether `text` compiles with the bundled solc its pragma selects (written to `file`'s place). */
function compiles(file: string, text: string): boolean {
  const p = prepareCompile({ path: file, text });
  assert.ok(p.candidate, p.unavailable);
  return !runCompile(p).failed;
}

function fixOf(findings: Finding[], ruleId: string, name: string) {
  const f = findings.find((x) => x.ruleId === ruleId && x.message.startsWith(name));
  assert.ok(f, `a ${ruleId} finding on ${name}`);
  return f.fixes[0];
}

describe('fixAll: fixes computed together and re-checked', function () {
  this.timeout(120_000);

  it('applies every safe fix, round after round, where fixes touch the same statement', () => {
    const text = loopSumContract([
      'pragma solidity ^0.8.20;',
      'contract C {',
      '  uint256[] private xs;',
      '  uint256 private total;',
      '  function add(uint256 v) external { xs.push(v); }',
    ]);
    const r = fixAll(text, { path: '/virtual/Loop.sol' });
    // The loop's fixes each rewrite the for statement: one per round, each on the text the previous one left.
    assert.deepEqual(
      r.applied.map((a) => [a.ruleId, a.pass]),
      [['default-init', 1], ['cache-array-length', 1], ['prefix-increment', 2], ['unchecked-increment', 3]],
    );
    assert.equal(r.passes, 3);
    assert.ok(r.text.includes('uint256 xsLength = xs.length;') && r.text.includes('for (uint256 i; i < xsLength;) {') && r.text.includes('unchecked {\n        ++i;\n      }'), r.text);
    assert.deepEqual(parse(r.text).errors, []);
    assert.ok(compiles('/virtual/Loop.sol', r.text));
    // What remains is what the analysis of the result says, with no fix left undone.
    assert.deepEqual(r.result.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe')), []);
    // The edits turn the text into the result; the range of each applied fix is in the original text.
    assert.equal(applyEdits(text, r.edits).text, r.text);
    assert.equal(r.applied[0].range.start.line, 7);
    // Deterministic.
    assert.equal(fixAll(text, { path: '/virtual/Loop.sol' }).text, r.text);
    assert.match(unifiedDiff('Loop.sol', text, r.text), /^-    for \(uint256 i = 0; i < xs\.length; i\+\+\) \{$/m);
  });

  it('never leaves `constant` without its value: constant-state and default-init on `bool … unlocked = false`', () => {
    const text = [
      'pragma solidity ^0.8.20;',
      'contract Lock {',
      '  bool private unlocked = false;',
      '  uint256 private count = 0;',
      '  function bump() external { require(unlocked == false); count = count + 1; }',
      '}',
      '',
    ].join('\n');
    const r = fixAll(text, { path: '/virtual/Lock.sol' });
    assert.ok(r.text.includes('bool private constant unlocked = false;'), r.text);
    assert.ok(!/constant unlocked;/.test(r.text));
    // default-init on `count` (written later) is applied; on `unlocked` (never written) it is not offered.
    assert.ok(r.text.includes('uint256 private count;'), r.text);
    assert.ok(compiles('/virtual/Lock.sol', r.text));
  });

  it('leaves out a fix whose result raises a new finding, and says which', () => {
    const text = ['pragma solidity ^0.8.20;', 'contract Flag {', '  bool public unlocked = false;', '  function get() external view returns (bool) { return unlocked; }', '}', ''].join('\n');
    // Declaring a public variable constant makes it a public constant, which private-constants reports.
    const r = fixAll(text, { path: '/virtual/Flag.sol', unsafe: true });
    const k = r.skipped.find((x) => x.ruleId === 'constant-state');
    assert.ok(k, JSON.stringify(r.skipped));
    assert.equal(k.reason, 'new-finding');
    assert.match(k.detail, /private-constants \(public-constant\) at line 3/);
    assert.ok(!r.text.includes('constant'), r.text);
  });

  it('a fix that duplicates code carries its findings along without counting them as new', () => {
    const text = ['pragma solidity ^0.8.20;', 'contract Split {', '  uint256 private total;', '  function f(uint256 a, uint256 b) external {', '    require(a > 0 && b > 0, "zero");', '    total = a + b;', '  }', '}', ''].join('\n');
    const r = fixAll(text, { path: '/virtual/Split.sol' });
    assert.deepEqual(r.applied.map((a) => a.ruleId), ['split-require']);
    assert.ok(r.text.includes('    require(a > 0, "zero");\n    require(b > 0, "zero");'), r.text);
  });

  it('applies unsafe fixes only when asked, lists the others with their reason, and honours `rules`', () => {
    const text = ['pragma solidity ^0.4.24;', 'contract Wallet {', '  address owner;', '  function initWallet(address o) { owner = o; }', '}', ''].join('\n');
    const safe = fixAll(text, { path: '/virtual/Wallet.sol' });
    // Writing out the state variable's default visibility is safe; choosing a function's is not.
    assert.ok(safe.text.includes('address internal owner;'), safe.text);
    assert.ok(safe.text.includes('function initWallet(address o) {'), safe.text);
    const skipped = safe.skipped.find((k) => k.ruleId === 'default-visibility');
    assert.equal(skipped?.reason, 'unsafe');
    assert.match(skipped!.detail, /open to anyone/);
    const unsafe = fixAll(text, { path: '/virtual/Wallet.sol', unsafe: true, rules: ['default-visibility'] });
    assert.ok(unsafe.text.includes('function initWallet(address o) public {'), unsafe.text);
    assert.ok(unsafe.applied.every((a) => a.ruleId === 'default-visibility'));
  });

  it('stops at its budget and keeps what was checked', () => {
    const text = fs.readFileSync(path.join(__dirname, '../rules/default-init/invalid.sol'), 'utf8');
    const r = fixAll(text, { path: '/virtual/Budget.sol', budgetMs: 0 });
    assert.equal(r.stopped, 'budget');
    assert.equal(r.text, text);
    assert.deepEqual(r.applied, []);
  });

  it('assignment chains nest to the right, as the compiler reads them', () => {
    const p = parse('contract C { function f(uint a) public { x += y = a; } }');
    const fn = (p.ast.children[0] as unknown as { subNodes: Array<{ body: { statements: Array<{ expression: { operator: string; left: { name: string }; right: { operator: string; left: { name: string }; range: [number, number] } } }> } }> }).subNodes[0];
    const e = fn.body.statements[0].expression;
    assert.equal(e.operator, '+=');
    assert.equal(e.left.name, 'x');
    assert.equal(e.right.operator, '=');
    assert.equal(e.right.left.name, 'y');
    assert.equal(p.text.slice(e.right.range[0], e.right.range[1] + 1), 'y = a');
  });
});

describe('constant-state and immutable-state: safe only where nothing else can see the variable', function () {
  this.timeout(120_000);
  const base = [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity ^0.8.20;',
    'contract Base {',
    '  uint256 private salt = 7;',
    '  uint256 internal fee = 5;',
    '  uint256 public rate = 3;',
    '  address internal admin;',
    '  constructor() { admin = msg.sender; }',
    '  function quote(uint256 a) public view returns (uint256) { return a * fee * rate + salt + uint160(admin); }',
    '}',
    '',
  ].join('\n');
  const derived = ['// SPDX-License-Identifier: MIT', 'pragma solidity ^0.8.20;', 'import "./Base.sol";', 'contract Derived is Base {', '  function set() external { fee = 6; }', '}', ''].join('\n');

  it('private, or internal with nothing deriving: safe; public: unsafe, with the reason', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    const file = path.join(dir, 'Base.sol');
    fs.writeFileSync(file, base);
    const project = new Project({ root: dir });
    project.index([file]);
    const r = analyze(base, { path: file, project });
    assert.equal(fixOf(r.findings, 'constant-state', 'salt').safety, 'safe');
    assert.equal(fixOf(r.findings, 'constant-state', 'fee').safety, 'safe');
    const rate = fixOf(r.findings, 'constant-state', 'rate');
    assert.equal(rate.safety, 'unsafe');
    assert.match(rate.reason ?? '', /rate is public/);
    assert.equal(fixOf(r.findings, 'immutable-state', 'admin').safety, 'safe');
  });

  it('internal, with a contract in another file deriving from it: unsafe, naming it; `synor --fix` leaves it', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    const file = path.join(dir, 'Base.sol');
    fs.writeFileSync(file, base);
    fs.writeFileSync(path.join(dir, 'Derived.sol'), derived.replace('fee = 6;', 'emit Ping();').replace('contract Derived is Base {', 'contract Derived is Base {\n  event Ping();'));
    const project = new Project({ root: dir });
    // As the CLI does: every file indexed first, so that a base knows what derives from it.
    project.index([file, path.join(dir, 'Derived.sol')]);
    const r = analyze(base, { path: file, project });
    const fee = fixOf(r.findings, 'constant-state', 'fee');
    assert.equal(fee.safety, 'unsafe');
    assert.match(fee.reason ?? '', /Derived \(in Derived\.sol\) derives from Base and can assign fee/);
    assert.equal(fixOf(r.findings, 'constant-state', 'salt').safety, 'safe');
    assert.equal(fixOf(r.findings, 'immutable-state', 'admin').safety, 'unsafe');
    const fixed = fixAll(base, { path: file, project });
    assert.ok(fixed.text.includes('uint256 private constant salt = 7;') && fixed.text.includes('uint256 internal fee = 5;'), fixed.text);
  });

  it('a derived contract that assigns it: no finding at all', () => {
    const dir = tmpdir();
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    const file = path.join(dir, 'Base.sol');
    fs.writeFileSync(file, base);
    fs.writeFileSync(path.join(dir, 'Derived.sol'), derived);
    const project = new Project({ root: dir });
    project.index([file, path.join(dir, 'Derived.sol')]);
    const r = analyze(base, { path: file, project });
    assert.ok(!r.findings.some((f) => f.ruleId === 'constant-state' && f.message.startsWith('fee')));
  });

  it('the fixtures of both rules: safe and unsafe as their comments say', () => {
    const safety = (fixture: string, rule: string) => {
      const file = path.join(__dirname, '../rules', rule, fixture);
      const r = analyze(fs.readFileSync(file, 'utf8'), { path: file, project: Project.forFile(file) });
      return Object.fromEntries(r.findings.filter((f) => f.ruleId === rule).map((f) => [f.message.split(' ')[0], f.fixes[0].safety]));
    };
    assert.deepEqual(safety('invalid-visibility.sol', 'constant-state'), { salt: 'safe', fee: 'safe', rate: 'unsafe', cap: 'unsafe', limit: 'unsafe' });
    assert.deepEqual(safety('invalid-visibility.sol', 'immutable-state'), { treasury: 'safe', owner: 'unsafe', target: 'unsafe' });
  });

  const upgradeable: Array<[string, string, RegExp]> = [
    [
      'a one-time initializer instead of a constructor',
      'contract V {\n  bool private initialized;\n  address private owner;\n  uint256 private cap = 10;\n  function initialize(address o) external { require(!initialized); initialized = true; owner = o; }\n  function f(uint256 a) external view returns (uint256) { require(msg.sender == owner); return a * cap; }\n}\n',
      /one-time initializer instead of a constructor/,
    ],
    [
      'a delegatecall to another contract',
      'contract V {\n  address private impl;\n  uint256 private cap = 10;\n  constructor(address i) { impl = i; }\n  function f(uint256 a) external view returns (uint256) { return a * cap; }\n  fallback() external payable { (bool ok, ) = impl.delegatecall(msg.data); require(ok); }\n}\n',
      /delegatecall/,
    ],
    [
      'a storage gap',
      'contract V {\n  uint256 private cap = 10;\n  uint256[49] private reserved;\n  function f(uint256 a) external view returns (uint256) { return a * cap; }\n}\n',
      /reserves storage slots it never uses/,
    ],
  ];
  for (const [what, body, reason] of upgradeable) {
    it(`upgradeable (${what}): unsafe, with the reason`, () => {
      const text = `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n${body}`;
      const r = analyze(text, { path: '/virtual/V.sol' });
      const fix = fixOf(r.findings, 'constant-state', 'cap');
      assert.equal(fix.safety, 'unsafe');
      assert.match(fix.reason ?? '', reason);
    });
  }
});
