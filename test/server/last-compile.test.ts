import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding } from '../../engine/src';
import { carryCompilerFindings, fromLastCompile, LAST_COMPILE_NOTE } from '../../server/src/lastCompile';
import { ROOT, TestClient, waitUntil } from './client';

const COUNTER = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'server', 'deep', 'Counter.sol'), 'utf8');
/** Two undeclared identifiers: the file parses (the fast tier has nothing to say) but does not compile. */
const BROKEN = COUNTER.replace('count++;', 'count++;\n        missing = 1;').replace('s += i;', 's += i;\n            other = 2;');

interface Lens {
  range: { start: { line: number } };
  command: { title: string };
}

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-last-compile-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const compilerErrors = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'compiler-error');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('server: compiler findings between compiles', function () {
  this.timeout(240000);

  it('moves an untouched compiler finding with the text, keeps a touched one only until the edit, and drops a syntax error on any edit of its line', () => {
    const old = 'aaa bbb\nccc ddd\neee\n';
    const finding = (line: number, a: number, b: number, message: string): Finding =>
      ({ ruleId: 'compiler-error', messageId: 'compiler-error', message, range: { start: { line, character: a }, end: { line, character: b } } }) as unknown as Finding;
    const fs_ = [finding(0, 4, 7, 'DeclarationError: bbb'), finding(1, 0, 3, 'ParserError: ccc'), finding(2, 0, 3, 'TypeError: eee')];
    // An edit at the end of the parser error's line ("ddd" → "ddd!"), away from its token.
    const { kept, dropped } = carryCompilerFindings(fs_, old, 'aaa bbb\nccc ddd!\neee\n');
    assert.equal(dropped, 1, 'the syntax error on the edited line is dropped');
    assert.deepEqual(kept.map((f) => f.message), ['DeclarationError: bbb' + LAST_COMPILE_NOTE, 'TypeError: eee' + LAST_COMPILE_NOTE]);
    assert.ok(kept.every(fromLastCompile));
    assert.deepEqual(kept[1].range, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    // An edit inside "bbb" drops that one only.
    const r = carryCompilerFindings(fs_, old, 'aaa bXb\nccc ddd\neee\n');
    assert.equal(r.dropped, 1);
    assert.deepEqual(r.kept.map((f) => f.message.split(':')[0]), ['ParserError', 'TypeError']);
    // A new line above everything moves every finding down, none dropped.
    const moved = carryCompilerFindings(fs_, old, '\n' + old);
    assert.equal(moved.dropped, 0);
    assert.deepEqual(moved.kept.map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]), [
      [1, 4, 7],
      [2, 0, 3],
      [3, 0, 3],
    ]);
  });

  it('drops a compiler error on the edit that touches it, keeps the others marked as from the last compile, and the next compile replaces them', async () => {
    const dir = tempProject({ 'Broken.sol': BROKEN });
    const file = path.join(dir, 'Broken.sol');
    const uri = TestClient.uri(file);
    const client = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    try {
      client.open(uri, BROKEN, 1);
      await client.diagnosticsFor(uri, 1);
      client.save(uri);
      const compiled = await waitUntil(() => {
        const p = client.latest(uri);
        return p?.version === 1 && compilerErrors(p.diagnostics).length === 2 ? p.diagnostics : undefined;
      }, 'two compiler errors', 180000);
      assert.ok(compilerErrors(compiled).every((d) => !(d.data as { fromLastCompile?: boolean }).fromLastCompile && !d.message.includes('last compile')));
      const missingLine = lineOf(BROKEN, 'missing = 1;');
      const otherLine = lineOf(BROKEN, 'other = 2;');
      assert.ok(compilerErrors(compiled).some((d) => d.range.start.line === missingLine));

      // Fix the first error: `missing` becomes `count` (an edit inside the error's range).
      const published = client.published(uri).length;
      const col = BROKEN.split('\n')[missingLine].indexOf('missing');
      const v2 = client.change(uri, [{ range: { start: { line: missingLine, character: col }, end: { line: missingLine, character: col + 'missing'.length } }, text: 'count' }]);
      // At once (before the fast tier's result for v2): a publish without the touched error.
      const interim = await waitUntil(() => client.published(uri).slice(published).find((p) => p.version === undefined), 'a publish on the edit itself');
      const firstOfV2 = client.published(uri).slice(published).findIndex((p) => p.version === v2);
      assert.ok(firstOfV2 === -1 || client.published(uri).slice(published).indexOf(interim) < firstOfV2, 'the touched error goes before the fast tier answers');
      assert.deepEqual(compilerErrors(interim.diagnostics).map((d) => d.range.start.line), [otherLine]);
      let ds = await client.diagnosticsFor(uri, v2);
      let errs = compilerErrors(ds);
      assert.equal(errs.length, 1, 'the untouched error stays');
      assert.equal(errs[0].range.start.line, otherLine);
      assert.match(errs[0].message, /\(from the last compile\)$/);
      assert.equal((errs[0].data as { fromLastCompile?: boolean }).fromLastCompile, true);

      // A line added above it: the untouched error moves down with its code.
      const v3 = client.type(uri, 2, 0, '// a comment\n');
      ds = await client.diagnosticsFor(uri, v3);
      errs = compilerErrors(ds);
      assert.equal(errs.length, 1);
      assert.equal(errs[0].range.start.line, otherLine + 1);
      assert.equal(client.text(uri).split('\n')[errs[0].range.start.line].slice(errs[0].range.start.character, errs[0].range.end.character), 'other');

      // The next compile replaces it with its own, unmarked.
      client.save(uri);
      const fresh = await waitUntil(() => {
        const p = client.latest(uri);
        const e = p?.version === v3 ? compilerErrors(p.diagnostics) : [];
        return e.length === 1 && !(e[0].data as { fromLastCompile?: boolean }).fromLastCompile ? e : undefined;
      }, 'the compile of v3', 180000);
      assert.equal(fresh[0].range.start.line, otherLine + 1);
      assert.doesNotMatch(fresh[0].message, /last compile/);
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never shows a gas figure measured on another text: after an edit and after Undo to an earlier text, pending until measured', async () => {
    const dir = tempProject({ 'Counter.sol': COUNTER });
    const uri = TestClient.uri(path.join(dir, 'Counter.sol'));
    const client = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    const lenses = async () => (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as Lens[];
    const bumpLine = lineOf(COUNTER, 'function bump');
    const bump = async () => (await lenses()).find((l) => l.range.start.line === bumpLine)?.command.title ?? '';
    const contract = async () => (await lenses()).find((l) => l.range.start.line === lineOf(COUNTER, 'contract Counter'))?.command.title ?? '';
    const measure = async (): Promise<string> => {
      client.save(uri);
      for (;;) {
        const seen = client.codeLensRefreshes;
        const t = await bump();
        if (/gas per call/.test(t)) return t;
        await waitUntil(() => client.codeLensRefreshes > seen || undefined, 'a codeLens refresh', 180000);
      }
    };
    try {
      client.open(uri, COUNTER, 1);
      await client.diagnosticsFor(uri, 1);
      const a = await measure();
      // Text B: bump() costs something else.
      const B = COUNTER.replace('count++;', 'count += 2;');
      const vB = client.replaceAll(uri, B);
      await client.diagnosticsFor(uri, vB);
      assert.doesNotMatch(await bump(), /gas per call/, 'no figure of text A over text B');
      assert.match(await contract(), /pending|measuring/);
      const b = await measure();
      console.log(`      A: ${a} | B: ${b}`);
      assert.notEqual(a, b, 'the two texts cost differently');
      // Undo back to text A: B's figure must not stay.
      const vA = client.replaceAll(uri, COUNTER);
      await client.diagnosticsFor(uri, vA);
      assert.doesNotMatch(await bump(), /gas per call/, 'no figure of text B over text A');
      assert.match(await contract(), /pending|measuring/);
      assert.equal(await measure(), a, 'measured again: the figure of text A');
    } finally {
      await client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('after a restart, analyses every document opened again with both tiers, the ones in the background too, without an error in the log', async () => {
    const dir = tempProject({ 'A.sol': BROKEN.replace('contract Counter', 'contract A'), 'B.sol': BROKEN.replace('contract Counter', 'contract B') });
    const uris = ['A.sol', 'B.sol'].map((n) => TestClient.uri(path.join(dir, n)));
    const settings = { deepAnalysis: { onSave: true, onIdle: true, idleMs: 200 } };
    const first = await TestClient.start({ root: dir, settings });
    try {
      for (const u of uris) first.open(u, fs.readFileSync(path.join(dir, path.basename(u)), 'utf8'), 1);
      for (const u of uris) first.save(u);
      // Compiles are under way (and may still be) when the server is stopped, as a restart does.
      await waitUntil(() => uris.every((u) => compilerErrors(first.latest(u)?.diagnostics ?? []).length > 0) || undefined, 'compiler errors before the restart', 180000);
      first.type(uris[1], 0, 0, ' ');
      first.save(uris[1]);
    } finally {
      await first.stop();
    }
    assert.deepEqual(first.logs.filter((l) => l.startsWith('[error]')), [], 'no error logged by the stop');
    assert.equal(first.stderr.trim(), '');

    const second = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: true, onIdle: false } }, initializationOptions: { restarted: true } });
    try {
      // The client opens every document again; B (opened last) is in front, A in the background. Nothing is saved.
      for (const u of uris) second.open(u, fs.readFileSync(path.join(dir, path.basename(u)), 'utf8'), 1);
      for (const u of uris) {
        const errs = await waitUntil(() => {
          const e = compilerErrors(second.latest(u)?.diagnostics ?? []);
          return e.length === 2 ? e : undefined;
        }, `compiler errors of ${path.basename(u)} after the restart`, 180000);
        assert.ok(errs.every((d) => !(d.data as { fromLastCompile?: boolean }).fromLastCompile));
      }
      assert.deepEqual(second.logs.filter((l) => l.startsWith('[error]')), []);
    } finally {
      await second.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
