/**
 * The analysis thread of a worker, as the worker uses it: a real thread
 * running the engine, stopped by its time limit or by cancellation, and
 * usable again afterwards.
 */
import assert from 'node:assert/strict';
import { AnalysisThread, CancelledError, TimeLimitError } from '../../service/src/threads';
import { BANK } from './harness';

describe('service analysis thread', function () {
  this.timeout(120_000);
  const thread = new AnalysisThread();
  after(() => thread.close());

  it('runs an analysis and reports progress', async () => {
    const progress: number[] = [];
    const out = await thread.run({ files: { 'src/Bank.sol': BANK, 'src/Other.sol': 'pragma solidity ^0.8.0;\ncontract Other {}\n' }, settings: {}, budgetMs: 60_000 }, { timeoutMs: 60_000, onProgress: (d) => progress.push(d) });
    assert.deepEqual(out.files, ['src/Bank.sol', 'src/Other.sol']);
    assert.deepEqual(progress, [1, 2]);
    assert.ok(out.findings.some((f) => f.ruleId === 'reentrancy-eth' && f.file === 'src/Bank.sol' && /^[0-9a-f]+$/.test(f.fingerprint)));
  });

  it('ends the thread at the time limit, and runs the next analysis in a new one', async () => {
    // Many files, so that the analysis cannot finish within 1 ms.
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/B${i}.sol`, BANK.replace('contract Bank', `contract Bank${i}`)]));
    await assert.rejects(thread.run({ files, settings: {}, budgetMs: 60_000 }, { timeoutMs: 1 }), TimeLimitError);
    const out = await thread.run({ files: { 'src/Bank.sol': BANK }, settings: {}, budgetMs: 60_000 }, { timeoutMs: 60_000 });
    assert.ok(out.findings.length > 0);
  });

  it('ends the thread on cancellation', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`src/B${i}.sol`, BANK.replace('contract Bank', `contract Bank${i}`)]));
    const abort = new AbortController();
    const run = thread.run({ files, settings: {}, budgetMs: 60_000 }, { timeoutMs: 60_000, signal: abort.signal, onProgress: () => abort.abort() });
    await assert.rejects(run, CancelledError);
  });
});
