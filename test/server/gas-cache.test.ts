/**
 * The server's deep-tier queue keeps measured fixes (DeepGate over the real
 * DeepAnalyzer, real solc and EVM): a fix measured once is not measured again
 * for the same text and settings, an edit or other settings miss, and an
 * answer that says nothing about the code (a time limit) is not kept.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Finding, FindingGas } from '../../engine/src';
import { describeVerdict, judgeFix } from '../../engine/src/gas/judge';
import { gasSummary, measuredEffect } from '../../server/src/convert';
import { gasSaving } from '../../client/src/report/model';
import { DeepAnalyzer } from '../../engine/src/deep';
import { DeepGate } from '../../server/src/deepTier';
import { ROOT } from './client';

const WORKER_TS = path.join(ROOT, 'engine/src/worker/worker.ts');
const FILE = path.join(ROOT, 'test', 'fixtures', 'server', 'gas-premeasure', 'Counter.sol');
const TEXT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
    uint256 public total;
    function run(uint256 n) external {
        for (uint256 i = 0; i < n; i++) total += 1;
    }
}
`;

function prefixFix(text: string): Finding {
  const line = text.split('\n').findIndex((l) => l.includes('i++'));
  const at = text.split('\n')[line].indexOf('i++');
  const range = { start: { line, character: at }, end: { line, character: at + 3 } };
  return { ruleId: 'prefix-increment', messageId: 'm', title: 't', category: 'gas', severity: 'info', confidence: 'high', file: FILE, range, message: 'm', fixes: [{ title: 'Use ++i', safety: 'safe', edits: [{ range, newText: '++i' }] }], docs: 'docs/rules/prefix-increment.md' };
}

describe('server: the deep tier keeps measured fixes', function () {
  this.timeout(180_000);
  let gate: DeepGate;
  before(() => {
    gate = new DeepGate(() => new DeepAnalyzer({ workerPath: WORKER_TS }), { idleUnloadMs: 60_000 });
  });
  after(() => gate.dispose());

  it('measures a fix once per text and settings, and finds it without measuring', async () => {
    const f = prefixFix(TEXT);
    assert.equal(gate.measuredFix(FILE, TEXT, f, 0), undefined, 'nothing measured yet');
    const first = await gate.measureFix({ path: FILE, text: TEXT }, f, 0, { background: true });
    assert.ok(first.measured && first.verdict, JSON.stringify(first));
    assert.equal(gate.stats.fixesMeasured, 1);
    const t0 = performance.now();
    const again = await gate.measureFix({ path: FILE, text: TEXT }, JSON.parse(JSON.stringify(f)) as Finding, 0);
    assert.ok(performance.now() - t0 < 50, 'from the cache');
    assert.deepEqual(again, first);
    assert.equal(gate.stats.fixesFromCache, 1);
    assert.deepEqual(gate.measuredFix(FILE, TEXT, f, 0), first);
    const edited = TEXT.replace('contract Counter {', 'contract Counter {\n    // edited');
    assert.equal(gate.measuredFix(FILE, edited, prefixFix(edited), 0), undefined, 'an edit misses');
  });

  it('does not keep an answer cut short by the time limit', async () => {
    const text = TEXT.replace('total += 1', 'total += 2');
    const f = prefixFix(text);
    const cut = await gate.measureFix({ path: FILE, text, timeoutMs: 1 }, f, 0);
    assert.ok(cut.unmeasured && !cut.measured, JSON.stringify(cut));
    assert.equal(gate.measuredFix(FILE, text, f, 0), undefined);
    const later = await gate.measureFix({ path: FILE, text }, f, 0);
    assert.ok(later.measured, 'measured when asked again');
    gate.forgetFixes();
    assert.equal(gate.measuredFix(FILE, text, f, 0), undefined, 'forgotten when the configuration changes');
  });
});

describe('server: a refunded or reverted figure is never a plain measurement', () => {
  const base = { solc: '0.8.37', optimizer: { enabled: false, runs: 200 } };

  it('says "refund included" in the verdict when a compared call includes a refund', () => {
    const m = { ...base, deploy: { before: 1000, after: 1000 }, calls: [{ fn: 'reset()', before: 30000, after: 29990, refunded: true }] };
    const v = judgeFix('prefix-increment', m);
    const summary = describeVerdict(v, m);
    assert.match(summary, /^Measured saving \(solc 0\.8\.37, optimizer off; refund included\): /);
    const plain = { ...m, calls: [{ fn: 'f()', before: 30000, after: 29990 }] };
    assert.doesNotMatch(describeVerdict(judgeFix('prefix-increment', plain), plain), /refund/);
  });

  it('shows why a fix whose calls all reverted was not measured, in the editor and in the report', () => {
    const gas: FindingGas = { measured: { ...base, deploy: { before: 1000, after: 1000 }, calls: [{ fn: 'fail()', before: 'reverted', after: 'reverted' }] }, unmeasured: 'the affected calls revert in every scenario tried' };
    assert.equal(gasSummary(gas), 'saving not measured: the affected calls revert in every scenario tried');
    assert.equal(measuredEffect(gas), undefined);
    assert.equal(gasSaving(gas as never), 'not measured: the affected calls revert in every scenario tried');
  });
});
