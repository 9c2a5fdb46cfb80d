import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import type { FindingGas, MeasuredGas } from '../../engine/src';
import { measuredEffect, measuredWithdrawn } from '../../server/src/convert';
import { ROOT, TestClient, waitUntil } from './client';

const DIR = path.join(ROOT, 'test', 'fixtures', 'server', 'measured');
const file = path.join(DIR, 'Verdicts.sol');

interface Lens {
  range: { start: { line: number } };
  command: { title: string };
}

/** The measured effect of a fix is visible: in its title, in the hover, and a loss is withdrawn. */
describe('server: measured fixes and figures are shown as judged', function () {
  this.timeout(240000);
  let client: TestClient;
  const uri = TestClient.uri(file);
  before(async () => {
    client = await TestClient.start({ root: DIR, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    client.open(uri, fs.readFileSync(file, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1);
  });
  after(async () => {
    await client.stop();
  });

  const lenses = async () => (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
  const diagnostic = (rule: string): Diagnostic => {
    const d = client.latest(uri)!.diagnostics.find((x) => x.code === rule);
    assert.ok(d, `a ${rule} diagnostic`);
    return d;
  };
  const fixOf = async (rule: string): Promise<CodeAction | undefined> => {
    const d = diagnostic(rule);
    const actions = await client.codeActions(uri, d.range, [d]);
    // The fix is the action that is neither fix-all, disable, triage nor documentation.
    return actions.find((a) => a.data && (a.data as { kind?: string }).kind === 'fix');
  };

  it('labels a figure with a refund "(refund included)" and a reverted call with its reason, never "(measured)"', async () => {
    const refreshes = client.codeLensRefreshes;
    client.save(uri);
    await waitUntil(() => client.codeLensRefreshes > refreshes || undefined, 'workspace/codeLens/refresh', 180000);
    let all = await lenses();
    for (let seen = client.codeLensRefreshes; !all.some((l) => /deploy/.test(l.command.title)); ) {
      await waitUntil(() => client.codeLensRefreshes > seen || undefined, 'another codeLens refresh', 180000);
      seen = client.codeLensRefreshes;
      all = await lenses();
    }
    console.log(`      lenses: ${all.map((l) => `L${l.range.start.line + 1} ${l.command.title}`).join(' | ')}`);
    const at = (line: number) => all.find((l) => l.range.start.line === line)?.command.title ?? '';
    assert.match(at(15), /^[\d,]+ gas per call \(measured\)$/, 'sum(): a plain figure');
    assert.match(at(26), /^[\d,]+ gas per call \(refund included\)$/, 'reset(): the figure includes a refund');
    assert.match(at(31), /\(reverted: .*nope.*\)/, 'fail(): reverted, with its reason');
    assert.doesNotMatch(at(31), /\(measured\)/);
  });

  it('titles a fix with its measured saving once measured, and the hover names solc and the optimizer', async () => {
    // After the save the deep tier measures the gas hints ahead of time (gas-premeasure.test.ts); an
    // unsaved edit leaves this text unmeasured, so that resolve is what measures here.
    const lines = client.text(uri).split('\n').length;
    await client.diagnosticsFor(uri, client.type(uri, lines - 1, 0, '// unsaved\n'), 60000);
    const fix = await fixOf('prefix-increment');
    assert.ok(fix);
    assert.doesNotMatch(fix.title, /measured/, 'not measured yet: no figure in the title');
    const resolved = await client.resolve(fix);
    console.log(`      resolved: ${resolved.title}`);
    assert.match(resolved.title, / — saves [\d,]+ gas per (call|iteration) \(measured\)$/);
    // Asked again, the light bulb shows the measured effect straight away.
    const again = await fixOf('prefix-increment');
    assert.equal(again?.title, resolved.title);
    const d = diagnostic('prefix-increment');
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
    assert.match(hover.contents.value, /\*Gas:\* Measured saving \(solc 0\.8\.\d+, optimizer (off|on, \d+ runs)\): /);
  });

  it('withdraws a fix measured as a loss from the quick fixes, and the hover says so', async () => {
    const fix = await fixOf('cache-storage-read');
    assert.ok(fix, 'offered before it is measured');
    const resolved = await client.resolve(fix);
    const notes = Object.values(resolved.edit?.changeAnnotations ?? {});
    console.log(`      loss: ${notes.map((n) => n.description).join(' | ')}`);
    assert.ok(notes.some((n) => n.needsConfirmation && /Measured loss/.test(n.description ?? '')), JSON.stringify(notes));
    assert.equal(await fixOf('cache-storage-read'), undefined, 'withdrawn once measured as a loss');
    const d = diagnostic('cache-storage-read');
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
    assert.match(hover.contents.value, /Measured loss \(solc [^)]*\).*the fix is not offered/);
  });
});

/** The title's words for each verdict, from figures the deep tier gives (no server needed). */
describe('server: the measured effect in a fix title', () => {
  const base = { solc: '0.8.37', optimizer: { enabled: true, runs: 200 } };
  const gas = (measured: Omit<MeasuredGas, 'solc' | 'optimizer'>, kind: NonNullable<FindingGas['verdict']>['kind']): FindingGas => ({ measured: { ...base, ...measured }, verdict: { kind, summary: `Measured ${kind}.` } });

  it('names the saving per loop iteration before the saving per call', () => {
    const g = gas({ deploy: { before: 100, after: 100 }, calls: [{ fn: 'sum(uint256)', before: 1000, after: 990, perIteration: { before: 60, after: 55 } }] }, 'saving');
    assert.equal(measuredEffect(g), 'saves 5 gas per iteration (measured)');
  });

  it('gives both sides of a trade-off, and says when a figure includes a refund', () => {
    const g = gas({ deploy: { before: 1000, after: 1864 }, calls: [{ fn: 'f()', before: 30000, after: 29913, refunded: true }] }, 'trade-off');
    assert.equal(measuredEffect(g), 'trade-off: +864 deployment, −87 per call (measured, refund included)');
  });

  it('offers no effect for a loss or no change, and withdraws them', () => {
    for (const kind of ['loss', 'no-effect'] as const) {
      const g = gas({ deploy: { before: 1000, after: 1000 }, calls: [{ fn: 'f()', before: 100, after: 100 }] }, kind);
      assert.equal(measuredEffect(g), undefined);
      assert.equal(measuredWithdrawn(g), true);
    }
    assert.equal(measuredWithdrawn({ estimate: { saving: 5, basis: 'x' } }), false);
  });
});
