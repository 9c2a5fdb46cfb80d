/**
 * The precision benchmark: Synor over audited DeFi and infrastructure code
 * that bench:noise does not use (Aave v3, Uniswap v2 and v3 periphery,
 * Balancer v2 vault, Safe, ERC-4337 EntryPoint, Sablier v2, Morpho Blue),
 * installed from npm as dev dependencies. bench:noise counts every finding as
 * noise; here each high or medium security finding is labelled by hand in
 * bench/triage/<package>.tsv as TP (a real weakness an auditor would accept),
 * DEF (defensible: worth a reviewer's look, a design risk rather than a bug)
 * or FP (false positive), and the figures are the findings per 1,000 lines
 * (target ≤ 0.5) and the share that is true or defensible (target ≥ 60%).
 *
 * Synor runs as the built CLI (`cli/out/synor.js`, `npm run build`), in a
 * child process with explicit file paths, about 100 files a run, from the
 * package's folder in node_modules so that its imports resolve as they would
 * for a user of the package.
 *
 * A finding's key survives line shifts:
 *   <package>:<path in the package>:<rule>:<contract>.<function>:<hash>
 * where the hash is of the flagged line's text with white space collapsed;
 * a second finding with the same key gets `#2`, a third `#3`, in line order.
 *
 * Usage: `npm run bench:precision [-- --package <name>] [--json] [--unlabelled] [--cli <synor.js>]`
 *   --package <name>  run one package (repeatable)
 *   --cli <file>      another built CLI, e.g. one built from an older commit, to compare
 *   --json            print the results as JSON
 *   --unlabelled      print the unlabelled findings as TSV rows to paste into
 *                     the triage files (label left empty, message as a hint)
 * Always exits 0: it is a measurement, not a gate.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_CLI = path.join(ROOT, 'cli', 'out', 'synor.js');
const TRIAGE_DIR = path.join(__dirname, 'triage');
const TARGET_PER_KLOC = 0.5;
const TARGET_SHARE = 0.6;
const CHUNK = 100;

/** Test, mock, deployment-script, formal-verification and vendored folders, at any depth: not audited product code. */
const SKIPPED_DIRS = new Set(['test', 'tests', 'mocks', 'mock', 'script', 'scripts', 'echidna', 'certora', 'node_modules', 'lib']);
/** Build output at the top of a package (a `types/` deeper down is source). */
const BUILD_DIRS = new Set(['artifacts', 'build', 'dist', 'types', 'typechain', 'typechain-types', 'out', 'cache']);

interface Corpus {
  name: string;
  /** Folders of the package that hold its sources (default: the whole package). */
  roots: string[];
  /** Further folders (relative to the package) left out, with the reason shown. */
  skip?: Record<string, string>;
  why: string;
}

export const CORPORA: Corpus[] = [
  { name: '@aave/core-v3', roots: ['contracts'], skip: { 'contracts/dependencies': 'vendored OpenZeppelin, Gnosis, Chainlink and WETH copies' }, why: 'Aave v3 lending pool: pool, logic libraries, a/v/s tokens, configurator, oracle' },
  { name: '@uniswap/v3-periphery', roots: ['contracts'], why: 'Uniswap v3 periphery bases and libraries (payments, permits, multicall, oracle and NFT libraries)' },
  { name: '@uniswap/v2-periphery', roots: ['contracts'], skip: { 'contracts/examples': 'example contracts, not deployed product code' }, why: 'Uniswap v2 Router01/Router02 and Migrator (Solidity 0.6)' },
  { name: '@balancer-labs/v2-vault', roots: ['contracts'], why: 'Balancer v2 Vault: pool balances, swaps, flash loans, internal balance, authorizer' },
  { name: '@safe-global/safe-contracts', roots: ['contracts'], skip: { 'contracts/examples': 'example guards and libraries' }, why: 'Safe 1.4.1 multisig: Safe, module and guard managers, fallback handlers, proxies, libraries' },
  { name: '@account-abstraction/contracts', roots: ['.'], why: 'ERC-4337 EntryPoint 0.8 (and the 0.6 legacy one), stake manager, nonce manager, SimpleAccount' },
  { name: '@sablier/v2-core', roots: ['src'], why: 'Sablier v2 lockup streams (linear, dynamic, tranched), NFT descriptor, comptroller' },
  { name: '@morpho-org/morpho-blue', roots: ['src'], why: 'Morpho Blue lending core: markets, interest, liquidation, oracle and IRM interfaces, periphery libraries' },
];

