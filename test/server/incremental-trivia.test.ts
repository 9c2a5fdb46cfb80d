import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, defaultConfig, parse } from '../../engine/src';
import { newParseMemory, runFastJob } from '../../server/src/fastTier';
import { ProjectHost } from '../../server/src/projects';
import { reparse } from '../../server/src/incremental';
import { TestClient, waitUntil } from './client';

/**
 * A contract whose comments matter in different ways: plain notes (which no
 * rule reads), NatSpec before a constant (private-constants reads it), a
 * suppression comment, and a trailing comment next to a finding with a fix.
 */
const VAULT = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// @title A vault that keeps deposits per account.
contract Vault {
    /// @notice The fee, in basis points, that readers of the ABI look up.
    uint256 private constant FEE_BPS = 30;
    uint256 private constant LIMIT = 1000; // a plain note
    address public owner;
    mapping(address => uint256) public balances;

    /* Deposits are credited
       to the sender. */
    function deposit() external payable {
        // credit the sender
        balances[msg.sender] += msg.value;
    }

    function withdraw(uint256 amount) external {
        require(balances[msg.sender] >= amount, "too low");
        // pay first, then book: the order matters here
        (bool ok, ) = msg.sender.call{value: amount}("");
        require(ok, "send");
        balances[msg.sender] -= amount;
    }

    function sweep(address to) external {
        // synor-disable-next-line tx-origin-auth
        require(tx.origin == owner, "owner");
        payable(to).transfer(address(this).balance);
    }

    function fee(uint256 a) external pure returns (uint256) {
        return a * FEE_BPS / 10000 + LIMIT * 0;
    }

    function check() external view returns (bool) {
        return tx.origin == owner; // who started it
    }
}
`;

/** Inserts `insert` after the first occurrence of `anchor` (at `offset` into it), replacing `remove` characters. */
function edit(text: string, anchor: string, offset: number, remove: number, insert: string): string {
  const at = text.indexOf(anchor);
  assert.ok(at >= 0, anchor);
  return text.slice(0, at + offset) + insert + text.slice(at + offset + remove);
}

/** The edits of the sequence below, each with whether its findings may be moved (no rule runs). */
const STEPS: Array<{ name: string; next: (t: string) => string; moved: boolean }> = [
  { name: 'typing in a line comment in a function', next: (t) => edit(t, '// credit the sender', 20, 0, ' now'), moved: true },
  { name: 'typing in a block comment', next: (t) => edit(t, 'Deposits are credited', 8, 0, 'all '), moved: true },
  { name: 'a line break inside a block comment', next: (t) => edit(t, 'to the sender.', 6, 1, '\n       '), moved: true },
  { name: 'indenting a statement', next: (t) => edit(t, 'balances[msg.sender] += msg.value;', 0, 0, '    '), moved: true },
  { name: 'a blank line between functions', next: (t) => edit(t, '    function fee(', 0, 0, '\n'), moved: true },
  { name: 'a trailing comment after a finding', next: (t) => edit(t, '// who started it', 17, 0, ' first'), moved: true },
  { name: 'a comment above a function with a fixable finding', next: (t) => edit(t, '// pay first', 6, 0, 'always '), moved: true },
  { name: 'NatSpec a rule reads', next: (t) => edit(t, '/// @notice The fee', 4, 7, '@dev'), moved: false },
  { name: 'the suppression comment', next: (t) => edit(t, 'disable-next-line tx-origin-auth', 32, 0, ', reentrancy-eth'), moved: false },
  { name: 'a line break between a suppression and its line', next: (t) => edit(t, 'reentrancy-eth\n', 15, 0, '\n'), moved: false },
  { name: 'a comment turned into code', next: (t) => edit(t, '// a plain note', 2, 0, '\n    uint256 public extra;//'), moved: false },
  { name: 'a plain comment again, after the full path', next: (t) => edit(t, '// a plain note', 15, 0, '!'), moved: true },
  { name: 'a space inside a string', next: (t) => edit(t, '"too low"', 4, 0, ' '), moved: false },
];

describe('server: comment and whitespace edits move the previous findings', () => {
  it('gives, edit after edit, exactly the findings of a full analysis, and runs no rule where it may move them', () => {
    const memory = newParseMemory();
    const config = defaultConfig();
    const file = '/virtual/Vault.sol';
    let text = VAULT;
    assert.equal(runFastJob({ text, path: file, config }, undefined, memory).parseKind, 'full');
    for (const step of STEPS) {
      text = step.next(text);
      const out = runFastJob({ text, path: file, config }, undefined, memory);
      assert.equal(out.parseKind === 'moved', step.moved, `${step.name}: parse kind ${out.parseKind}`);
      const full = analyze(text, { path: file, config });
      assert.deepEqual(out.result.findings, full.findings, `${step.name}: findings differ from a full analysis`);
      assert.equal(out.result.stats.lines, full.stats.lines);
    }
  });

  it('moves a 10,000-line file in a few milliseconds', () => {
    const memory = newParseMemory();
    const config = defaultConfig();
    const parts = [VAULT.slice(0, VAULT.lastIndexOf('}'))];
    for (let i = 0; parts.join('').split('\n').length < 10000; i++) parts.push(`    // step ${i}\n    function g${i}(uint256 a) external pure returns (uint256) {\n        return a * ${i + 1}; // note ${i}\n    }\n\n`);
    let text = parts.join('') + '}\n';
    runFastJob({ text, path: '/virtual/Big.sol', config }, undefined, memory);
    const times: number[] = [];
    for (let k = 0; k < 10; k++) {
      // Alternately near the top (every later node moves) and near the end.
      text = k % 2 === 0 ? edit(text, 'credit the sender', 0, 0, 'x') : edit(text, '// note 500', 11, 0, '.');
      const out = runFastJob({ text, path: '/virtual/Big.sol', config }, undefined, memory);
      assert.equal(out.parseKind, 'moved');
      times.push(out.workerMs);
    }
    assert.deepEqual(runFastJob({ text, path: '/virtual/Big.sol', config: { ...config } }, undefined, newParseMemory()).result.findings, analyze(text, { path: '/virtual/Big.sol', config }).findings);
    times.sort((a, b) => a - b);
    // Generous against a loaded machine: a full analysis of this file takes seconds.
    assert.ok(times[5] < 200, `median ${times[5].toFixed(1)} ms`);
  });

  it('a code edit after moved results re-parses its member over the moved tree, exactly', () => {
    const memory = newParseMemory();
    const config = defaultConfig();
    let text = VAULT;
    runFastJob({ text, path: '/virtual/V.sol', config }, undefined, memory);
    text = edit(text, '// credit the sender', 9, 0, 'and log ');
    assert.equal(runFastJob({ text, path: '/virtual/V.sol', config }, undefined, memory).parseKind, 'moved');
    text = edit(text, 'function sweep(address to) external {', 0, 0, '\n\n');
    assert.equal(runFastJob({ text, path: '/virtual/V.sol', config }, undefined, memory).parseKind, 'moved');
    text = edit(text, 'balances[msg.sender] -= amount;', 0, 0, 'uint256 left = amount; ');
    const out = runFastJob({ text, path: '/virtual/V.sol', config }, undefined, memory);
    assert.equal(out.parseKind, 'member');
    assert.deepEqual(out.result.findings, analyze(text, { path: '/virtual/V.sol', config }).findings);
  });

  it('moves nothing once another file of the project changed: an open base edited, then a comment of the derived file', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-trivia-project-')));
    try {
      const base = path.join(dir, 'Base.sol');
      const derived = path.join(dir, 'Derived.sol');
      const baseText = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\ncontract Base {\n    address public owner;\n}\n';
      let text = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n\nimport {Base} from "./Base.sol";\n\ncontract Derived is Base {\n    // a note\n    function check() external view returns (bool) {\n        return tx.origin == owner;\n    }\n}\n';
      fs.writeFileSync(base, baseText);
      fs.writeFileSync(derived, text);
      const memory = newParseMemory();
      const host = new ProjectHost();
      const config = defaultConfig();
      const job = (file: string, t: string) => runFastJob({ text: t, path: file, config, inProject: true, open: true }, undefined, memory, host);
      job(base, baseText);
      job(derived, text);
      text = edit(text, '// a note', 9, 0, '!');
      assert.equal(job(derived, text).parseKind, 'moved', 'nothing else changed since the last full analysis');
      // The base's editor text changes (`owner` is no longer an address): the derived file's findings may change.
      job(base, baseText.replace('address public owner', 'uint256 public owner'));
      text = edit(text, '// a note', 10, 0, '!');
      const out = job(derived, text);
      assert.notEqual(out.parseKind, 'moved');
      text = edit(text, '// a note', 11, 0, '!');
      assert.equal(job(derived, text).parseKind, 'moved');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('whitespace that would join two tokens, or sits in a string or a pragma, is not trivia', () => {
    const prev = parse(VAULT);
    for (const [what, text] of [
      ['inside a string', edit(VAULT, '"too low"', 4, 0, ' ')],
      ['splitting an identifier', edit(VAULT, 'msg.value;', 1, 0, ' ')],
      ['inside the pragma', edit(VAULT, 'pragma solidity ^0.8.20', 15, 0, ' ')],
      ['pulling code into a line comment', edit(VAULT, '// a plain note\n', 15, 5, ' ')],
    ] as const) {
      const r = reparse(prev, text);
      assert.ok(r?.kind !== 'whitespace', what);
    }
    assert.equal(reparse(prev, edit(VAULT, 'uint256 amount', 7, 0, '  '))?.kind, 'whitespace');
  });
});

describe('server: comment edits over stdio', function () {
  this.timeout(120000);
  let client: TestClient;
  /** A second server, where each text is opened afresh: a full analysis. */
  let reference: TestClient;
  let dir: string;
  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'synor-trivia-')));
    const settings = { debounceMs: 0, logLevel: 'debug', deepAnalysis: { onSave: false, onIdle: false } };
    [client, reference] = await Promise.all([TestClient.start({ root: dir, settings }), TestClient.start({ root: dir, settings })]);
  });
  after(async () => {
    await Promise.all([client.stop(), reference.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** How the server obtained the result it published for a version, from its log. */
  const kindOf = async (version: number) => {
    const line = await waitUntil(() => client.logs.find((l) => l.includes('analysed') && l.includes(`version=${version} `)), `the log of version ${version}`);
    return /parse=(\w+)/.exec(line)?.[1];
  };

  /** What a full analysis of the same text publishes: the reference server, the document opened with that text. */
  let fresh = 1;
  const fullDiagnostics = async (text: string) => {
    const uri = TestClient.uri(path.join(dir, 'Vault.sol'));
    const version = fresh++;
    reference.open(uri, text, version);
    const diags = await reference.diagnosticsFor(uri, version, 60000);
    assert.notEqual(await waitUntil(() => reference.logs.find((l) => l.includes('analysed') && l.includes(`version=${version} `)), 'the reference log'), undefined);
    reference.close(uri);
    return diags.map((d) => ({ ...d, data: undefined }));
  };

  it('publishes after a comment edit what a full analysis publishes, with positions moved, and takes the full path for directives and code', async () => {
    const uri = TestClient.uri(path.join(dir, 'Vault.sol'));
    client.open(uri, VAULT, 1);
    const first = await client.diagnosticsFor(uri, 1, 60000);
    assert.ok(first.some((d) => d.code === 'tx-origin-auth'));
    const lines = () => client.text(uri).split('\n');

    // A line break in the block comment above `deposit`: every later diagnostic moves a line down.
    const at = lines().findIndex((l) => l.includes('Deposits are credited'));
    let v = client.change(uri, [{ range: { start: { line: at, character: 10 }, end: { line: at, character: 10 } }, text: '\n       ' }]);
    let diags = await client.diagnosticsFor(uri, v, 60000);
    assert.equal(await kindOf(v), 'moved');
    assert.deepEqual(diags.map((d) => ({ ...d, data: undefined })), await fullDiagnostics(client.text(uri)));
    assert.ok(diags.find((d) => d.code === 'tx-origin-auth')!.range.start.line > first.find((d) => d.code === 'tx-origin-auth')!.range.start.line);

    // Editing the suppression comment: it no longer covers tx-origin-auth, which appears on `sweep`.
    const sup = lines().findIndex((l) => l.includes('synor-disable-next-line'));
    const col = lines()[sup].indexOf('tx-origin-auth');
    v = client.change(uri, [{ range: { start: { line: sup, character: col }, end: { line: sup, character: col + 2 } }, text: 'no' }]);
    diags = await client.diagnosticsFor(uri, v, 60000);
    assert.notEqual(await kindOf(v), 'moved');
    assert.deepEqual(diags.map((d) => ({ ...d, data: undefined })), await fullDiagnostics(client.text(uri)));
    assert.equal(diags.filter((d) => d.code === 'tx-origin-auth').length, 2);

    // A line break that ends a line comment turns its rest into code.
    const note = lines().findIndex((l) => l.includes('// a plain note'));
    const c = lines()[note].indexOf('// a plain note') + 2;
    v = client.change(uri, [{ range: { start: { line: note, character: c }, end: { line: note, character: c } }, text: '\n    uint256 public extra;//' }]);
    diags = await client.diagnosticsFor(uri, v, 60000);
    assert.notEqual(await kindOf(v), 'moved');
    assert.deepEqual(diags.map((d) => ({ ...d, data: undefined })), await fullDiagnostics(client.text(uri)));

    // Whitespace between tokens: moved again.
    const fn = lines().findIndex((l) => l.includes('function fee('));
    v = client.change(uri, [{ range: { start: { line: fn, character: 0 }, end: { line: fn, character: 0 } }, text: '\n' }]);
    diags = await client.diagnosticsFor(uri, v, 60000);
    assert.equal(await kindOf(v), 'moved');
    assert.deepEqual(diags.map((d) => ({ ...d, data: undefined })), await fullDiagnostics(client.text(uri)));
  });
});

/**
 * While the function being typed in does not parse, the last complete
 * analysis stands (moved with the text) and only the syntax errors are new.
 * Oracles: the kept findings are those of the full analysis of the last text
 * that parsed, each moved by the characters typed since; the syntax errors
 * are those of a full analysis of the half-typed text; whatever is analysed
 * again equals a full analysis.
 */
describe('server: while the function being typed in does not parse', () => {
  const strip = (fs: Array<{ fingerprint?: string }>) => fs.map((f) => ({ ...f, fingerprint: undefined }));
  it('keeps the last complete findings, moved, with the new syntax errors; analyses again once it parses', () => {
    const memory = newParseMemory();
    const config = defaultConfig();
    const file = '/virtual/Kept.sol';
    const base = VAULT;
    assert.equal(runFastJob({ text: base, path: file, config }, undefined, memory).parseKind, 'full');
    // Before a plain comment line of withdraw(): no finding starts or ends next to it.
    const at = base.indexOf('        // pay first') + 8;
    // A line break among the keystrokes: the findings after it move down a line.
    const typed = 'uint256 zz =\n            amount * ';
    let lastLength = 0;
    let lastFull = analyze(base, { path: file, config });
    let keptSteps = 0;
    for (let k = 1; k <= typed.length; k++) {
      const text = base.slice(0, at) + typed.slice(0, k) + base.slice(at);
      const out = runFastJob({ text, path: file, config }, undefined, memory);
      const full = analyze(text, { path: file, config });
      if (out.parseKind !== 'kept') {
        assert.deepEqual(out.result.findings, full.findings, `"${typed.slice(0, k)}": analysed`);
        if (full.parseErrors.length === 0) {
          lastLength = k;
          lastFull = full;
        }
        continue;
      }
      keptSteps++;
      assert.ok(full.parseErrors.length > 0, 'kept only while the text does not parse');
      // The last complete findings, moved by the characters typed since.
      const before = parse(base.slice(0, at) + typed.slice(0, lastLength) + base.slice(at)).lines;
      const after = parse(text).lines;
      const from = at + lastLength;
      const shift = k - lastLength;
      const move = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
        const m = (o: number) => (o >= from ? o + shift : o);
        return after.range(m(before.offsetAt(r.start)), m(before.offsetAt(r.end)));
      };
      // Lines a message names move down by the line breaks typed since, when after the edit.
      const editLine = before.positionAt(from).line;
      const breaks = typed.slice(lastLength, k).split('\n').length - 1;
      const moveLines = (m: string) => m.replace(/\bline (\d+)\b(?! of )/g, (all, n: string) => (Number(n) - 1 > editLine ? `line ${Number(n) + breaks}` : all));
      const expected = lastFull.findings.filter((f) => f.ruleId !== 'syntax-error').map((f) => ({ ...f, message: moveLines(f.message), range: move(f.range), fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: move(e.range) })) })) }));
      const rest = out.result.findings.filter((f) => f.ruleId !== 'syntax-error');
      assert.deepEqual(strip(rest), strip(expected), `"${typed.slice(0, k)}": the last complete findings, moved`);
      assert.deepEqual(
        strip(out.result.findings.filter((f) => f.ruleId === 'syntax-error')),
        strip(full.findings.filter((f) => f.ruleId === 'syntax-error')),
        `"${typed.slice(0, k)}": the syntax errors of the text`,
      );
      assert.ok(out.result.findings.every((f) => typeof f.fingerprint === 'string' && f.fingerprint.length > 0));
    }
    assert.ok(keptSteps >= 10, `most keystrokes keep the findings (${keptSteps} of ${typed.length})`);
    // Completed: the function parses again and the rules run over it.
    const done = base.slice(0, at) + 'uint256 zz = amount * 2;\n        ' + base.slice(at);
    assert.equal(analyze(done, { path: file, config }).parseErrors.length, 0);
    const out = runFastJob({ text: done, path: file, config }, undefined, memory);
    assert.equal(out.parseKind, 'member');
    assert.deepEqual(out.result.findings, analyze(done, { path: file, config }).findings);
  });

  it('keeps a finding the half-typed edit is in, moved, without the fixes that reach the edit', () => {
    const memory = newParseMemory();
    const config = defaultConfig();
    const file = '/virtual/Touch.sol';
    runFastJob({ text: VAULT, path: file, config }, undefined, memory);
    const last = analyze(VAULT, { path: file, config });
    // Inside `tx.origin == owner` of check(), which has a finding, just after the `tx.origin` its fix replaces.
    const at = VAULT.indexOf('return tx.origin == owner;') + 'return tx.origin'.length;
    const text = VAULT.slice(0, at) + '+ ' + VAULT.slice(at);
    const out = runFastJob({ text, path: file, config }, undefined, memory);
    assert.equal(out.parseKind, 'kept');
    const before = parse(VAULT).lines;
    const after = parse(text).lines;
    const touches = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => before.offsetAt(r.start) <= at && before.offsetAt(r.end) >= at;
    const move = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
      const m = (o: number) => (o >= at ? o + 2 : o);
      return after.range(m(before.offsetAt(r.start)), m(before.offsetAt(r.end)));
    };
    assert.ok(last.findings.some((f) => touches(f.range) && f.ruleId === 'tx-origin-auth'), 'the edit is inside a finding');
    const expected = last.findings.map((f) => ({
      ...f,
      range: move(f.range),
      fixes: f.fixes.filter((x) => !x.edits.some((e) => touches(e.range))).map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: move(e.range) })) })),
    }));
    assert.deepEqual(strip(out.result.findings.filter((f) => f.ruleId !== 'syntax-error')), strip(expected));
    const touchedWithFixes = last.findings.filter((f) => touches(f.range) && f.fixes.some((x) => x.edits.some((e) => touches(e.range))));
    assert.ok(touchedWithFixes.length > 0, 'a fix reaches the edit, and is left out');
    assert.deepEqual(strip(out.result.findings.filter((f) => f.ruleId === 'syntax-error')), strip(analyze(text, { path: file, config }).findings.filter((f) => f.ruleId === 'syntax-error')));
  });
});
