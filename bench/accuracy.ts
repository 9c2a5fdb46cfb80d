/**
 * Accuracy benchmark: runs the engine over the SmartBugs curated dataset
 * (`../shared/bench/smartbugs-curated`, beside the repository) and scores the
 * findings against its `truth.json`, as `../shared/bench/README.md` describes.
 *
 * An annotation counts as found when some finding of a rule that maps to the
 * annotation's category lies on one of the annotated lines ±2, or when its
 * enclosing function contains an annotated line. A finding maps to a category
 * through its rule id or its SWC id (table below).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { analyze, parse, type Finding } from '../engine/src';
import { AstIndex } from '../engine/src/facts/ast-index';

const repoRoot = path.resolve(__dirname, '..');
const dataRoot = path.join(path.resolve(repoRoot, '../shared/bench'), 'smartbugs-curated');

/** Which rules and SWC classes speak to each DASP category of the dataset. */
const CATEGORY_MAP: Record<string, { rules: string[]; swc: string[] }> = {
  reentrancy: { rules: ['reentrancy-eth', 'reentrancy-state', 'reentrancy-events'], swc: ['SWC-107'] },
  unchecked_low_level_calls: { rules: ['unchecked-low-level-call', 'unchecked-send', 'unused-return', 'unchecked-erc20-transfer'], swc: ['SWC-104'] },
  access_control: {
    rules: ['unprotected-selfdestruct', 'unprotected-ownership', 'controlled-delegatecall', 'tx-origin-auth', 'arbitrary-eth-send', 'unprotected-initializer', 'constructor-name', 'default-visibility', 'array-length-and-ref', 'uninitialized-storage-ptr', 'state-shadowing'],
    swc: ['SWC-105', 'SWC-106', 'SWC-112', 'SWC-115', 'SWC-118', 'SWC-100', 'SWC-108', 'SWC-124', 'SWC-109'],
  },
  arithmetic: { rules: ['integer-overflow'], swc: ['SWC-101'] },
  bad_randomness: { rules: ['weak-prng'], swc: ['SWC-120'] },
  time_manipulation: { rules: ['timestamp', 'weak-prng'], swc: ['SWC-116'] },
  denial_of_service: { rules: ['calls-in-loop-dos', 'unbounded-loop'], swc: ['SWC-113', 'SWC-128'] },
  front_running: { rules: ['front-running'], swc: ['SWC-114'] },
  short_addresses: { rules: ['short-address'], swc: [] },
  other: { rules: ['uninitialized-storage-ptr', 'uninitialized-state', 'uninitialized-local'], swc: ['SWC-109'] },
};

/** The leading open-source analyser's figures on the same data and matching rule (README). */
const REFERENCE: Record<string, [number, number]> = {
  unchecked_low_level_calls: [71, 75],
  reentrancy: [30, 32],
  other: [3, 3],
  time_manipulation: [5, 7],
  access_control: [7, 21],
  bad_randomness: [9, 31],
  denial_of_service: [2, 7],
  arithmetic: [2, 23],
  front_running: [0, 7],
  short_addresses: [0, 1],
};

interface Annotation {
  file: string;
  category: string;
  lines: number[];
}

function mapsTo(f: Finding, category: string): boolean {
  const m = CATEGORY_MAP[category];
  if (!m) return false;
  return m.rules.includes(f.ruleId) || (f.swc !== undefined && m.swc.includes(f.swc));
}

/** 1-based line spans of every function and modifier in the file. */
function functionSpans(text: string): Array<[number, number]> {
  const parsed = parse(text);
  const index = new AstIndex(parsed.ast);
  const spans: Array<[number, number]> = [];
  for (const type of ['FunctionDefinition', 'ModifierDefinition'] as const) {
    for (const n of index.ofType(type) as ASTNode[]) {
      if (!n.range) continue;
      spans.push([parsed.lines.positionAt(n.range[0]).line + 1, parsed.lines.positionAt(n.range[1]).line + 1]);
    }
  }
  return spans;
}