export type Label = 'TP' | 'DEF' | 'FP';
const LABELS: readonly string[] = ['TP', 'DEF', 'FP'];

/** One high or medium security finding, as this benchmark sees it. */
export interface PrecisionFinding {
  key: string;
  package: string;
  /** Path relative to the package folder, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  ruleId: string;
  severity: string;
  contract?: string;
  function?: string;
  message: string;
  label?: Label;
  reason?: string;
}

export interface PackageResult {
  package: string;
  version: string;
  files: number;
  lines: number;
  /** Solidity files left out, by folder or pattern. */
  skipped: Record<string, number>;
  findings: number;
  perKloc: number;
  tp: number;
  def: number;
  fp: number;
  unlabelled: number;
  /** (TP + DEF) / labelled, or null when nothing is labelled. */
  share: number | null;
  /** Labelled keys that the current run no longer reports, by label. */
  stale: { TP: number; DEF: number; FP: number; keys: string[] };
  /** Findings the CLI reported in files outside this package's production set (e.g. imported dependencies), not counted. */
  outside: number;
  /** Files the CLI could not analyse, internal rule errors and CLI failures. */
  errors: string[];
}

export interface RuleResult {
  ruleId: string;
  count: number;
  tp: number;
  def: number;
  fp: number;
  unlabelled: number;
  precision: number | null;
}

export interface PrecisionResult {
  packages: PackageResult[];
  rules: RuleResult[];
  findings: PrecisionFinding[];
  totals: { files: number; lines: number; findings: number; perKloc: number; tp: number; def: number; fp: number; unlabelled: number; share: number | null };
  targets: { perKloc: number; share: number };
  seconds: number;
  loadavg: number[];
}

/** Triage file of a package: `@aave/core-v3` → bench/triage/aave__core-v3.tsv. */
export function triagePath(pkg: string): string {
  return path.join(TRIAGE_DIR, `${pkg.replace(/^@/, '').replace(/\//g, '__')}.tsv`);
}

/** Production .sol files of a package, and how many were left out, by reason. */
function solFiles(pkgDir: string, corpus: Corpus): { files: string[]; skipped: Record<string, number> } {
  const files: string[] = [];
  const skipped: Record<string, number> = {};
  const skip = (why: string, n: number) => {
    if (n > 0) skipped[why] = (skipped[why] ?? 0) + n;
  };
  const extra = new Map(Object.entries(corpus.skip ?? {}));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      const rel = path.relative(pkgDir, full).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (extra.has(rel)) skip(`${rel}/ (${extra.get(rel)})`, countSol(full));
        else if (SKIPPED_DIRS.has(e.name.toLowerCase())) skip(`${e.name.toLowerCase()}/`, countSol(full));
        else if (dir === pkgDir && BUILD_DIRS.has(e.name.toLowerCase())) skip(`${e.name}/ (build output)`, countSol(full));
        else walk(full);
      } else if (e.isFile() && e.name.endsWith('.t.sol')) skip('*.t.sol', 1);
      else if (e.isFile() && e.name.endsWith('.s.sol')) skip('*.s.sol', 1);
      else if (e.isFile() && e.name.endsWith('.sol')) files.push(full);
    }
  };
  for (const r of corpus.roots) {
    const dir = path.join(pkgDir, r);
    if (fs.existsSync(dir)) walk(dir);
  }
  // Solidity files of the package outside its source roots (e.g. a
  // top-level test/ beside contracts/) are counted as skipped too.
  if (!corpus.roots.includes('.')) {
    for (const e of fs.readdirSync(pkgDir, { withFileTypes: true })) {
      if (!e.isDirectory() || corpus.roots.includes(e.name)) continue;
      const name = e.name.toLowerCase();
      skip(SKIPPED_DIRS.has(name) ? (name === 'node_modules' ? 'node_modules/ (its dependencies)' : `${name}/`) : BUILD_DIRS.has(name) ? `${e.name}/ (build output)` : `${e.name}/ (outside the source folder)`, countSol(path.join(pkgDir, e.name)));
    }
  }
  return { files: files.sort(), skipped };
}

function countSol(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) n += countSol(path.join(dir, e.name));
    else if (e.isFile() && e.name.endsWith('.sol')) n++;
  }
  return n;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

