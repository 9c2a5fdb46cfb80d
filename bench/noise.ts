/**
 * The noise benchmark: Synor's fast tier over audited code installed from npm
 * (OpenZeppelin, Uniswap v3 and v4 core, Solady, Solmate). Every high or
 * medium security finding on this code is counted as noise; the target is at
 * most 0.5 per 1,000 lines.
 *
 * Usage: `npm run bench:noise [-- --show <rule-id>] [--json] [--single-file]`
 *   --single-file     analyse each file alone, imports unresolved (the figure before projects)
 *   --show <rule-id>  also print every location that rule flagged
 *   --json            print the figures as JSON instead of a table
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, Project, type Finding } from '../engine/src';

const ROOT = path.resolve(__dirname, '..');
const PACKAGES = ['@openzeppelin/contracts', '@uniswap/v3-core', '@uniswap/v4-core', 'solady', 'solmate'];
const TARGET_PER_KLOC = 0.5;

// Test and mock folders are not audited product code. `lib/` inside
// @uniswap/v4-core holds vendored copies of forge-std, OpenZeppelin and
// Solmate: the latter two are measured on their own, so counting them again
// would weigh them twice.
const SKIPPED_DIRS = new Set(['test', 'tests', 'mocks', 'mock', 'lib', 'node_modules', 'artifacts']);

/** Solidity files under `dir`, and how many were left out by folder or name. */
function solFiles(dir: string): { files: string[]; skipped: Record<string, number> } {
  const out: string[] = [];
  const skipped: Record<string, number> = {};
  const countSkipped = (d: string, why: string) => {
    const n = countSol(d);
    if (n > 0) skipped[why] = (skipped[why] ?? 0) + n;
  };
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name.toLowerCase())) stack.push(full);
        else countSkipped(full, `${path.relative(dir, full)}/`);
      } else if (e.isFile() && e.name.endsWith('.t.sol')) skipped['*.t.sol'] = (skipped['*.t.sol'] ?? 0) + 1;
      else if (e.isFile() && e.name.endsWith('.sol')) out.push(full);
    }
  }
  return { files: out.sort(), skipped };
}

function countSol(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countSol(path.join(dir, e.name));
    else if (e.isFile() && e.name.endsWith('.sol')) n++;
  }
  return n;
}

interface RuleRow {
  rule: string;
  severity: string;
  count: number;
  example: string;
  locations: string[];
}

function main(): void {
  const args = process.argv.slice(2);
  const show = args.includes('--show') ? args[args.indexOf('--show') + 1] : undefined;
  const asJson = args.includes('--json');
  const singleFile = args.includes('--single-file');
  const started = performance.now();
  let lines = 0;
  let files = 0;
  let ruleErrors = 0;
  const rows = new Map<string, RuleRow>();
  const perPackage: Array<{ pkg: string; files: number; lines: number; noisy: number; skipped: Record<string, number> }> = [];

  for (const pkg of PACKAGES) {
    const dir = path.join(ROOT, 'node_modules', pkg);
    if (!fs.existsSync(dir)) {
      console.error(`skipped ${pkg}: not installed`);
      continue;
    }
    const { files: sources, skipped } = solFiles(dir);
    const stats = { pkg, files: 0, lines: 0, noisy: 0, skipped };
    // As a user runs it: each file over its import closure in its package's project (imports
    // resolved, bases judged where they are derived), every file indexed first; or, with
    // --single-file, each file alone (imports unresolved).
    const project = singleFile ? undefined : new Project({ root: dir });
    project?.index(sources);
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      const rel = path.relative(path.join(ROOT, 'node_modules'), file);
      const result = project ? analyze(text, { path: file, project }) : analyze(text, { path: rel });
      ruleErrors += result.ruleErrors.length;
      for (const e of result.ruleErrors) console.error(`rule ${e.ruleId} threw on ${rel}: ${e.message}`);
      stats.files++;
      stats.lines += result.stats.lines;
      for (const f of result.findings.filter(isNoise)) {
        stats.noisy++;
        const where = `${rel}:${f.range.start.line + 1}`;
        let row = rows.get(f.ruleId);
        if (!row) rows.set(f.ruleId, (row = { rule: f.ruleId, severity: f.severity, count: 0, example: where, locations: [] }));
        row.count++;
        row.locations.push(`${where}  ${f.message}`);
      }
    }
    files += stats.files;
    lines += stats.lines;
    perPackage.push(stats);
  }

  const seconds = (performance.now() - started) / 1000;
  const total = [...rows.values()].reduce((n, r) => n + r.count, 0);
  const perKloc = lines === 0 ? 0 : (total * 1000) / lines;
  const sorted = [...rows.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule));

  if (asJson) {
    const byRule = sorted.map(({ rule, severity, count, example }) => ({ rule, severity, count, perKloc: round((count * 1000) / lines), example }));
    console.log(JSON.stringify({ files, lines, findings: total, perKloc: round(perKloc), target: TARGET_PER_KLOC, seconds: round(seconds), packages: perPackage, byRule }, null, 2));
  } else {
    console.log('Noise: high and medium security findings on audited code');
    console.log(`skipped: test, mock and vendored lib/ folders, and *.t.sol files (the count of .sol files left out is shown)\n`);
    console.log(pad('package', 26) + pad('files', 7) + pad('lines', 9) + pad('findings', 10) + 'skipped');
    for (const p of perPackage) {
      const skipped = Object.entries(p.skipped).map(([why, n]) => `${why} ${n}`).join(', ') || '-';
      console.log(pad(p.pkg, 26) + pad(String(p.files), 7) + pad(String(p.lines), 9) + pad(String(p.noisy), 10) + skipped);
    }
    console.log('');
    console.log(pad('rule', 30) + pad('severity', 10) + pad('count', 7) + pad('per kLoC', 10) + 'example');
    for (const r of sorted) console.log(pad(r.rule, 30) + pad(r.severity, 10) + pad(String(r.count), 7) + pad(round((r.count * 1000) / lines).toFixed(3), 10) + r.example);
    if (sorted.length === 0) console.log('(none)');
    console.log('');
    console.log(`total: ${total} findings in ${lines} lines (${files} files): ${perKloc.toFixed(3)} per 1,000 lines (target ≤ ${TARGET_PER_KLOC})`);
    console.log(`time: ${seconds.toFixed(1)} s${ruleErrors > 0 ? `; rule errors: ${ruleErrors}` : ''}`);
    if (show) {
      console.log(`\nfindings of ${show}:`);
      for (const l of rows.get(show)?.locations ?? []) console.log(`  ${l}`);
    }
  }
  process.exitCode = perKloc <= TARGET_PER_KLOC ? 0 : 1;
}

function isNoise(f: Finding): boolean {
  return f.category === 'security' && (f.severity === 'high' || f.severity === 'medium');
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

main();
