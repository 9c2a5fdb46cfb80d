/**
 * One costly document never stalls the others: a long analysis gives way to
 * another document's and runs again after it, and an analysis that runs out
 * of its time budget publishes what it found with a diagnostic that says so.
 * Real server, real LSP over stdio; the costly document is a 10,000-line
 * contract (seconds to analyse), the other a small wallet.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TestClient, waitUntil } from './client';
import { syntheticContract } from './synth';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server', 'basic');
const wallet = path.join(FIXTURES, 'Wallet.sol');

describe('server: one costly document never stalls the others', function () {
  this.timeout(300000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: FIXTURES, settings: { logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } } });
  });
  after(async () => {
    await client.stop();
  });

  it('publishes a small document while a costly one is being analysed, then the costly one', async () => {
    const costly = TestClient.uri(path.join(FIXTURES, 'Costly.sol'));
    const small = TestClient.uri(wallet);
    const big = syntheticContract(10000, 'Costly');
    client.logs.length = 0;
    client.open(costly, big, 1);
    await waitUntil(() => client.logs.some((l) => l.includes('analysing') && l.includes('Costly.sol')) || undefined, 'the costly analysis to start', 30000);
    client.open(small, fs.readFileSync(wallet, 'utf8'), 1);
    const d = await client.diagnosticsFor(small, 1, 60000);
    assert.ok(d.some((x) => x.code === 'tx-origin-auth'));
    assert.equal(client.published(costly).length, 0, 'the small document was published first');
    const c = await client.diagnosticsFor(costly, 1, 150000);
    assert.ok(c.some((x) => x.code === 'tx-origin-auth'), 'the costly document is analysed in full afterwards');
    assert.ok(!c.some((x) => x.code === 'analysis-incomplete'));
    assert.ok(client.logs.some((l) => l.includes('analysis preempted by another document') && l.includes('Costly.sol')), 'the costly analysis gave way');
    client.close(costly);
    client.close(small);
  });

  it('publishes what an analysis found when it runs out of its budget, and says so on line 1', async () => {
    const uri = TestClient.uri(path.join(FIXTURES, 'OverBudget.sol'));
    const big = syntheticContract(10000, 'OverBudget');
    // Well under what the whole analysis of 10,000 lines takes (150–400 ms here; 100 ms is the least the setting allows), and over what a small file needs.
    client.changeSettings({ logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false }, fastAnalysis: { budgetMs: 100 } });
    client.open(uri, big, 1);
    const d = await client.diagnosticsFor(uri, 1, 60000);
    const note = d.find((x) => x.code === 'analysis-incomplete');
    assert.ok(note, 'an analysis-incomplete diagnostic');
    assert.equal(note.range.start.line, 0);
    assert.match(note.message, /time limit of 100 ms/);
    assert.ok(note.codeDescription?.href.endsWith('docs/rules/analysis-incomplete.md'));
    // A small document finishes within the same budget, with no such note.
    const small = TestClient.uri(wallet);
    client.open(small, fs.readFileSync(wallet, 'utf8'), 1);
    const s = await client.diagnosticsFor(small, 1, 60000);
    assert.ok(s.some((x) => x.code === 'tx-origin-auth'));
    assert.ok(!s.some((x) => x.code === 'analysis-incomplete'));
    // With its default budget the same text is analysed in full: a result cut short is not reused.
    const before = client.published(uri).length;
    client.changeSettings({ logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } });
    const full = await waitUntil(() => client.published(uri).slice(before).find((p) => !p.diagnostics.some((x) => x.code === 'analysis-incomplete')), 'a full analysis', 150000);
    assert.ok(full.diagnostics.some((x) => x.code === 'tx-origin-auth'));
    client.close(uri);
    client.close(small);
  });
});
