/**
 * Compilation with real solc: compiler choice from the pragma (old versions
 * included), every import style of the fixture projects under
 * test/fixtures/deep, unresolved imports, and solc's own errors as findings.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundledCompilers, chooseCompiler, prepareCompile, readFoundryToml, runCompile, scanImports, wantedVersion, type CompilerCandidate } from '../../engine/src/compile';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'deep');

function compileText(file: string, text: string, extra: Partial<Parameters<typeof prepareCompile>[0]> = {}) {
  const prepared = prepareCompile({ path: file, text, ...extra });
  return { prepared, outcome: runCompile(prepared) };
}

function compileFile(file: string) {
  return compileText(file, fs.readFileSync(file, 'utf8'));
}

describe('compile: compiler choice', () => {
  const bundled: CompilerCandidate[] = ['0.8.37', '0.7.6', '0.6.12', '0.5.17', '0.4.26'].map((version) => ({ version, source: 'bundled', location: `solc-${version}`, kind: 'module' }));

  it('finds every bundled compiler in node_modules, newest first', () => {
    assert.deepEqual(
      bundledCompilers().map((c) => c.version),
      ['0.8.37', '0.7.6', '0.6.12', '0.5.17', '0.4.26'],
    );
  });

  it('takes the newest bundled compiler that satisfies the pragma', () => {
    const pick = (pragmas: string[]) => {
      const c = chooseCompiler({ pragmas, bundled });
      return 'candidate' in c ? c.candidate.version : c.unavailable;
    };
    assert.equal(pick(['^0.8.0']), '0.8.37');
    assert.equal(pick([]), '0.8.37');
    assert.equal(pick(['>=0.4.22 <0.6.0']), '0.5.17');
    assert.equal(pick(['^0.4.24']), '0.4.26');
    assert.equal(pick(['>=0.6.0', '<0.8.0']), '0.7.6');
    assert.equal(pick(['>= 0.6.2 < 0.7.0']), '0.6.12');
  });

  it('prefers a configured compiler, then the workspace one, when they fit', () => {
    const configured: CompilerCandidate = { version: '0.8.20', source: 'configured', location: '/x/soljson.js', kind: 'soljson' };
    const workspace: CompilerCandidate = { version: '0.8.21', source: 'node_modules', location: '/w/node_modules/solc', kind: 'module' };
    const c1 = chooseCompiler({ pragmas: ['^0.8.0'], configured, workspace, bundled });
    assert.ok('candidate' in c1 && c1.candidate === configured);
    const c2 = chooseCompiler({ pragmas: ['^0.8.0'], workspace, bundled });
    assert.ok('candidate' in c2 && c2.candidate === workspace);
    const c3 = chooseCompiler({ pragmas: ['^0.7.0'], workspace, bundled });
    assert.ok('candidate' in c3 && c3.candidate.version === '0.7.6');
  });

  it('says plainly which version is wanted when none is at hand, and never downloads', () => {
    const c = chooseCompiler({ pragmas: ['0.6.2'], bundled });
    assert.ok('unavailable' in c);
    assert.match(c.unavailable, /0\.6\.2/);
    assert.match(c.unavailable, /0\.8\.37 \(bundled\)/);
    assert.equal(wantedVersion('>=0.5.0 <0.6.0'), '0.5.17');
    const ranged = chooseCompiler({ pragmas: ['>=0.8.0 <0.8.20', '>=0.8.0 <0.8.20'], bundled });
    assert.ok('unavailable' in ranged);
    assert.match(ranged.unavailable, /^no solc 0\.8\.x compiler \(newest allowed: 0\.8\.19; pragma >=0\.8\.0 <0\.8\.20\) available/);
    const exact = chooseCompiler({ pragmas: ['^0.8.0'], exactVersion: '0.8.19', bundled });
    assert.ok('unavailable' in exact && /0\.8\.19/.test(exact.unavailable));
  });

  it('reports an unavailable compiler for a real file without compiling', () => {
    const { outcome } = compileText('/tmp/synor-pinned.sol', 'pragma solidity 0.6.2;\ncontract P {}\n', { root: '/tmp' });
    assert.ok(outcome.unavailable);
    assert.match(outcome.unavailable, /0\.6\.2/);
    assert.equal(outcome.output, undefined);
  });
});

describe('compile: old and new compilers', function () {
  // Loading each compiler for the first time takes seconds on a busy machine.
  this.timeout(120_000);
  const cases: Array<[string, string, string]> = [
    ['0.4.26', 'pragma solidity ^0.4.24;\ncontract Old4 {\n    uint public x;\n    function set(uint v) public { x = v; }\n}\n', 'Old4'],
    ['0.5.17', 'pragma solidity >=0.5.0 <0.6.0;\ncontract Old5 {\n    uint public x;\n    function set(uint v) external { x = v; }\n}\n', 'Old5'],
    ['0.6.12', '// SPDX-License-Identifier: MIT\npragma solidity ^0.6.2;\ncontract Old6 {\n    uint public x;\n    function set(uint v) external { x = v; }\n}\n', 'Old6'],
    ['0.7.6', '// SPDX-License-Identifier: MIT\npragma solidity ^0.7.0;\ncontract Old7 {\n    uint public x;\n    function set(uint v) external { x = v; }\n}\n', 'Old7'],
  ];
  for (const [version, text, name] of cases) {
    it(`compiles a ${version} file with the bundled solc ${version}`, () => {
      const { outcome } = compileText(`/tmp/synor-${name}.sol`, text, { root: '/tmp' });
      assert.equal(outcome.unavailable, undefined);
      assert.equal(outcome.compiler?.version, version);
      assert.equal(outcome.compiler?.source, 'bundled');
      assert.equal(outcome.failed, false, JSON.stringify(outcome.findings));
      const unit = Object.keys(outcome.output!.contracts!)[0];
      assert.ok(outcome.output!.contracts![unit][name].evm!.bytecode!.object.length > 100);
    });
  }
});

describe('compile: imports', function () {
  this.timeout(120_000);
  it('resolves relative, foundry.toml and remappings.txt remappings, lib/ and OpenZeppelin-in-lib imports', () => {
    const { prepared, outcome } = compileFile(path.join(FIXTURES, 'foundry/src/Main.sol'));
    assert.equal(prepared.root, path.join(FIXTURES, 'foundry'));
    assert.deepEqual(prepared.findings, []);
    assert.deepEqual([...prepared.gathered.sources.keys()].sort(), ['@acme/Base.sol', '@acme/Token.sol', '@openzeppelin/contracts/utils/Context.sol', 'autolib/Auto.sol', 'mylib/Math.sol', 'src/Helper.sol', 'src/Main.sol']);
    assert.equal(outcome.failed, false, JSON.stringify(outcome.findings, null, 1));
    assert.ok(outcome.output!.contracts!['src/Main.sol'].Main.evm!.bytecode!.object.length > 0);
  });

  it('takes optimizer settings from foundry.toml\'s default profile', () => {
    const { prepared } = compileFile(path.join(FIXTURES, 'foundry/src/Main.sol'));
    assert.deepEqual(prepared.settings.optimizer, { enabled: true, runs: 1000 });
    const t = readFoundryToml('[profile.default]\nremappings = ["a/=b/", \'c/=d/\'] # two\nvia_ir = true\nevm_version = "cancun"\n');
    assert.deepEqual(t.remappings, ['a/=b/', 'c/=d/']);
    assert.equal(t.viaIR, true);
    assert.equal(t.evmVersion, 'cancun');
  });

  it('resolves node_modules packages (with their own relative imports) and root-relative Hardhat paths', () => {
    const { prepared, outcome } = compileFile(path.join(FIXTURES, 'hardhat/contracts/Vault.sol'));
    assert.equal(prepared.root, path.join(FIXTURES, 'hardhat'));
    assert.deepEqual(prepared.findings, []);
    assert.ok(prepared.gathered.sources.has('@acme-oz/pkg/utils/Errors.sol'));
    assert.ok(prepared.gathered.sources.has('contracts/lib/Fees.sol'));
    assert.equal(outcome.failed, false, JSON.stringify(outcome.findings, null, 1));
  });

  it('resolves imports through remappings from synor.config.json', () => {
    const file = path.join(FIXTURES, 'broken/Remapped.sol');
    const text = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nimport "present/Present.sol";\ncontract Remapped is Present {}\n';
    const { prepared, outcome } = compileText(file, text, { config: { remappings: ['present/=./'] } });
    assert.deepEqual(prepared.findings, []);
    assert.equal(outcome.failed, false, JSON.stringify(outcome.findings));
  });

  it('reports an unresolved import on its own line, and nothing compiles', () => {
    const { outcome } = compileFile(path.join(FIXTURES, 'broken/Unresolved.sol'));
    const unresolved = outcome.findings.filter((f) => f.ruleId === 'unresolved-import');
    assert.equal(unresolved.length, 1);
    assert.equal(unresolved[0].range.start.line, 3);
    assert.match(unresolved[0].message, /Missing\.sol/);
    assert.equal(unresolved[0].docs, 'docs/rules/unresolved-import.md');
    assert.equal(unresolved[0].category, 'quality');
    assert.equal(unresolved[0].severity, 'high');
    assert.equal(outcome.failed, true);
  });

  it('shows a missing import of an imported file on the import that leads to it', () => {
    const { outcome } = compileFile(path.join(FIXTURES, 'broken/Chain.sol'));
    const unresolved = outcome.findings.filter((f) => f.ruleId === 'unresolved-import');
    assert.equal(unresolved.length, 1);
    assert.equal(unresolved[0].range.start.line, 4);
    assert.match(unresolved[0].message, /nowhere\/Gone\.sol/);
  });

  it('shows errors of an imported file on its import line, and leaves out warnings about dependencies', () => {
    const { outcome } = compileFile(path.join(FIXTURES, 'broken/UsesDeps.sol'));
    assert.equal(outcome.failed, true);
    assert.deepEqual(outcome.findings.filter((f) => f.ruleId === 'compiler-warning'), []);
    const errors = outcome.findings.filter((f) => f.ruleId === 'compiler-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].range.start.line, 4);
    assert.match(errors[0].message, /^ErrDep\.sol: DeclarationError: Undeclared identifier/);
  });

  it('ignores import directives inside comments', () => {
    const found = scanImports('// import "./a.sol";\n/* import "./b.sol"; */\nimport {X} from "./c.sol";\nimport * as Y from \'./d.sol\';\n');
    assert.deepEqual(
      found.map((i) => i.path),
      ['./c.sol', './d.sol'],
    );
  });
});

