import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ruleMap } from '../../engine/src';
import { toViewModel, type RawReport } from '../../client/src/report/model';
import { renderReportBody } from '../../client/src/report/render';
import { ROOT, TestClient, waitUntil } from './client';

const DIR = path.join(ROOT, 'test', 'fixtures', 'server', 'gas-premeasure');
const file = path.join(DIR, 'Tally.sol');
const MEASURED_TITLE = / — (saves ([\d,]+) gas (per call|per iteration|at deployment)|trade-off: .*) \(measured(, refund included)?\)$/;

const isGas = (d: Diagnostic) => d.source === 'synor' && ruleMap().get(String(d.code))?.category === 'gas';

/**
 * After a save the deep tier measures the gas hints' fixes of the file in front
 * ahead of being asked: the quick fix's title, the hover and the diagnostic
 * carry the measured figure without a codeAction/resolve; an edit makes the
 * figure unknown again; the report's Gas column shows each fix's measurement.
 * Real server over stdio, real solc, real EVM.
 */
describe('server: gas hints measured ahead of time', function () {
  this.timeout(300000);
  let client: TestClient;
  const uri = TestClient.uri(file);
  before(async () => {
    client = await TestClient.start({ root: DIR, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    client.open(uri, fs.readFileSync(file, 'utf8'), 1);
    await client.diagnosticsFor(uri, 1, 60000);
  });
  after(async () => {
    await client.stop();
  });

  const fixOf = async (d: Diagnostic): Promise<CodeAction | undefined> => {
    const actions = await client.codeActions(uri, d.range, [d]);
    return actions.find((a) => (a.data as { kind?: string } | undefined)?.kind === 'fix' || (a.command?.command === 'synor.applyUnsafeFix' && !/^Fix all/.test(a.title)));
  };

  let measured: { rule: string; line: number; title: string } | undefined;

  it('titles a gas hint’s quick fix with its measured saving after a save, without resolve', async () => {
    const before = client.latest(uri)!.diagnostics.filter(isGas);
    assert.ok(before.length >= 3, `gas hints in the fixture: ${before.map((d) => d.code).join(', ')}`);
    for (const d of before) assert.doesNotMatch((await fixOf(d))?.title ?? '', /\(measured/, 'nothing measured before the save');
    client.save(uri);
    // Polls the quick fixes (never resolving them) until one carries a measured figure.
    const started = Date.now();
    while (!measured) {
      if (Date.now() - started > 240000) assert.fail('no quick fix title carried a measured figure within 240 s of the save');
      for (const d of client.latest(uri)!.diagnostics.filter(isGas)) {
        const fix = await fixOf(d);
        if (fix && MEASURED_TITLE.test(fix.title)) {
          measured = { rule: String(d.code), line: d.range.start.line, title: fix.title };
          break;
        }
      }
      if (!measured) await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`      ${measured.rule} at line ${measured.line + 1}: ${measured.title}`);
    // The figure is a real measurement: the diagnostic's message is republished with the judged effect.
    const d = await waitUntil(() => client.latest(uri)!.diagnostics.find((x) => x.code === measured!.rule && x.range.start.line === measured!.line && /Measured (saving|trade-off)/.test(x.message)), 'the diagnostic with its measured effect', 60000);
    assert.match(d.message, /\(solc 0\.8\.\d+, optimizer (off|on, \d+ runs)/);
    // The hover shows the same figure as the title.
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
    const figure = MEASURED_TITLE.exec(measured.title)![2];
    assert.match(hover.contents.value, /\*Gas:\* Measured (saving|trade-off)/);
    if (figure) assert.ok(hover.contents.value.includes(`−${figure}`), `the hover names −${figure}: ${hover.contents.value}`);
  });

  it('gives the Gas column of the report each fix’s measured effect', async () => {
    const raw = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as RawReport & { fixes?: Array<{ ruleId: string; gas?: { measured?: unknown; verdict?: unknown } }> };
    assert.equal(raw.error, undefined);
    const vm = toViewModel(raw, 'Tally.sol');
    const gasFixes = vm.fixes.filter((x) => ruleMap().get(x.ruleId)?.category === 'gas');
    assert.ok(gasFixes.length >= 3);
    console.log(`      Gas column: ${gasFixes.map((x) => `${x.ruleId}: ${x.saving ?? '(empty)'}`).join(' | ')}`);
    // Every gas fix has a figure from the EVM (or says why it has none); none is left as an estimate.
    for (const x of gasFixes) assert.match(x.saving ?? '', /^(Measured|measured, not a saving|not measured: )/, `${x.ruleId} at line ${x.line}`);
    assert.ok(gasFixes.some((x) => /^Measured (saving|trade-off)/.test(x.saving ?? '')));
    assert.ok(raw.fixes?.some((x) => x.gas?.measured && x.gas.verdict), 'the server sends each fix with its measurement');
    // The deep run analysed the compiled code too: the view draws its Bytecode section, with the
    // runtime size the gas measurement deployed.
    const code = vm.bytecode.find((b) => b.contract === 'Tally');
    assert.ok(code, `bytecode of Tally in the report: ${vm.bytecode.map((b) => b.contract).join(', ')}`);
    const deployed = vm.contracts.find((c) => c.name === 'Tally');
    assert.equal(code.runtimeSize, deployed?.runtimeSize);
    const html = renderReportBody(vm);
    const section = /<section id="bytecode">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    assert.match(section, /<h3>Tally<\/h3>/);
    assert.ok(section.includes(`${code.runtimeSize!.toLocaleString('en-US')} bytes of runtime`), section.slice(0, 400));
    assert.match(section, new RegExp(`${code.selectors!.count} dispatched; they agree with the ABI`));
  });

  it('drops the figure from the title once the text is edited', async () => {
    assert.ok(measured, 'measured in the first test');
    // A comment at the end of the file: the hint is still there, its figure is for the old text.
    const lines = client.text(uri).split('\n').length;
    const version = client.type(uri, lines - 1, 0, '// edited\n');
    await client.diagnosticsFor(uri, version, 60000);
    const d = client.latest(uri)!.diagnostics.find((x) => x.code === measured!.rule && x.range.start.line === measured!.line);
    assert.ok(d, 'the hint is still shown after the edit');
    assert.doesNotMatch(d.message, /Measured/);
    const fix = await fixOf(d);
    assert.ok(fix);
    assert.doesNotMatch(fix.title, /\(measured/, fix.title);
    // Undone, the text is the measured one again: the figure is found by the text's hash.
    const back = client.change(uri, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines, character: 0 } }, text: '' }]);
    await client.diagnosticsFor(uri, back, 60000);
    const again = client.latest(uri)!.diagnostics.find((x) => x.code === measured!.rule && x.range.start.line === measured!.line)!;
    assert.equal((await fixOf(again))?.title, measured.title);
  });
});

/**
 * A figure is keyed by the measured file's own text, but the file was compiled
 * with its imports: an edit of an imported base (open in the editor) makes the
 * importer's figures stale, so they are dropped until measured again.
 */
describe('server: measured gas figures and the files they import', function () {
  this.timeout(300000);
  const dir = path.join(ROOT, 'test', 'fixtures', 'server', 'gas-premeasure-import');
  const scores = TestClient.uri(path.join(dir, 'Scores.sol'));
  const weights = TestClient.uri(path.join(dir, 'Weights.sol'));
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
    client.open(scores, fs.readFileSync(path.join(dir, 'Scores.sol'), 'utf8'), 1);
    await client.diagnosticsFor(scores, 1, 60000);
  });
  after(async () => {
    await client.stop();
  });

  const titleOf = async (d: Diagnostic): Promise<string> => {
    const actions = await client.codeActions(scores, d.range, [d]);
    return actions.find((a) => (a.data as { kind?: string } | undefined)?.kind === 'fix' || (a.command?.command === 'synor.applyUnsafeFix' && !/^Fix all/.test(a.title)))?.title ?? '';
  };

  it('drops the importer’s figures when an imported file is edited', async () => {
    client.save(scores);
    const started = Date.now();
    let measured: { rule: string; line: number } | undefined;
    while (!measured) {
      if (Date.now() - started > 240000) assert.fail('no quick fix title carried a measured figure within 240 s of the save');
      for (const d of client.latest(scores)!.diagnostics.filter(isGas)) {
        if (MEASURED_TITLE.test(await titleOf(d))) {
          measured = { rule: String(d.code), line: d.range.start.line };
          break;
        }
      }
      if (!measured) await new Promise((r) => setTimeout(r, 250));
    }
    // The base is opened and edited in the editor: Scores is analysed again over the new text.
    client.open(weights, fs.readFileSync(path.join(dir, 'Weights.sol'), 'utf8'), 1);
    await client.diagnosticsFor(weights, 1, 60000);
    const own = client.latest(scores)!.version;
    const v = client.type(weights, 5, 0, '    uint256 public offset = 1;\n');
    await client.diagnosticsFor(weights, v, 60000);
    // Polled: the importer is analysed again in the background; its own text never changes.
    const deadline = Date.now() + 60000;
    let title = '';
    for (;;) {
      const d = client.latest(scores)!.diagnostics.find((x) => x.code === measured!.rule && x.range.start.line === measured!.line);
      assert.ok(d, 'the hint is still shown');
      title = await titleOf(d);
      if (!/\(measured/.test(title) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.doesNotMatch(title, /\(measured/, 'the figure measured over the old base is gone');
    assert.equal(client.latest(scores)!.version, own, 'the importer’s own text did not change');
  });
});
