/**
 * The deep tier's bytecode hook: a file compiled by real solc has each of its
 * contracts' runtime analysed (once per code, by hash), the selectors checked
 * against the ABI, and the bytecode findings merged with the typed analysis'
 * findings by place through the source map.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze } from '../../engine/src';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Base {
    address owner;
    constructor() { owner = msg.sender; }
    function kill() external {
        selfdestruct(payable(msg.sender));
    }
    function ping(address a) external {
        (bool ok, ) = a.call("");
        ok;
    }
    function deposit() external payable {}
    function setImplementation(address a) external {
        assembly { sstore(0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc, a) }
    }
}
contract Child is Base {
    function extra(uint256 x) external pure returns (uint256) { return x + 1; }
}
interface Never { function f() external; }
`;

const lineOf = (needle: string) => SOURCE.split('\n').findIndex((l) => l.includes(needle));

describe('bytecode: the deep tier cross-checks compiled code with the source', function () {
  this.timeout(300_000);
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-bytecode-deep-'));
    file = path.join(dir, 'Vault.sol');
    fs.writeFileSync(file, SOURCE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('analyses each deployable contract, merges findings by place, and reuses the analysis of unchanged code', async () => {
    const env = { cancelled: () => false, cache: new ResultCache(4) };
    const r = await runAnalyze({ path: file, text: SOURCE, measure: false }, env);
    assert.equal(r.unavailable, undefined);
    assert.ok(r.bytecode, 'the result has the bytecode section');
    assert.deepEqual(r.bytecode.map((c) => c.contract).sort(), ['Base', 'Child'], 'an interface has no code to analyse');
    for (const c of r.bytecode) {
      assert.equal(c.selectors.agree, true, `${c.contract}: ${JSON.stringify(c.selectors)}`);
      assert.equal(c.solc, r.compiler!.version.replace(/\+.*$/, ''), 'the compiler version read from the metadata');
      assert.equal(c.overEip170, false);
      assert.ok(c.runtimeSize > 100 && c.runtimeSize < 24576);
      assert.equal(c.cached, false);
    }
    assert.equal(r.bytecode.find((c) => c.contract === 'Child')!.selectors.count, 5);

    // The source rule's finding on selfdestruct gains the bytecode's evidence (both contracts reach it), confirmed in a local EVM.
    const sd = r.findings.filter((f) => f.ruleId === 'unprotected-selfdestruct');
    assert.equal(sd.length, 1);
    assert.equal(sd[0].range.start.line, lineOf('selfdestruct('));
    assert.equal(sd[0].bytecode?.detector, 'bytecode-unprotected-selfdestruct');
    assert.equal(sd[0].bytecode?.confirmed, true);
    assert.match(sd[0].message, /Confirmed in bytecode: bytecode-unprotected-selfdestruct at pc 0x[0-9a-f]{4} in (Base|Child), confirmed in a local EVM; bytecode-unprotected-selfdestruct/);
    assert.equal(r.findings.filter((f) => f.ruleId === 'bytecode-unprotected-selfdestruct').length, 0, 'merged, not reported twice');

    // The dropped success flag: the source rule on that line gains the evidence.
    const callLine = lineOf('a.call(');
    const unchecked = r.findings.filter((f) => f.range.start.line === callLine && f.ruleId === 'unchecked-low-level-call');
    assert.equal(unchecked.length, 1);
    assert.equal(unchecked[0].bytecode?.detector, 'bytecode-unchecked-call');
    assert.equal(r.findings.filter((f) => f.ruleId === 'bytecode-unchecked-call').length, 0);

    // No source rule looks for a raw write of the EIP-1967 slot: the bytecode's finding is reported once, at the SSTORE, for both contracts.
    const own = r.findings.filter((f) => f.ruleId === 'bytecode-unprotected-upgrade-slot');
    assert.equal(own.length, 1, 'reported once although two contracts reach it');
    assert.equal(own[0].range.start.line, lineOf('sstore('));
    assert.equal(own[0].file, file);
    assert.equal(own[0].category, 'security');
    assert.equal(own[0].severity, 'high');
    assert.equal(own[0].docs, 'docs/bytecode.md#bytecode-unprotected-upgrade-slot');
    assert.match(own[0].message, /in Base.*in Child|in Child.*in Base/);
    assert.match(own[0].message, /reached from setImplementation\(address\)/);
    assert.equal(own[0].bytecode?.detector, 'bytecode-unprotected-upgrade-slot');
    assert.equal(own[0].contract, 'Base', 'the contract whose code holds the place');
    assert.equal(own[0].function, 'setImplementation');

    const inReport = r.bytecode.find((c) => c.contract === 'Base')!.findings.find((f) => f.id === 'bytecode-unchecked-call')!;
    assert.equal(inReport.place?.line, callLine + 1);
    assert.deepEqual(inReport.functions, ['ping(address)']);
    assert.deepEqual(inReport.source, ['unchecked-low-level-call']);

    // A comment changes only the metadata hash: each analysis is reused, the metadata read from the new code,
    // and the findings placed through the new source map (a line further down).
    const again = await runAnalyze({ path: file, text: SOURCE.replace('contract Base', '// a comment\ncontract Base'), measure: false }, env);
    assert.ok(again.bytecode && again.bytecode.length === 2);
    assert.ok(again.bytecode.every((c) => c.cached), 'the same instructions are not analysed again');
    for (const c of again.bytecode) assert.notEqual(c.metadataHash, r.bytecode.find((x) => x.contract === c.contract)!.metadataHash);
    assert.equal(again.findings.find((f) => f.ruleId === 'bytecode-unprotected-upgrade-slot')?.range.start.line, lineOf('sstore(') + 1);
    // The same text again: the deep tier's own cache, and the bytecode analyses from theirs.
    const cachedRun = await runAnalyze({ path: file, text: SOURCE, measure: false }, env);
    assert.equal(cachedRun.timings.cached, true);
    assert.ok(cachedRun.bytecode!.every((c) => c.cached && c.ms === 0), 'the analysis is not repeated for the same code');
    assert.deepEqual(
      cachedRun.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort(),
      r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort(),
    );
  });

  it('honours suppression comments: the source rule id silences what the bytecode sees of the same problem there', async () => {
    const text = SOURCE.replace('        selfdestruct(', '        // synor-disable-next-line unprotected-selfdestruct\n        selfdestruct(').replace('        assembly { sstore(', '        // synor-disable-next-line\n        assembly { sstore(');
    const r = await runAnalyze({ path: file, text, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.equal(r.unavailable, undefined);
    const ids = r.findings.map((f) => f.ruleId);
    assert.ok(!ids.includes('unprotected-selfdestruct'));
    assert.ok(!ids.includes('bytecode-unprotected-selfdestruct'), 'not reported as bytecode-only once the source finding is suppressed');
    assert.ok(!ids.includes('bytecode-unprotected-upgrade-slot'));
    // The report's section still lists what the code shows.
    assert.ok(r.bytecode!.find((c) => c.contract === 'Base')!.findings.some((f) => f.id === 'bytecode-unprotected-upgrade-slot'));
    // The unsuppressed one is still there.
    assert.ok(r.findings.some((f) => f.ruleId === 'unchecked-low-level-call' && f.bytecode));
  });

  it('takes a suppression naming a detector: silenced in the deep tier, and no unknown-rule or suppresses-nothing in either tier', async () => {
    const text = SOURCE.replace('        assembly { sstore(', '        // synor-disable-next-line bytecode-unprotected-upgrade-slot\n        assembly { sstore(');
    const r = await runAnalyze({ path: file, text, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.equal(r.unavailable, undefined);
    assert.ok(!r.findings.some((f) => f.ruleId === 'bytecode-unprotected-upgrade-slot'), 'silenced by its own id');
    assert.ok(!r.findings.some((f) => f.ruleId === 'unused-suppression'), r.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.message).join('; '));
    // The fast tier has no bytecode findings: the comment is neither an unknown rule nor a suppression of nothing there.
    const fast = analyze(text, { path: file });
    assert.ok(!fast.findings.some((f) => f.ruleId === 'unused-suppression'), fast.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.message).join('; '));
    // A misspelt id is still reported.
    const typo = analyze(text.replace('bytecode-unprotected-upgrade-slot', 'bytecode-unprotected-upgrade-slots'), { path: file });
    assert.ok(typo.findings.some((f) => f.ruleId === 'unused-suppression' && f.messageId === 'unknown-rule'));
  });

  it('reports no bytecode-only finding that the local EVM tried and could not show', async () => {
    // Ether sent to the caller behind a tx.origin check: the detector flags it (tx.origin is no guard),
    // a stranger's call reverts, and no source rule reports it.
    const text = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Till {
    address owner;
    constructor() payable { owner = msg.sender; }
    function take(uint256 amount) external {
        require(tx.origin == owner, "no");
        payable(msg.sender).transfer(amount);
    }
}
`;
    const r = await runAnalyze({ path: file, text, measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    const inReport = r.bytecode![0].findings.find((f) => f.id === 'bytecode-unprotected-ether-transfer');
    assert.ok(inReport, JSON.stringify(r.bytecode![0].findings));
    assert.equal(inReport.confirmed, false);
    assert.ok(!r.findings.some((f) => f.ruleId === 'bytecode-unprotected-ether-transfer'));
    // The tx.origin branch is the source rule's finding, with the bytecode's evidence.
    assert.equal(r.findings.find((f) => f.ruleId === 'tx-origin-auth')?.bytecode?.detector, 'bytecode-tx-origin-branch');
  });

  it('adds nothing when the file does not compile', async () => {
    const r = await runAnalyze({ path: file, text: SOURCE.replace('x + 1;', 'x + ;'), measure: false }, { cancelled: () => false, cache: new ResultCache(2) });
    assert.ok(r.unavailable);
    assert.equal(r.bytecode, undefined);
  });
});