function readTriage(pkg: string): Map<string, { label: Label; reason: string }> {
  const out = new Map<string, { label: Label; reason: string }>();
  const file = triagePath(pkg);
  if (!fs.existsSync(file)) return out;
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/\r$/, '');
      if (i === 0 || line.trim() === '' || line.startsWith('#')) return;
      const [key, label, ...rest] = line.split('\t');
      if (!label) return; // pasted but not labelled yet
      if (!LABELS.includes(label)) {
        console.error(`${path.relative(ROOT, file)}:${i + 1}: unknown label "${label}" (expected TP, DEF or FP)`);
        return;
      }
      out.set(key, { label: label as Label, reason: rest.join('\t') });
    });
  return out;
}

interface CliFinding {
  ruleId: string;
  category: string;
  severity: string;
  file: string;
  range: { start: { line: number; character: number }; end?: { line: number; character: number } };
  contract?: string;
  function?: string;
  message: string;
}

/** Runs the CLI over `files` (absolute) from `cwd`; findings with paths relative to `cwd`. */
function runCli(cli: string, cwd: string, files: string[], errors: string[]): CliFinding[] {
  const out: CliFinding[] = [];
  for (let i = 0; i < files.length; i += CHUNK) {
    const chunk = files.slice(i, i + CHUNK).map((f) => path.relative(cwd, f));
    const r = spawnSync(process.execPath, [cli, ...chunk, '--format', 'json', '--fail-on', 'none'], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    for (const l of (r.stderr ?? '').split('\n')) if (l.trim() !== '') errors.push(l.trim());
    if (r.error) {
      errors.push(`synor failed on files ${i + 1}–${i + chunk.length}: ${r.error.message}`);
      continue;
    }
    let report: { findings?: CliFinding[] };
    try {
      report = JSON.parse(r.stdout);
    } catch {
      errors.push(`synor printed no JSON report for files ${i + 1}–${i + chunk.length} (exit ${r.status})`);
      continue;
    }
    for (const f of report.findings ?? []) out.push({ ...f, file: path.relative(cwd, path.resolve(cwd, f.file)).split(path.sep).join('/') });
  }
  return out;
}

function hash(text: string): string {
  return crypto.createHash('sha1').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 10);
}