describe('compile: compiler messages as findings', function () {
  this.timeout(120_000);
  it('turns a syntax error into a compiler-error finding on its line, without throwing', () => {
    const text = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract Broken {\n    function f() external {\n        uint x = ;\n    }\n}\n';
    const { outcome } = compileText('/tmp/synor-broken.sol', text, { root: '/tmp' });
    assert.equal(outcome.failed, true);
    const errors = outcome.findings.filter((f) => f.ruleId === 'compiler-error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].range.start.line, 4);
    assert.equal(errors[0].severity, 'high');
    assert.equal(errors[0].file, '/tmp/synor-broken.sol');
    assert.match(errors[0].message, /ParserError/);
  });

  it('reports a warning and a type error with their ranges, counting UTF-16 after non-ASCII text', () => {
    const head = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\n// Größe — ünïcödé 𝔘 comment\ncontract T {\n';
    const warned = head + '    function f(uint unused) external pure returns (uint) { return 1; }\n}\n';
    const w = compileText('/tmp/synor-warn.sol', warned, { root: '/tmp' }).outcome;
    assert.equal(w.failed, false);
    const warning = w.findings.find((f) => f.ruleId === 'compiler-warning');
    assert.ok(warning, JSON.stringify(w.findings));
    assert.equal(warning.severity, 'low');
    assert.equal(warning.range.start.line, 4);
    assert.equal(warned.split('\n')[4].slice(warning.range.start.character, warning.range.end.character), 'uint unused');
    const typed = head + '    function g() external pure returns (uint) { return missing; }\n}\n';
    const e = compileText('/tmp/synor-type.sol', typed, { root: '/tmp' }).outcome;
    const error = e.findings.find((f) => f.ruleId === 'compiler-error');
    assert.ok(error, JSON.stringify(e.findings));
    assert.equal(error.range.start.line, 4);
    assert.equal(typed.split('\n')[4].slice(error.range.start.character, error.range.end.character), 'missing');
    assert.match(error.message, /DeclarationError: Undeclared identifier/);
  });
});
