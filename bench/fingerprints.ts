/**
 * The fingerprint-stability benchmark: audited contracts installed from npm,
 * each file analysed alone, then analysed again after edits.
 *
 * Semantics-preserving edits (target: 0 fingerprints change):
 *   move       the functions of every contract in reverse order
 *   reindent   every line indented 4 more spaces, blank lines doubled
 *   comments   a comment line before every function, a block comment after every `;` ending a line
 *   unrelated  a new function at the top of every contract and library
 *   rename     the same text under another file name
 * Edits that change a finding's flagged code (target: 0 false matches): for
 * each finding, the first identifier in its flagged code is renamed; a false
 * match is an edit after which every old fingerprint of the file is still
 * reported (a baseline would not notice). Occurrence shifts are counted apart:
 * the edited finding's old fingerprint taken over by an equal finding later in
 * the same function (the counts stay right; the identity moves).
 *
 * Usage: `npm run bench:fingerprints [-- --json]`
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { analyze, parse, type Finding } from '../engine/src';

const ROOT = path.resolve(__dirname, '..');
const DIRS = ['@openzeppelin/contracts/token', '@openzeppelin/contracts/utils', '@uniswap/v3-core/contracts', '@uniswap/v3-periphery/contracts', '@uniswap/v2-periphery/contracts', 'solmate/src'];
const SKIPPED_DIRS = new Set(['test', 'tests', 'mocks', 'mock', 'lib', 'node_modules']);

function solFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (SKIPPED_DIRS.has(e.name) ? [] : solFiles(path.join(dir, e.name))) : e.name.endsWith('.sol') ? [path.join(dir, e.name)] : []));
}

interface Contract {
  kind: string;
  bodyStart: number;
  functions: Array<[number, number]>;
}

function contractsOf(text: string): Contract[] {
  const ast = parse(text).ast;
  const out: Contract[] = [];
  for (const c of ast.children) {
    if (c.type !== 'ContractDefinition' || !c.range) continue;
    const bodyStart = text.indexOf('{', c.range[0]);
    const functions = ((c as { subNodes: ASTNode[] }).subNodes ?? []).filter((n) => (n.type === 'FunctionDefinition' || n.type === 'ModifierDefinition') && n.range).map((n) => [n.range![0], n.range![1] + 1] as [number, number]);
    out.push({ kind: (c as { kind: string }).kind, bodyStart, functions });
  }
  return out;
}

/** Replaces non-overlapping [start, end) spans, given in any order. */
function splice(text: string, edits: Array<{ start: number; end: number; text: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const EDITS: Record<string, (text: string) => string> = {
  move(text) {
    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const c of contractsOf(text)) {
      const fns = c.functions;
      fns.forEach(([s, e], i) => {
        const [s2, e2] = fns[fns.length - 1 - i];
        edits.push({ start: s, end: e, text: text.slice(s2, e2) });
      });
    }
    return splice(text, edits);
  },
  reindent(text) {
    return text
      .split('\n')
      .map((l) => (l.trim() === '' ? '\n' : '    ' + l))
      .join('\n');
  },
  comments(text) {
    const edits = contractsOf(text).flatMap((c) => c.functions.map(([s]) => ({ start: s, end: s, text: '// Reviewed by the benchmark.\n    ' })));
    const withComments = splice(text, edits);
    // Only outside strings and comments: a line whose code ends with `;` and holds no quote or comment.
    return withComments
      .split('\n')
      .map((l) => (/;\s*$/.test(l) && !/["'/*]/.test(l) ? l.replace(/;\s*$/, '; /* note */') : l))
      .join('\n');
  },
  unrelated(text) {
    const edits = contractsOf(text)
      .filter((c) => c.kind !== 'interface' && c.bodyStart >= 0)
      .map((c) => ({ start: c.bodyStart + 1, end: c.bodyStart + 1, text: '\n    function benchUnrelatedHelper(uint256 a) internal pure returns (uint256) {\n        return a + 1;\n    }\n' }));
    return splice(text, edits);
  },
};

const KEYWORDS = new Set('function returns return external internal public private view pure payable memory storage calldata if else for while do require revert emit new delete unchecked assembly modifier contract library interface is abstract override virtual constant immutable event error struct enum mapping address bool string bytes uint256 uint int256 int uint8 uint128 uint160 uint32 this msg block tx true false'.split(' '));

function multiset(fs: Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of fs) m.set(f.fingerprint!, (m.get(f.fingerprint!) ?? 0) + 1);
  return m;
}

/** Fingerprints of `before` no longer found in `after`, counted with multiplicity. */
function lost(before: Finding[], after: Finding[]): number {
  const m = multiset(after);
  let n = 0;
  for (const f of before) {
    const k = m.get(f.fingerprint!) ?? 0;
    if (k > 0) m.set(f.fingerprint!, k - 1);
    else n++;
  }
  return n;
}

function main(): void {
  const json = process.argv.includes('--json');
  const files = DIRS.flatMap((d) => solFiles(path.join(ROOT, 'node_modules', d)));
  const stable: Record<string, { findings: number; changed: number; findingsAfter: number }> = {};
  for (const k of [...Object.keys(EDITS), 'rename']) stable[k] = { findings: 0, changed: 0, findingsAfter: 0 };
  const changedCode = { edited: 0, stillReported: 0, falseMatches: 0, identityShifts: 0 };
  let withFindings = 0;
  let total = 0;
  const started = Date.now();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const before = analyze(text, { path: file }).findings.filter((f) => f.fingerprint);
    if (before.length === 0) continue;
    withFindings++;
    total += before.length;
    for (const [name, edit] of Object.entries(EDITS)) {
      const after = analyze(edit(text), { path: file }).findings;
      stable[name].findings += before.length;
      stable[name].findingsAfter += after.length;
      stable[name].changed += lost(before, after);
    }
    const renamed = analyze(text, { path: path.join(path.dirname(file), 'Renamed' + path.basename(file)) }).findings;
    stable.rename.findings += before.length;
    stable.rename.findingsAfter += renamed.length;
    stable.rename.changed += lost(before, renamed);

    // Changing one finding's code: rename the first identifier in its flagged text.
    const parsed = parse(text);
    for (const f of before) {
      const s = parsed.lines.offsetAt(f.range.start);
      const e = Math.min(parsed.lines.offsetAt(f.range.end), s + 400);
      const slice = text.slice(s, e);
      const m = [...slice.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)].find((x) => !KEYWORDS.has(x[0]) && !/^(uint|int|bytes)\d*$/.test(x[0]));
      if (!m) continue;
      const at = s + m.index!;
      const edited = text.slice(0, at) + m[0] + 'Edited' + text.slice(at + m[0].length);
      changedCode.edited++;
      const after = analyze(edited, { path: file }).findings;
      const line = f.range.start.line;
      if (after.some((g) => g.ruleId === f.ruleId && g.range.start.line === line)) changedCode.stillReported++;
      // A false match: every fingerprint of the file is still there, so a baseline would not see the change.
      if (lost(before, after) === 0) changedCode.falseMatches++;
      // The finding's own old fingerprint still reported: an equal finding later in the same function took its occurrence index.
      else if (after.some((g) => g.fingerprint === f.fingerprint)) changedCode.identityShifts++;
    }
  }
  const figures = { files: files.length, filesWithFindings: withFindings, findings: total, stable, changedCode, seconds: (Date.now() - started) / 1000 };
  if (json) {
    process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
    return;
  }
  console.log(`Fingerprint stability over ${withFindings} files with findings (${files.length} files read), ${total} findings, ${figures.seconds.toFixed(1)} s`);
  console.log('');
  console.log('Semantics-preserving edit   findings  fingerprints changed (target 0)  findings after');
  for (const [k, v] of Object.entries(stable)) console.log(`${k.padEnd(28)}${String(v.findings).padStart(8)}  ${String(v.changed).padStart(31)}  ${String(v.findingsAfter).padStart(14)}`);
  console.log('');
  console.log(`Flagged code changed: ${changedCode.edited} edits, ${changedCode.stillReported} still reported at the same line`);
  console.log(`  false matches (no fingerprint of the file disappeared, target 0): ${changedCode.falseMatches}`);
  console.log(`  occurrence shifts (an equal finding later in the function took the old fingerprint): ${changedCode.identityShifts}`);
}

main();
