import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyze } from '../../engine/src';
import { ROOT, TestClient, waitUntil } from './client';
import { syntheticContract } from './synth';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'server', 'basic');
const wallet = path.join(FIXTURES, 'Wallet.sol');

function summary(d: Array<{ code?: unknown; range: { start: { line: number; character: number } } }>): string[] {
  return d.map((x) => `${String(x.code)}@${x.range.start.line}:${x.range.start.character}`).sort();
}

/** Versions never go back; the same version may be published again (e.g. after a settings change). */
function assertIncreasing(versions: Array<number | undefined>): void {
  for (let i = 1; i < versions.length; i++) assert.ok((versions[i] ?? -1) >= (versions[i - 1] ?? -1), `published versions must never go back: ${versions.join(', ')}`);
}

describe('server: scheduling, cancellation and robustness', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: FIXTURES, settings: { logLevel: 'debug' } });
  });
  after(async () => {
    await client.stop();
  });

  for (const debounceMs of [150, 0]) {
    it(`never publishes a stale result under rapid edits (debounce ${debounceMs} ms)`, async () => {
      client.changeSettings({ logLevel: 'debug', debounceMs });
      const uri = TestClient.uri(wallet) + `?rapid${debounceMs}`;
      client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
      await client.diagnosticsFor(uri, 1);
      // Type a new function, one character per change, without waiting.
      const typed = '    function g() external view returns (bool) { return tx.origin == owner; }\n';
      let line = 16;
      let col = 0;
      let v = 1;
      for (const ch of typed) {
        v = client.type(uri, line, col, ch);
        if (ch === '\n') {
          line++;
          col = 0;
        } else col++;
      }
      const final = await client.diagnosticsFor(uri, v, 20000);
      const versions = client.published(uri).map((p) => p.version);
      assertIncreasing(versions);
      const expected = analyze(client.text(uri), { path: uri }).findings;
      assert.deepEqual(summary(final), summary(expected.map((f) => ({ code: f.ruleId, range: f.range }))));
      assert.ok(final.some((d) => d.code === 'tx-origin-auth' && d.range.start.line === 16));
      if (debounceMs === 150) assert.ok(versions.length < typed.length / 2, `debounce should coalesce edits (${versions.length} publishes)`);
      client.close(uri);
    });
  }

  it('cancels the running analysis of an older version', async function () {
    this.timeout(200000);
    client.changeSettings({ logLevel: 'debug', debounceMs: 0 });
    const uri = TestClient.uri(path.join(FIXTURES, 'Cancel.sol'));
    const big = syntheticContract(10000, 'Cancel');
    client.logs.length = 0;
    client.open(uri, big, 1);
    // Wait until the worker has started on version 1, then change the text.
    await waitUntil(() => client.logs.some((l) => l.includes('analysing') && l.includes('Cancel.sol') && l.includes('version=1')) || undefined, 'analysis of version 1 to start', 30000);
    const v = client.replaceAll(uri, big.replace('return tx.origin == owner;', 'return msg.sender == owner;'));
    const diags = await client.diagnosticsFor(uri, v, 150000);
    assert.ok(!client.published(uri).some((p) => p.version === 1), 'version 1 was never published');
    assert.ok(!diags.some((d) => d.code === 'tx-origin-auth'));
    assert.ok(client.logs.some((l) => l.includes('cancelled by a newer version') && l.includes('version=1')), 'the running analysis of version 1 was aborted');
    client.close(uri);
  });

  it('analyses a 10,000-line document and stays responsive', async function () {
    this.timeout(300000);
    client.changeSettings({ logLevel: 'debug' });
    const uri = TestClient.uri(path.join(FIXTURES, 'Big.sol'));
    const big = syntheticContract(10000);
    const lines = big.split('\n').length;
    assert.ok(lines >= 10000);
    const t0 = Date.now();
    client.open(uri, big, 1);
    const diags = await client.diagnosticsFor(uri, 1, 150000);
    const ms = Date.now() - t0;
    const txLine = big.split('\n').findIndex((l) => l.includes('tx.origin'));
    assert.ok(diags.some((d) => d.code === 'tx-origin-auth' && d.range.start.line === txLine), `tx-origin-auth on line ${txLine}`);
    // A keystroke at the end is re-analysed and published for its version.
    const v = client.type(uri, txLine, 8, ' ');
    const again = await client.diagnosticsFor(uri, v, 150000);
    assert.ok(again.some((d) => d.code === 'tx-origin-auth'));
    const hover = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: txLine, character: 20 } });
    assert.ok(hover);
    client.close(uri);
    console.log(`      (10,000 lines: open→diagnostics ${ms} ms on this machine)`);
  });

  it('survives binary junk and half-typed code, and keeps answering', async () => {
    const junkUri = TestClient.uri(path.join(FIXTURES, 'Junk.sol'));
    let junk = '';
    let seed = 7;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      junk += String.fromCharCode(seed % 0xffff);
    }
    client.open(junkUri, junk, 1);
    const d1 = await client.diagnosticsFor(junkUri, 1, 30000);
    assert.ok(d1.some((d) => d.code === 'syntax-error'));
    const halfUri = TestClient.uri(path.join(FIXTURES, 'Half.sol'));
    client.open(halfUri, 'pragma solidity ^0.8.0;\ncontract A {\n  function f( external {\n    require(tx.origin == ', 1);
    const d2 = await client.diagnosticsFor(halfUri, 1);
    assert.ok(d2.some((d) => d.code === 'syntax-error'));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: halfUri } });
    assert.ok(Array.isArray(lenses));
    await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri: junkUri }] });
    // Still alive and analysing other documents.
    const uri = TestClient.uri(wallet);
    client.open(uri, fs.readFileSync(wallet, 'utf8'), 1);
    const d3 = await client.diagnosticsFor(uri, 1);
    assert.ok(d3.some((d) => d.code === 'tx-origin-auth'));
    assert.ok(client.alive);
    for (const u of [junkUri, halfUri, uri]) client.close(u);
  });

  it('scans the workspace in the background with progress', async () => {
    const seen = client.watchProgress('scan-1');
    const result = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.scanWorkspace', arguments: [{}], workDoneToken: 'scan-1' })) as { files: number; analysed: number; findings: number; cancelled: boolean };
    const onDisk = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.sol')).length;
    assert.equal(result.files, onDisk);
    assert.equal(result.analysed, onDisk);
    assert.ok(result.findings > 0);
    assert.equal(result.cancelled, false);
    const kinds = seen.map((p) => p.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds[kinds.length - 1], 'end');
    const walletDiags = client.latest(TestClient.uri(wallet));
    assert.ok(walletDiags?.diagnostics.some((d) => d.code === 'tx-origin-auth'), 'diagnostics published for files that are not open');
  });
});
