/**
 * The parser benchmark: CPU time of Synor's parse (`parseRaw`, the grammar in
 * SLL with LL fallback) against @solidity-parser/parser's own `parse()` on
 * the same texts, per corpus, and on a synthetic 10,000-line contract with one
 * inline assembly line whose Yul call starts with a name (`mstore(x, 1)`) or
 * with a constant (`mstore(0, x)`), the shapes that once sent a whole file to
 * the slow LL pass. Also counts the files that took the slow pass.
 *
 * Corpora are whatever is installed in node_modules (Solady, OpenZeppelin,
 * Solmate); they are read, never copied. Figures are CPU time (user+system) of
 * this process, best of alternated runs, so the load of other work on the
 * machine weighs less; read the ratios, not the milliseconds.
 *
 * Usage: `npm run bench:parse [-- --quick]`
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseRaw } from '../engine/src/parse/antlr';
import { syntheticContract } from '../test/server/synth';

/* eslint-disable @typescript-eslint/no-require-imports */
const solidityParser = require('@solidity-parser/parser') as { parse(text: string, opts: object): unknown };

const ROOT = path.resolve(__dirname, '..');
const NM = path.join(ROOT, 'node_modules');
const quick = process.argv.includes('--quick');
const RUNS = quick ? 1 : 3;

function cpuMs(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function solFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) stack.push(full);
      else if (e.name.endsWith('.sol')) out.push(full);
    }
  }
  return out.sort();
}

function rawParse(text: string): void {
  try {
    solidityParser.parse(text, { range: true, tolerant: true });
  } catch {
    // The raw parser throws on some half-typed code; its time still counts.
  }
}

/** Best-of-`RUNS` CPU of ours and of the raw parser over the texts, alternated. */
function compare(texts: string[]): { ours: number; raw: number; slow: number } {
  let ours = Infinity;
  let raw = Infinity;
  let slow = 0;
  for (const t of texts) if (parseRaw(t).slowPath) slow++;
  for (let r = 0; r < RUNS; r++) {
    ours = Math.min(ours, cpuMs(() => texts.forEach((t) => parseRaw(t))));
    raw = Math.min(raw, cpuMs(() => texts.forEach(rawParse)));
  }
  return { ours, raw, slow };
}

const fmt = (n: number) => `${n.toFixed(0)} ms`;

function main(): void {
  console.log(`load average at start: ${require('node:os').loadavg()[0].toFixed(2)}`);
  // Warm the grammar's prediction caches, as a running server has them.
  for (const t of [syntheticContract(200, 'Warm')]) parseRaw(t);

  console.log('\nSynthetic 10,000-line contract, one assembly line (CPU, best of runs):');
  const base = syntheticContract(10000, 'TenThousand');
  const withLine = (line: string) => base.replace('    function last()', `    function asm(uint256 x) internal pure { assembly { ${line} } }\n    function last()`);
  const shapes: Array<[string, string]> = [
    ['no assembly', base],
    ['mstore(0, x)', withLine('mstore(0, x)')],
    ['mstore(x, 1)', withLine('mstore(x, 1)')],
  ];
  const rows: Record<string, number> = {};
  for (const [name, text] of shapes) rows[name] = Infinity;
  for (let r = 0; r < RUNS; r++) for (const [name, text] of shapes) rows[name] = Math.min(rows[name], cpuMs(() => parseRaw(text)));
  for (const [name, text] of shapes) console.log(`  ${name.padEnd(14)} ${fmt(rows[name])}${parseRaw(text).slowPath ? ' (slow LL pass)' : ''}`);
  console.log(`  mstore(x, 1) / mstore(0, x): ${(rows['mstore(x, 1)'] / rows['mstore(0, x)']).toFixed(2)}×`);

  console.log('\nCorpora in node_modules, ours vs @solidity-parser/parser (CPU, best of runs):');
  const corpora: Array<[string, string]> = [
    ['Solady', path.join(NM, 'solady/src')],
    ['OpenZeppelin', path.join(NM, '@openzeppelin/contracts')],
    ['Solmate', path.join(NM, 'solmate/src')],
  ];
  for (const [name, dir] of corpora) {
    if (!fs.existsSync(dir)) {
      console.log(`  ${name}: not installed`);
      continue;
    }
    const texts = solFiles(dir).map((f) => fs.readFileSync(f, 'utf8'));
    const r = compare(texts);
    console.log(`  ${name.padEnd(13)} ${String(texts.length).padStart(4)} files: ours ${fmt(r.ours)}, raw ${fmt(r.raw)}, ratio ${(r.ours / r.raw).toFixed(2)}; ${r.slow} took the slow pass`);
  }
}

main();
