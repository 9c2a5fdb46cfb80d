/**
 * What a Solidity engineer sees in the editor (issue 12): every finding
 * findable in the Problems panel, findings on a function shown on its name,
 * the fix first in the quick-fix menu, the hover not repeating the message,
 * one finding per problem, vendored code quiet, tests and scripts spared
 * production advice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { Finding } from '../../engine/src';
import { onePerProblem } from '../../server/src/dedupe';
import { TestClient, waitUntil } from './client';

const VAULT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Vault {
    address public owner;
    uint256 public fee;
    uint256[] public items;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "not owner");
        _;
    }

    function setFee(uint256 f) external onlyOwner {
        fee = f;
    }

    function sum() external view returns (uint256 s) {
        for (uint256 i = 0; i < items.length; i++) s += items[i];
    }

    function twice() external view returns (uint256 s) {
        for (uint256 j = 0; j < items.length; j++) s += 2 * items[j];
    }
}
`;

const SET_FEE_LINE = 17;

describe('server: the editor experience (issue 12)', function () {
  this.timeout(60000);
  let dir: string;
  let client: TestClient;
  const file = (rel: string) => path.join(dir, rel);
  const uriOf = (rel: string) => TestClient.uri(file(rel));

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-editor-')));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), text);
    };
    write('foundry.toml', '[profile.default]\nsrc = "src"\n');
    write('src/Vault.sol', VAULT);
    write('test/Vault.t.sol', VAULT.replace('contract Vault', 'contract VaultTest'));
    write('script/Deploy.sol', VAULT.replace('contract Vault', 'contract Deploy'));
    write('lib/dep/foundry.toml', '[profile.default]\n');
    write('lib/dep/src/Dep.sol', VAULT.replace('contract Vault', 'contract Dep'));
    // A remapped dependency outside lib/: vendored through the remapping, not its folder's name.
    write('remappings.txt', 'pkg/=vendor/pkg/\n');
    write('vendor/pkg/Pkg.sol', VAULT.replace('contract Vault', 'contract Pkg'));
    client = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: false, onIdle: false } } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function openAndWait(rel: string): Promise<{ uri: string; diags: Diagnostic[] }> {
    const uri = uriOf(rel);
    client.open(uri, fs.readFileSync(file(rel), 'utf8'), 1);
    return { uri, diags: await client.diagnosticsFor(uri, 1) };
  }

  it('shows gas and info findings as Information by default, and as Hint with synor.lowSeverityAs', async () => {
    const { uri, diags } = await openAndWait('src/Vault.sol');
    const gas = diags.find((d) => d.code === 'prefix-increment');
    const central = diags.find((d) => d.code === 'centralization');
    assert.ok(gas && central, diags.map((d) => d.code).join(', '));
    assert.equal(gas.severity, 3, 'a gas finding is Information: listed in the Problems panel');
    assert.equal(central.severity, 3, 'an info-severity finding is Information');
    assert.ok(diags.every((d) => d.severity !== 4), 'no hints by default');
    const before = client.published(uri).length;
    client.changeSettings({ deepAnalysis: { onSave: false, onIdle: false }, lowSeverityAs: 'hint' });
    const hinted = await waitUntil(() => {
      const p = client.published(uri).slice(before).find((x) => x.diagnostics.some((d) => d.code === 'prefix-increment' && d.severity === 4));
      return p?.diagnostics;
    }, 'gas findings republished as hints');
    assert.equal(hinted.find((d) => d.code === 'centralization')!.severity, 4);
    assert.equal(hinted.find((d) => d.code === 'missing-events')!.severity, 3, 'a low-severity finding stays Information');
    const reset = client.published(uri).length;
    client.changeSettings({ deepAnalysis: { onSave: false, onIdle: false } });
    await waitUntil(() => client.published(uri).slice(reset).some((x) => x.diagnostics.some((d) => d.code === 'prefix-increment' && d.severity === 3)) || undefined, 'back to Information');
    client.close(uri);
  });

  it('puts a finding about a whole function on its name, not over its body', async () => {
    const { uri, diags } = await openAndWait('src/Vault.sol');
    const nameRange = { start: { line: SET_FEE_LINE, character: 13 }, end: { line: SET_FEE_LINE, character: 19 } };
    for (const code of ['centralization', 'missing-events']) {
      const d = diags.find((x) => x.code === code && x.range.start.line === SET_FEE_LINE);
      assert.ok(d, `${code} on setFee`);
      assert.deepEqual(d.range, nameRange, `${code} underlines \`setFee\` only`);
    }
    // A hover inside the body no longer repeats the function's findings.
    const inside = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: SET_FEE_LINE + 1, character: 10 } })) as { contents: { value: string } } | null;
    assert.ok(!inside || !/centralization|missing-events/.test(inside.contents.value), inside?.contents.value);
    client.close(uri);
  });

  it('orders quick fixes: the fix first (preferred), fix-all next, suppress and docs last', async () => {
    const { uri, diags } = await openAndWait('src/Vault.sol');
    // Two findings at one place (prefix-increment and unchecked-increment on `i++`), diagnostics in the editor's order.
    const here = diags.filter((d) => d.range.start.line === 22 && d.range.start.character === 46);
    assert.ok(here.length >= 2, here.map((d) => d.code).join(', '));
    // The source action (`source.fixAll.synor`) is listed by VS Code under "Source Action", after the quick fixes.
    const actions = (await client.codeActions(uri, here[0].range, [...here].reverse())).filter((a) => a.kind === 'quickfix');
    const titles = actions.map((a) => a.title);
    // Triage ("Mark … as false positive…", "Accept risk of …") is suppressing too, listed with it.
    const kind = (t: string) => (t.startsWith('Fix all ') ? 1 : t.startsWith('Disable ') || /^(Mark |Accept risk )/.test(t) ? 2 : t.startsWith('Show documentation') ? 3 : 0);
    const kinds = titles.map(kind);
    assert.deepEqual(kinds, [...kinds].sort((a, b) => a - b), `fixes, then fix-all, then disable, then docs: ${titles.join(' | ')}`);
    assert.equal(kinds[0], 0, 'a fix comes first');
    assert.ok(actions[0].isPreferred, `the first action is the preferred fix: ${titles.join(' | ')}`);
    assert.equal(actions.filter((a) => a.isPreferred).length, 1, 'one preferred action');
    assert.ok(kinds.includes(1) && kinds.includes(2) && kinds.includes(3), titles.join(' | '));
    client.close(uri);
  });

  it('does not repeat the diagnostic message in the hover', async () => {
    const { uri, diags } = await openAndWait('src/Vault.sol');
    const d = diags.find((x) => x.code === 'centralization' && x.range.start.line === SET_FEE_LINE)!;
    const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { value: string } };
    const value = hover.contents.value;
    assert.match(value, /`centralization`/);
    assert.ok(!value.includes('can only be called by a privileged account'), `the message is shown by the editor once, not again in the hover:\n${value}`);
    assert.match(value, /Documentation for centralization/);
    client.close(uri);
  });

  it('publishes nothing for vendored code by default, and its findings with synor.showVendoredFindings', async () => {
    const { uri, diags } = await openAndWait('lib/dep/src/Dep.sol');
    assert.deepEqual(diags, [], 'a dependency under lib/ is quiet');
    const symbols = await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }).catch(() => null);
    if (Array.isArray(symbols)) assert.ok(symbols.length > 0, 'still analysed for navigation');
    const before = client.published(uri).length;
    client.changeSettings({ deepAnalysis: { onSave: false, onIdle: false }, showVendoredFindings: true });
    await waitUntil(() => client.published(uri).slice(before).some((p) => p.diagnostics.some((d) => d.code === 'centralization')) || undefined, 'vendored findings shown on request');
    client.changeSettings({ deepAnalysis: { onSave: false, onIdle: false } });
    client.close(uri);
    const remapped = await openAndWait('vendor/pkg/Pkg.sol');
    assert.deepEqual(remapped.diags, [], 'a remapped dependency is quiet too');
    client.close(remapped.uri);
  });

  it('spares Forge tests and scripts production advice and deployment lenses', async () => {
    const own = await openAndWait('src/Vault.sol');
    const ownLenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: own.uri } })) as unknown[];
    assert.ok(ownLenses.length > 0, 'a source file has gas lenses');
    client.close(own.uri);
    for (const rel of ['test/Vault.t.sol', 'script/Deploy.sol']) {
      const { uri, diags } = await openAndWait(rel);
      const codes = diags.map((d) => d.code);
      assert.ok(!codes.includes('centralization'), `${rel}: no centralization advice (${codes.join(', ')})`);
      assert.ok(!codes.includes('missing-events'), `${rel}: no missing-events (${codes.join(', ')})`);
      assert.ok(!codes.some((c) => ['prefix-increment', 'cache-array-length', 'immutable-state', 'custom-errors'].includes(String(c))), `${rel}: no gas advice (${codes.join(', ')})`);
      const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as unknown[];
      assert.deepEqual(lenses, [], `${rel}: no deployment lenses`);
      client.close(uri);
    }
  });
});

describe('server: one finding per problem', () => {
  const at = (line: number, c0: number, c1: number, l1 = line) => ({ start: { line, character: c0 }, end: { line: l1, character: c1 } });
  const finding = (ruleId: string, range: ReturnType<typeof at>, message = ruleId): Finding => ({ ruleId, range, message, category: 'quality', severity: 'low', confidence: 'high', title: ruleId, fixes: [] }) as unknown as Finding;

  it('drops solc’s warning where a rule reports the same expression, and solc’s parser error while Synor reports the syntax error', () => {
    const out = onePerProblem([
      finding('deprecated-apis', at(26, 8, 22)),
      finding('compiler-warning', at(26, 8, 19), 'Warning: "transfer" is deprecated'),
      finding('syntax-error', at(9, 14, 15)),
      finding('compiler-error', at(10, 8, 13), "ParserError: Expected ';' but got identifier"),
      finding('compiler-error', at(30, 8, 13), 'DeclarationError: Undeclared identifier.'),
      finding('compiler-warning', at(3, 4, 2, 8), 'Warning: Function state mutability can be restricted to view'),
      finding('centralization', at(3, 13, 19)),
      finding('compiler-warning', at(40, 4, 20), 'Warning: Unused local variable.'),
    ]);
    assert.deepEqual(
      out.map((f) => `${f.ruleId}@${f.range.start.line}`),
      ['deprecated-apis@26', 'syntax-error@9', 'compiler-error@30', 'compiler-warning@3', 'centralization@3', 'compiler-warning@40'],
    );
  });
});

describe('server: one finding per problem, with the compiler', function () {
  this.timeout(240000);
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-dedupe-')));
    client = await TestClient.start({ root: dir, settings: { deepAnalysis: { onSave: true, onIdle: false } } });
  });
  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a file, saves it, waits for the compiler (the report waits for the deep tier) and returns what is published then. */
  async function compiled(name: string, text: string): Promise<Diagnostic[]> {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    const uri = TestClient.uri(f);
    client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
    client.save(uri);
    const report = (await client.conn.sendRequest('workspace/executeCommand', { command: 'synor.report', arguments: [{ uri }] })) as { deep: { status: string } };
    assert.notEqual(report.deep.status, 'pending', 'the compiler ran');
    return client.latest(uri)!.diagnostics;
  }

  it('shows a deprecated transfer once (deprecated-apis, not also solc’s warning)', async () => {
    const text = `// SPDX-License-Identifier: MIT\npragma solidity 0.8.37;\n\ncontract Pay {\n    function pay(address payable to) external {\n        to.transfer(1);\n    }\n    function unused() external pure returns (uint256) {\n        uint256 x;\n        return 1;\n    }\n}\n`;
    const diags = await compiled('Pay.sol', text);
    const show = JSON.stringify(diags.map((d) => [d.code, d.range.start.line, d.message]));
    // The unused local is a compiler warning no rule repeats: it says the compiler's findings were merged.
    assert.ok(diags.some((d) => d.code === 'compiler-warning' && d.range.start.line === 8), show);
    const line5 = diags.filter((d) => d.range.start.line === 5).map((d) => d.code);
    assert.ok(line5.includes('deprecated-apis'), show);
    assert.ok(!line5.includes('compiler-warning'), `solc's deprecation warning is left out: ${show}`);
  });

  it('shows a missing `;` once (Synor’s syntax error, not also solc’s parser error on the next line)', async () => {
    const text = `// SPDX-License-Identifier: MIT\npragma solidity 0.8.37;\n\ncontract Semi {\n    uint256 public n;\n    function set(uint256 v) external {\n        n = v\n        n += 1;\n    }\n}\n`;
    const diags = await compiled('Semi.sol', text);
    const errors = diags.filter((d) => d.severity === 1);
    assert.deepEqual(errors.map((d) => d.code), ['syntax-error'], JSON.stringify(diags.map((d) => [d.code, d.range.start.line, d.message])));
  });

  it('clears the compiler’s findings with the first edit, not at the next compile', async () => {
    const text = `// SPDX-License-Identifier: MIT\npragma solidity 0.8.37;\n\ncontract Undeclared {\n    function f() external pure returns (uint256) {\n        return missing;\n    }\n}\n`;
    const diags = await compiled('Undeclared.sol', text);
    assert.ok(diags.some((d) => d.code === 'compiler-error'), JSON.stringify(diags.map((d) => d.code)));
    const uri = TestClient.uri(path.join(dir, 'Undeclared.sol'));
    const v = client.change(uri, [{ range: { start: { line: 5, character: 15 }, end: { line: 5, character: 22 } }, text: '1' }]);
    const first = client.published(uri).find((p) => p.version === v) ?? { diagnostics: await client.diagnosticsFor(uri, v) };
    assert.ok(!first.diagnostics.some((d) => d.code === 'compiler-error'), 'the first publish for the edited text has no compiler error');
  });
});