function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** Runs Synor over the corpora (all, or those named) and scores the findings against the triage files. */
export function runPrecision(options: { packages?: string[]; cli?: string } = {}): PrecisionResult {
  const started = performance.now();
  const cli = path.resolve(options.cli ?? DEFAULT_CLI);
  const corpora = options.packages && options.packages.length > 0 ? CORPORA.filter((c) => options.packages!.includes(c.name)) : CORPORA;
  for (const p of options.packages ?? []) if (!CORPORA.some((c) => c.name === p)) throw new Error(`unknown package ${p} (expected one of ${CORPORA.map((c) => c.name).join(', ')})`);
  if (!fs.existsSync(cli)) throw new Error(`${path.relative(ROOT, cli)} is missing: run \`npm run build\` first`);

  const packages: PackageResult[] = [];
  const findings: PrecisionFinding[] = [];
  for (const corpus of corpora) {
    const dir = path.join(ROOT, 'node_modules', corpus.name);
    const errors: string[] = [];
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
      packages.push({ package: corpus.name, version: '-', files: 0, lines: 0, skipped: {}, findings: 0, perKloc: 0, tp: 0, def: 0, fp: 0, unlabelled: 0, share: null, stale: { TP: 0, DEF: 0, FP: 0, keys: [] }, outside: 0, errors: ['not installed (npm ci)'] });
      continue;
    }
    const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
    const { files, skipped } = solFiles(dir, corpus);
    const texts = new Map<string, string[]>();
    let lines = 0;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      lines += lineCount(text);
      texts.set(path.relative(dir, f).split(path.sep).join('/'), text.split('\n'));
    }

    // Only findings in the files of the corpus count (a project-aware CLI
    // may also report on what they import), each once.
    const all = runCli(cli, dir, files, errors).filter((f) => f.category === 'security' && (f.severity === 'high' || f.severity === 'medium'));
    const unique = new Map<string, CliFinding>();
    for (const f of all) if (texts.has(f.file)) unique.set(JSON.stringify([f.file, f.ruleId, f.range, f.message]), f);
    const outside = all.filter((f) => !texts.has(f.file)).length;
    const raw = [...unique.values()]
      .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
    const triage = readTriage(corpus.name);
    const seen = new Map<string, number>();
    const mine: PrecisionFinding[] = [];
    for (const f of raw) {
      const lineText = texts.get(f.file)?.[f.range.start.line] ?? '';
      const base = `${corpus.name}:${f.file}:${f.ruleId}:${f.contract ?? '-'}.${f.function ?? '-'}:${hash(lineText)}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      const key = n === 1 ? base : `${base}#${n}`;
      const t = triage.get(key);
      mine.push({ key, package: corpus.name, file: f.file, line: f.range.start.line + 1, ruleId: f.ruleId, severity: f.severity, contract: f.contract, function: f.function, message: f.message, label: t?.label, reason: t?.reason });
    }
    const reported = new Set(mine.map((f) => f.key));
    const stale = { TP: 0, DEF: 0, FP: 0, keys: [] as string[] };
    for (const [key, t] of triage) {
      if (reported.has(key)) continue;
      stale[t.label]++;
      stale.keys.push(`${t.label}\t${key}`);
    }
    const count = (l: Label) => mine.filter((f) => f.label === l).length;
    const [tp, def, fp] = [count('TP'), count('DEF'), count('FP')];
    packages.push({
      package: corpus.name,
      version,
      files: files.length,
      lines,
      skipped,
      findings: mine.length,
      perKloc: lines === 0 ? 0 : (mine.length * 1000) / lines,
      tp,
      def,
      fp,
      unlabelled: mine.length - tp - def - fp,
      share: ratio(tp + def, tp + def + fp),
      stale,
      outside,
      errors,
    });
    findings.push(...mine);
  }

  const byRule = new Map<string, RuleResult>();
  for (const f of findings) {
    let r = byRule.get(f.ruleId);
    if (!r) byRule.set(f.ruleId, (r = { ruleId: f.ruleId, count: 0, tp: 0, def: 0, fp: 0, unlabelled: 0, precision: null }));
    r.count++;
    if (f.label === 'TP') r.tp++;
    else if (f.label === 'DEF') r.def++;
    else if (f.label === 'FP') r.fp++;
    else r.unlabelled++;
  }
  const rules = [...byRule.values()].map((r) => ({ ...r, precision: ratio(r.tp + r.def, r.tp + r.def + r.fp) })).sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId));

  const sum = (k: 'files' | 'lines' | 'findings' | 'tp' | 'def' | 'fp' | 'unlabelled') => packages.reduce((n, p) => n + p[k], 0);
  const totals = { files: sum('files'), lines: sum('lines'), findings: sum('findings'), perKloc: 0, tp: sum('tp'), def: sum('def'), fp: sum('fp'), unlabelled: sum('unlabelled'), share: null as number | null };
  totals.perKloc = totals.lines === 0 ? 0 : (totals.findings * 1000) / totals.lines;
  totals.share = ratio(totals.tp + totals.def, totals.tp + totals.def + totals.fp);
  return { packages, rules, findings, totals, targets: { perKloc: TARGET_PER_KLOC, share: TARGET_SHARE }, seconds: (performance.now() - started) / 1000, loadavg: os.loadavg() };
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function pct(x: number | null): string {
  return x === null ? '-' : `${Math.round(x * 100)}%`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function printTable(r: PrecisionResult): void {
  console.log('Precision: high and medium security findings on audited code, labelled by hand (bench/triage/*.tsv)');
  console.log(`targets: ≤ ${TARGET_PER_KLOC} per 1,000 lines; ≥ ${TARGET_SHARE * 100}% true or defensible (TP+DEF)/labelled\n`);
  console.log(pad('package', 32) + pad('version', 15) + pad('files', 7) + pad('lines', 8) + pad('H+M', 6) + pad('/kLoC', 8) + pad('TP', 5) + pad('DEF', 5) + pad('FP', 5) + pad('unlab.', 8) + 'TP+DEF');
  for (const p of r.packages) {
    console.log(pad(p.package, 32) + pad(p.version, 15) + pad(String(p.files), 7) + pad(String(p.lines), 8) + pad(String(p.findings), 6) + pad(p.perKloc.toFixed(3), 8) + pad(String(p.tp), 5) + pad(String(p.def), 5) + pad(String(p.fp), 5) + pad(String(p.unlabelled), 8) + pct(p.share));
  }
  const t = r.totals;
  console.log(pad('total', 32) + pad('', 15) + pad(String(t.files), 7) + pad(String(t.lines), 8) + pad(String(t.findings), 6) + pad(t.perKloc.toFixed(3), 8) + pad(String(t.tp), 5) + pad(String(t.def), 5) + pad(String(t.fp), 5) + pad(String(t.unlabelled), 8) + pct(t.share));

  console.log('\nskipped (.sol files left out):');
  for (const p of r.packages) {
    const s = Object.entries(p.skipped).map(([why, n]) => `${why} ${n}`).join(', ') || '-';
    console.log(`  ${p.package}: ${s}`);
  }

  console.log('\n' + pad('rule', 30) + pad('count', 7) + pad('TP', 5) + pad('DEF', 5) + pad('FP', 5) + pad('unlab.', 8) + 'precision');
  for (const x of r.rules) console.log(pad(x.ruleId, 30) + pad(String(x.count), 7) + pad(String(x.tp), 5) + pad(String(x.def), 5) + pad(String(x.fp), 5) + pad(String(x.unlabelled), 8) + pct(x.precision));
  if (r.rules.length === 0) console.log('(none)');

  const unlabelled = r.findings.filter((f) => !f.label);
  console.log(`\nunlabelled findings: ${unlabelled.length}${unlabelled.length > 0 ? ' (label them with --unlabelled)' : ''}`);
  for (const f of unlabelled) console.log(`  ${f.key}\n      ${f.package}/${f.file}:${f.line}  ${f.message.replace(/\s+/g, ' ')}`);

  const stale = r.packages.filter((p) => p.stale.keys.length > 0);
  if (stale.length > 0) {
    console.log('\nlabelled findings no longer reported (a lost TP or DEF may be a lost detection; a lost FP is a gain):');
    for (const p of stale) console.log(`  ${p.package}: TP ${p.stale.TP}, DEF ${p.stale.DEF}, FP ${p.stale.FP}`);
  }
  for (const p of r.packages) if (p.outside > 0) console.log(`\n${p.package}: ${p.outside} high/medium findings in files outside the package's production set were not counted`);
  const errors = r.packages.flatMap((p) => p.errors.map((e) => `${p.package}: ${e}`));
  if (errors.length > 0) {
    console.log(`\nerrors (${errors.length}):`);
    for (const e of errors.slice(0, 20)) console.log(`  ${e}`);
    if (errors.length > 20) console.log(`  … and ${errors.length - 20} more (see --json)`);
  }
  console.log(`\ntotal: ${t.findings} high+medium security findings in ${t.lines} lines (${t.files} files): ${t.perKloc.toFixed(3)} per 1,000 lines (target ≤ ${TARGET_PER_KLOC}); TP+DEF ${pct(t.share)} of ${t.tp + t.def + t.fp} labelled (target ≥ ${TARGET_SHARE * 100}%)`);
  console.log(`time: ${r.seconds.toFixed(1)} s; load average ${r.loadavg.map((x) => x.toFixed(2)).join(' ')}`);
}

function printUnlabelled(r: PrecisionResult): void {
  let current = '';
  for (const f of r.findings.filter((x) => !x.label)) {
    if (f.package !== current) {
      current = f.package;
      console.log(`# ${path.relative(ROOT, triagePath(f.package))}`);
    }
    console.log(`${f.key}\t\t${f.file}:${f.line} ${f.message.replace(/\s+/g, ' ')}`);
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const packages: string[] = [];
  let cli: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--package') packages.push(args[++i]);
    else if (args[i] === '--cli') cli = args[++i];
  }
  let result: PrecisionResult;
  try {
    result = runPrecision({ packages, cli });
  } catch (err) {
    console.error(`bench:precision: ${(err as Error).message}`);
    return;
  }
  if (args.includes('--json')) {
    const { findings, ...rest } = result;
    console.log(JSON.stringify({ ...rest, packages: rest.packages.map((p) => ({ ...p, perKloc: round(p.perKloc) })), totals: { ...rest.totals, perKloc: round(rest.totals.perKloc) }, findings }, null, 2));
  } else if (args.includes('--unlabelled')) printUnlabelled(result);
  else printTable(result);
}

if (require.main === module) main();
