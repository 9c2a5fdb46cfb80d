/**
 * The cache of measured fixes (engine/src/gas/fixCache.ts) and the EVM's
 * jump-analysis cache (engine/src/gas/jumpCache.ts), with real solc and the
 * real EVM for the latter.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Finding, FindingGas } from '../../engine/src';
import { FixMeasurements, fixId, settingsKey } from '../../engine/src/gas/fixCache';
import { jumpCacheStats } from '../../engine/src/gas/jumpCache';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';

const FILE = path.join(__dirname, 'Cached.sol');
const TEXT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Cached {
    uint256[] internal xs;
    function push(uint256 v) external { xs.push(v); }
    function total() external view returns (uint256 t) {
        for (uint256 i = 0; i < xs.length; i++) t += xs[i];
    }
}
`;

function finding(line: number, from: number, to: number, newText: string, ruleId = 'prefix-increment'): Finding {
  const range = { start: { line, character: from }, end: { line, character: to } };
  return { ruleId, messageId: 'm', title: 't', category: 'gas', severity: 'info', confidence: 'high', file: FILE, range, message: 'm', fixes: [{ title: 'fix', safety: 'safe', edits: [{ range, newText }] }], docs: 'docs/rules/x.md' };
}

const measured = (n: number): FindingGas => ({ measured: { solc: '0.8.37', optimizer: { enabled: false, runs: 200 }, deploy: { before: n, after: n - 1 }, calls: [] }, verdict: { kind: 'saving', summary: 's' } });

describe('gas: the cache of measured fixes', () => {
  const settings = { path: FILE };

  it('gives the same id to the same fix found again, and another to a different fix', () => {
    const a = finding(6, 50, 53, '++i');
    const again = JSON.parse(JSON.stringify(a)) as Finding;
    assert.equal(fixId(a, 0), fixId(again, 0));
    assert.notEqual(fixId(a, 0), fixId(finding(6, 50, 53, 'i += 1'), 0), 'other edits');
    assert.notEqual(fixId(a, 0), fixId(finding(6, 50, 53, '++i', 'unchecked-increment'), 0), 'another rule');
    assert.notEqual(fixId(a, 0), fixId(finding(5, 50, 53, '++i'), 0), 'another place');
  });

  it('keys a figure by the text, the settings and the fix', () => {
    const cache = new FixMeasurements();
    const f = finding(6, 50, 53, '++i');
    cache.set(FixMeasurements.key(TEXT, settings, f, 0), measured(100));
    assert.equal(cache.get(FixMeasurements.key(TEXT, settings, JSON.parse(JSON.stringify(f)) as Finding, 0))?.measured?.deploy.before, 100);
    assert.equal(cache.get(FixMeasurements.key(TEXT + ' ', settings, f, 0)), undefined, 'an edit changes the key');
    assert.equal(cache.get(FixMeasurements.key(TEXT, { ...settings, config: { compiler: { optimizer: { enabled: true, runs: 200 } } } }, f, 0)), undefined, 'other settings');
    assert.equal(cache.get(FixMeasurements.key(TEXT, { ...settings, trusted: true }, f, 0)), undefined, 'trust changes which compiler runs');
    assert.equal(cache.get(FixMeasurements.keyWith(TEXT, settingsKey(settings), f, 0))?.measured?.deploy.before, 100, 'looked up with a settings key');
    cache.clear();
    assert.equal(cache.size, 0);
  });

  it('forgets the least recently used figure first', () => {
    const cache = new FixMeasurements(2);
    const keys = [1, 2, 3].map((n) => FixMeasurements.key(TEXT, settings, finding(n, 0, 1, 'x'), 0));
    cache.set(keys[0], measured(1));
    cache.set(keys[1], measured(2));
    assert.ok(cache.get(keys[0]));
    cache.set(keys[2], measured(3));
    assert.ok(cache.has(keys[0]) && cache.has(keys[2]));
    assert.equal(cache.has(keys[1]), false);
  });

  it('forgets one file’s figures when a file it imports changed, and keeps the others’', () => {
    const cache = new FixMeasurements();
    const other = { path: path.join(__dirname, 'Other.sol') };
    const f = finding(6, 50, 53, '++i');
    cache.set(FixMeasurements.key(TEXT, settings, f, 0), measured(1));
    cache.set(FixMeasurements.key(TEXT, other, f, 0), measured(2));
    cache.forgetSettings(settingsKey(settings));
    assert.equal(cache.get(FixMeasurements.key(TEXT, settings, f, 0)), undefined);
    assert.equal(cache.get(FixMeasurements.key(TEXT, other, f, 0))?.measured?.deploy.before, 2);
  });
});

describe('gas: the EVM keeps its analysis of a contract’s code', function () {
  this.timeout(120_000);
  it('analyses each code once per measurement and the figures need it', async () => {
    const before = { ...jumpCacheStats };
    const r = await runAnalyze({ path: FILE, text: TEXT }, { cancelled: () => false, cache: new ResultCache() });
    assert.equal(r.unavailable, undefined);
    const c = r.contracts.find((x) => x.name === 'Cached')!;
    const total = c.functions.find((f) => f.name === 'total')!;
    assert.equal(typeof total.gas, 'number');
    assert.ok(total.perIteration && total.perIteration.gas > 0, 'the loop ran (its jumps were valid)');
    const misses = jumpCacheStats.misses - before.misses;
    const hits = jumpCacheStats.hits - before.hits;
    // Two codes run: the init code and the runtime code; every other run of them is a hit.
    assert.ok(misses >= 1 && misses <= 4, `misses ${misses}`);
    assert.ok(hits >= 3 * misses, `hits ${hits}, misses ${misses}`);
  });
});
