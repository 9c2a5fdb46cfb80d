import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { syntheticContract } from './synth';

/** What a user sees of a diagnostic: rule, place, message. */
const seen = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`).sort();

/**
 * Large documents travel to the analysis worker as edits of the text it was
 * last sent (a keystroke's edit instead of the whole text). The oracle: after
 * every edit, the document's diagnostics equal those of another document
 * opened with the same text whole.
 */
describe('server: large documents sent to the worker as edits', function () {
  this.timeout(240000);
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { debounceMs: 0, deepAnalysis: { onSave: false, onIdle: false } } });
  });
  after(async () => {
    await client.stop();
  });

  let fresh = 0;
  /** The diagnostics of a new document opened with `text` whole. */
  async function whole(text: string): Promise<string[]> {
    const uri = `file:///delta/fresh-${fresh++}.sol`;
    client.open(uri, text, 1);
    const ds = await client.diagnosticsFor(uri, 1, 120000);
    client.close(uri);
    return seen(ds);
  }

  it('gives, edit after edit, the diagnostics of the same text sent whole', async () => {
    const uri = 'file:///delta/Edited.sol';
    let text = syntheticContract(3000, 'Edited');
    assert.ok(text.length > 64 * 1024, 'large enough to travel as edits');
    client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1, 120000);
    const lines = () => text.split('\n');
    const firstBody = lines().findIndex((l) => l.includes('uint256 c = a + b * 1;'));
    const edits: Array<{ name: string; apply: () => number }> = [
      { name: 'a new statement with a finding', apply: () => client.type(uri, firstBody, 8, 'require(tx.origin == owner);\n        ') },
      { name: 'a character in the middle', apply: () => client.type(uri, 1500, 4, ' ') },
      { name: 'lines removed', apply: () => client.change(uri, [{ range: { start: { line: 200, character: 0 }, end: { line: 209, character: 0 } }, text: '' }]) },
      { name: 'text replaced at the start', apply: () => client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, text: '/*' + ' a note */ //' }]) },
      { name: 'a statement at the end', apply: () => client.type(uri, lines().length - 4, 0, '        if (tx.origin == owner) { return true; }\n') },
      { name: 'a half-typed statement', apply: () => client.type(uri, firstBody + 3, 8, 'uint256 z = ') },
      { name: 'two changes in one notification', apply: () => client.change(uri, [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '    // one\n' }, { range: { start: { line: 2500, character: 0 }, end: { line: 2500, character: 0 } }, text: '    // two\n' }]) },
    ];
    for (const e of edits) {
      const v = e.apply();
      text = client.text(uri);
      // The complete analysis (a large file's first answer to an edit may be provisional).
      const got = seen(await client.completeDiagnosticsFor(uri, v, 120000));
      assert.deepEqual(got, await whole(text), e.name);
    }
    assert.ok(seen(client.latest(uri)!.diagnostics).filter((d) => d.startsWith('tx-origin-auth@')).length >= 3, 'the findings typed in are reported');
    // Closed and opened again with another text: that text is sent whole, and edits apply to it.
    client.close(uri);
    text = syntheticContract(2500, 'Reopened');
    client.open(uri, text, 1);
    assert.deepEqual(seen(await client.diagnosticsFor(uri, 1, 120000)), await whole(text));
    const v = client.type(uri, 100, 0, '    // reopened\n');
    text = client.text(uri);
    assert.deepEqual(seen(await client.completeDiagnosticsFor(uri, v, 120000)), await whole(text));
    assert.ok(!client.logs.some((l) => l.startsWith('[error]')), client.logs.filter((l) => l.startsWith('[error]')).join('\n'));
  });
});