function main(): void {
  const truthPath = path.join(dataRoot, 'truth.json');
  if (!fs.existsSync(truthPath)) {
    console.log(`accuracy: the SmartBugs curated dataset is not at ${dataRoot}; nothing to measure.`);
    return;
  }
  const truth = JSON.parse(fs.readFileSync(truthPath, 'utf8')) as Annotation[];
  const files = [...new Set(listSol(path.join(dataRoot, 'dataset')).map((f) => path.relative(dataRoot, f)))].sort();

  const findings = new Map<string, Finding[]>();
  const spans = new Map<string, Array<[number, number]>>();
  let ruleErrors = 0;
  const t0 = Date.now();
  for (const rel of files) {
    const text = fs.readFileSync(path.join(dataRoot, rel), 'utf8');
    const result = analyze(text, { path: rel });
    ruleErrors += result.ruleErrors.length;
    for (const e of result.ruleErrors) console.error(`rule error in ${rel}: ${e.ruleId}: ${e.message}`);
    findings.set(rel, result.findings.filter((f) => f.category === 'security'));
    spans.set(rel, functionSpans(text));
  }
  const ms = Date.now() - t0;

  const matched = new Set<Finding>();
  const perCat = new Map<string, { found: number; total: number; missed: string[] }>();
  for (const a of truth) {
    const fs_ = findings.get(a.file) ?? [];
    const fnSpans = spans.get(a.file) ?? [];
    const hits = fs_.filter((f) => {
      if (!mapsTo(f, a.category)) return false;
      const line = f.range.start.line + 1;
      if (a.lines.some((l) => Math.abs(l - line) <= 2)) return true;
      // The finding's enclosing function contains an annotated line.
      const enclosing = fnSpans.filter(([s, e]) => s <= line && line <= e).sort((x, y) => x[1] - x[0] - (y[1] - y[0]))[0];
      return !!enclosing && a.lines.some((l) => enclosing[0] <= l && l <= enclosing[1]);
    });
    let c = perCat.get(a.category);
    if (!c) perCat.set(a.category, (c = { found: 0, total: 0, missed: [] }));
    c.total++;
    if (hits.length > 0) {
      c.found++;
      for (const h of hits) matched.add(h);
    } else c.missed.push(`${a.file}:${a.lines.join(',')}`);
  }

  console.log('Synor accuracy on SmartBugs curated');
  console.log(`  ${files.length} files analysed in ${ms} ms${ruleErrors ? `, ${ruleErrors} rule errors` : ''}`);
  console.log('  Matching rule: an annotation is found when a security finding whose rule or SWC maps to the');
  console.log('  annotation\'s category starts on an annotated line ±2, or its enclosing function contains one.');
  console.log('  Category → rules / SWC:');
  for (const [cat, m] of Object.entries(CATEGORY_MAP)) console.log(`    ${cat.padEnd(26)} ${m.rules.join(', ')}${m.swc.length ? ` | ${m.swc.join(', ')}` : ''}`);
  console.log('');
  console.log(`  ${'category'.padEnd(26)} ${'synor'.padStart(12)} ${'reference'.padStart(12)}`);
  let found = 0;
  let total = 0;
  const order = Object.keys(REFERENCE);
  for (const cat of [...order, ...[...perCat.keys()].filter((k) => !order.includes(k))]) {
    const c = perCat.get(cat);
    if (!c) continue;
    found += c.found;
    total += c.total;
    const ref = REFERENCE[cat];
    const mark = ref && c.found > ref[0] ? ' ahead' : ref && c.found === ref[0] ? ' level' : ' behind';
    console.log(`  ${cat.padEnd(26)} ${fmt(c.found, c.total).padStart(12)} ${(ref ? fmt(ref[0], ref[1]) : '—').padStart(12)}${mark}`);
  }
  console.log(`  ${'overall'.padEnd(26)} ${fmt(found, total).padStart(12)} ${fmt(129, 207).padStart(12)}`);

  const all = [...findings.values()].flat();
  const noise = all.filter((f) => !matched.has(f));
  const byRule = new Map<string, number>();
  for (const f of noise) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  console.log('');
  console.log(`  Security findings: ${all.length}; matched an annotation: ${all.length - noise.length}; not matched (noise or unlabelled): ${noise.length}`);
  console.log(`  Unmatched by rule: ${[...byRule].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  if (process.argv.includes('--missed')) {
    console.log('');
    for (const [cat, c] of perCat) for (const m of c.missed) console.log(`  missed ${cat}: ${m}`);
  }
}

function fmt(n: number, d: number): string {
  return `${n}/${d} ${Math.round((100 * n) / d)}%`;
}

function listSol(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listSol(p));
    else if (e.name.endsWith('.sol')) out.push(p);
  }
  return out;
}

main();
