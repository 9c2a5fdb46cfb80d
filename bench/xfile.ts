/**
 * The cross-file benchmark: small multi-file Solidity projects of our own
 * (bench/xfile/projects/<name>/, Foundry layout, some with lib/ dependencies
 * behind remappings), each built around one fact that can only be decided by
 * reading more than one file: a guard, a payable entry, an ETH call or a
 * return type declared elsewhere, a C3 super chain, a helper that always
 * reverts. Each project's expect.json lists findings that must appear
 * (`expected`) and findings that must not (`absent`); see
 * bench/xfile/README.md for the format and the conventions on placement.
 *
 * Synor runs as the built CLI (`cli/out/synor.js`, `npm run build`) in a child
 * process, once per project and tier: fast (`--format json --fail-on none`)
 * and deep (the same plus `--measure`, which compiles with solc), two
 * processes at a time.
 *
 * Usage: `npm run bench:xfile [-- --only <name>] [--tier fast|deep] [--json] [--verbose]`
 *   --only <name>   run one project (repeatable, or comma-separated)
 *   --tier <t>      fast or deep (default: both)
 *   --json          print the results as JSON
 *   --verbose       list every check, not only the failed ones
 *   --concurrency n child processes at a time (default 2)
 * Always exits 0 unless the benchmark itself fails: it is a measurement, not a gate.
 * `runXfile(options)` returns the same results for a test to import.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..');
const PROJECTS_DIR = path.join(__dirname, 'xfile', 'projects');
const CLI = path.join(ROOT, 'cli', 'out', 'synor.js');
/** An expectation with a line matches a finding this many lines either side. */
export const LINE_TOLERANCE = 2;
/** One CLI run may take this long (deep tier included) before it counts as failed. */
const RUN_TIMEOUT_MS = 5 * 60_000;

export type Tier = 'fast' | 'deep';
export const TIERS: readonly Tier[] = ['fast', 'deep'];

/** A place in a project: a file (relative to the project folder) and optionally lines (1-based). */
export interface Place {
  file: string;
  line?: number;
  /** Alternative lines in the same file; any of them (±LINE_TOLERANCE) matches. */
  lines?: number[];
}

export interface ExpectedEntry extends Place {
  rule: string;
  /** When given, every finding of the rule at the place must have this severity (and there must be one). */
  severity?: string;
  /** Other places (possibly in other files) that count as the same finding. */
  alt?: Place[];
  note?: string;
}

export interface AbsentEntry extends Place {
  rule: string;
  /** When given, only findings of this severity count against the absence. */
  severity?: string;
  note?: string;
}

export interface ExpectFile {
  description: string;
  kind?: string;
  expected: ExpectedEntry[];
  absent: AbsentEntry[];
}

/** A finding as the benchmark needs it: path relative to the project, 1-based line. */
export interface SeenFinding {
  file: string;
  line: number;
  rule: string;
  severity: string;
}

export interface CheckResult {
  type: 'expected' | 'absent';
  rule: string;
  place: string;
  ok: boolean;
  /** What was found (or not) at the place, for the failure list. */
  detail: string;
}

export interface TierResult {
  tier: Tier;
  /** False when the CLI could not be run or its output not read; the checks are then all failed. */
  ran: boolean;
  error?: string;
  expectedOk: number;
  expectedTotal: number;
  absentOk: number;
  absentTotal: number;
  checks: CheckResult[];
  /** compiler-error findings (deep tier) and CLI notes about timeouts or missing compilers. */
  compileProblems: string[];
  findings: number;
  ms: number;
}

export interface ProjectResult {
  name: string;
  kind: string;
  description: string;
  /** Problems with expect.json itself (unknown rule, line past the end, absence overlapping an expectation). */
  lint: string[];
  tiers: Partial<Record<Tier, TierResult>>;
}

export interface TierTotals {
  expectedOk: number;
  expectedTotal: number;
  absentOk: number;
  absentTotal: number;
  projectsPassed: number;
  projects: number;
  /** (expected found + absences respected) / all checks. */
  score: number;
  ms: number;
}

export interface XfileResults {
  cli: string;
  projects: ProjectResult[];
  totals: Partial<Record<Tier, TierTotals>>;
  loadAverage: number[];
  cpus: number;
  elapsedMs: number;
}

export interface XfileOptions {
  /** Project names to run (default: all). */
  only?: string[];
  /** Tiers to run (default: both). */
  tiers?: Tier[];
  /** Child processes at a time (default 2). */
  concurrency?: number;
  /** The built CLI (default cli/out/synor.js). */
  cli?: string;
  /** Folder of the projects (default bench/xfile/projects). */
  projectsDir?: string;
  /** Called as each run finishes, e.g. for progress. */
  onProgress?: (done: number, total: number, project: string, tier: Tier) => void;
}

interface CliFinding {
  ruleId?: string;
  rule?: string;
  severity?: string;
  file?: string;
  path?: string;
  uri?: string;
  range?: { start?: { line?: number } };
  line?: number;
}

interface CliReport {
  findings?: CliFinding[];
  notes?: string[];
  errors?: Array<{ file?: string; message?: string }>;
}

/** A mistake in the arguments: reported without a stack trace. */
export class XfileUsageError extends Error {}

const posix = (p: string) => p.split(path.sep).join('/');

function readExpect(dir: string): ExpectFile {
  const raw = JSON.parse(fs.readFileSync(path.join(dir, 'expect.json'), 'utf8')) as Partial<ExpectFile>;
  if (typeof raw.description !== 'string' || !Array.isArray(raw.expected) || !Array.isArray(raw.absent)) {
    throw new Error(`${path.join(dir, 'expect.json')}: needs "description", "expected" and "absent"`);
  }
  return { description: raw.description, kind: raw.kind, expected: raw.expected, absent: raw.absent };
}

/** Lines of a place, or undefined for "anywhere in the file". */
function placeLines(p: Place): number[] | undefined {
  if (p.lines && p.lines.length > 0) return p.lines;
  if (typeof p.line === 'number') return [p.line];
  return undefined;
}

function describePlace(p: Place): string {
  const lines = placeLines(p);
  return lines ? `${p.file}:${lines.join('|')}` : `${p.file} (anywhere)`;
}

function findingsAt(findings: SeenFinding[], rule: string, p: Place): SeenFinding[] {
  const lines = placeLines(p);
  return findings.filter((f) => f.rule === rule && f.file === posix(path.normalize(p.file)) && (!lines || lines.some((l) => Math.abs(f.line - l) <= LINE_TOLERANCE)));
}

const show = (fs_: SeenFinding[]) => fs_.map((f) => `${f.file === fs_[0].file ? '' : f.file + ':'}${f.line}${f.severity ? ` ${f.severity}` : ''}`).join(', ');

/** Scores one tier's findings against a project's expectations. */
export function checkFindings(expect: ExpectFile, findings: SeenFinding[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const e of expect.expected) {
    const places: Place[] = [e, ...(e.alt ?? [])];
    const hits = places.flatMap((p) => findingsAt(findings, e.rule, p));
    const place = [describePlace(e), ...(e.alt ?? []).map(describePlace)].join(' or ');
    let ok = hits.length > 0;
    let detail = ok ? `found at ${show(hits)}` : 'not found';
    if (ok && e.severity) {
      const wrong = hits.filter((h) => h.severity !== e.severity);
      if (wrong.length > 0) {
        ok = false;
        detail = `found at ${show(hits)}, expected severity ${e.severity} only`;
      }
    }
    if (!ok) {
      const elsewhere = findings.filter((f) => f.rule === e.rule && !hits.includes(f));
      if (elsewhere.length > 0 && hits.length === 0) detail += `; the rule fired at ${elsewhere.map((f) => `${f.file}:${f.line}`).join(', ')}`;
    }
    out.push({ type: 'expected', rule: e.rule + (e.severity ? `(${e.severity})` : ''), place, ok, detail });
  }
  for (const a of expect.absent) {
    const hits = findingsAt(findings, a.rule, a).filter((f) => !a.severity || f.severity === a.severity);
    out.push({ type: 'absent', rule: a.rule + (a.severity ? `(${a.severity})` : ''), place: describePlace(a), ok: hits.length === 0, detail: hits.length === 0 ? 'absent' : `reported at ${show(hits)}` });
  }
  return out;
}

/** Checks expect.json against the project's files and the CLI's rule list. */
function lintExpect(dir: string, expect: ExpectFile, knownRules: Set<string> | undefined): string[] {
  const problems: string[] = [];
  const lineCount = new Map<string, number>();
  const checkPlace = (p: Place, what: string) => {
    const file = path.join(dir, p.file);
    if (!lineCount.has(p.file)) lineCount.set(p.file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').length : -1);
    const n = lineCount.get(p.file)!;
    if (n < 0) problems.push(`${what}: no file ${p.file}`);
    else for (const l of placeLines(p) ?? []) if (!Number.isInteger(l) || l < 1 || l > n) problems.push(`${what}: line ${l} outside ${p.file} (${n} lines)`);
  };
  const checkRule = (rule: string, what: string) => {
    if (knownRules && !knownRules.has(rule)) problems.push(`${what}: unknown rule ${rule}`);
  };
  for (const e of expect.expected) {
    checkRule(e.rule, `expected ${e.rule}`);
    checkPlace(e, `expected ${e.rule}`);
    for (const alt of e.alt ?? []) checkPlace(alt, `expected ${e.rule} (alt)`);
  }
  for (const a of expect.absent) {
    checkRule(a.rule, `absent ${a.rule}`);
    checkPlace(a, `absent ${a.rule}`);
    // An absence whose window covers an expected line of the same rule can never both hold.
    for (const e of expect.expected) {
      if (e.rule !== a.rule || (a.severity && e.severity && a.severity !== e.severity)) continue;
      for (const p of [e as Place, ...(e.alt ?? [])]) {
        if (posix(path.normalize(p.file)) !== posix(path.normalize(a.file))) continue;
        const al = placeLines(a);
        const el = placeLines(p);
        const clash = !al || !el ? true : al.some((x) => el.some((y) => Math.abs(x - y) <= LINE_TOLERANCE));
        if (clash) problems.push(`absent ${a.rule} at ${describePlace(a)} overlaps expected at ${describePlace(p)}`);
      }
    }
  }
  return problems;
}

/** Normalises the CLI's findings: paths relative to the project folder, 1-based lines. */
export function normaliseFindings(report: CliReport, projectDir: string, cwd: string): SeenFinding[] {
  const out: SeenFinding[] = [];
  for (const f of report.findings ?? []) {
    const rule = f.ruleId ?? f.rule;
    let file = f.file ?? f.path ?? f.uri;
    if (!rule || !file) continue;
    if (file.startsWith('file://')) file = decodeURIComponent(new URL(file).pathname);
    const abs = path.resolve(cwd, file);
    const line = typeof f.range?.start?.line === 'number' ? f.range.start.line + 1 : typeof f.line === 'number' ? f.line : 0;
    out.push({ file: posix(path.relative(projectDir, abs)), line, rule, severity: f.severity ?? '' });
  }
  return out;
}

function runCli(cli: string, projectDir: string, tier: Tier): Promise<{ stdout: string; stderr: string; code: number | null; error?: string }> {
  const args = [cli, projectDir, '--format', 'json', '--fail-on', 'none', ...(tier === 'deep' ? ['--measure'] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, timeout: RUN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      const code = e ? (typeof e.code === 'number' ? e.code : null) : 0;
      const error = e && (e.killed || typeof e.code !== 'number') ? (e.killed ? `timed out after ${RUN_TIMEOUT_MS / 1000} s` : e.message) : undefined;
      resolve({ stdout, stderr, code, error });
    });
  });
}

async function runTier(cli: string, projectDir: string, expect: ExpectFile, tier: Tier): Promise<TierResult> {
  const started = performance.now();
  const run = await runCli(cli, projectDir, tier);
  const base = { tier, expectedOk: 0, expectedTotal: expect.expected.length, absentOk: 0, absentTotal: expect.absent.length, compileProblems: [] as string[], findings: 0 };
  let report: CliReport | undefined;
  let error = run.error;
  if (!error) {
    try {
      report = JSON.parse(run.stdout) as CliReport;
    } catch {
      error = `exit ${run.code}, output is not JSON: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`;
    }
  }
  const ms = performance.now() - started;
  if (!report) {
    const checks = checkFindings(expect, []).map((c) => ({ ...c, ok: false, detail: `not run: ${error}` }));
    return { ...base, ran: false, error, checks, ms };
  }
  const findings = normaliseFindings(report, projectDir, ROOT);
  const checks = checkFindings(expect, findings);
  const compileProblems = [
    ...findings.filter((f) => f.rule === 'compiler-error' || f.rule === 'unresolved-import').map((f) => `${f.rule} ${f.file}:${f.line}`),
    ...(report.notes ?? []).filter((n) => !/compiled with solc/.test(n)).map((n) => posix(path.relative(projectDir, path.resolve(ROOT, n.split(': ')[0]))) + ': ' + n.split(': ').slice(1).join(': ')),
    ...(report.errors ?? []).map((e) => `${e.file ?? ''}: ${e.message ?? ''}`),
  ];
  return {
    ...base,
    ran: true,
    expectedOk: checks.filter((c) => c.type === 'expected' && c.ok).length,
    absentOk: checks.filter((c) => c.type === 'absent' && c.ok).length,
    checks,
    compileProblems,
    findings: findings.length,
    ms,
  };
}

async function knownRuleIds(cli: string): Promise<Set<string> | undefined> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, '--list-rules', '--format', 'json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err) return resolve(undefined);
      try {
        const rules = JSON.parse(stdout) as Array<{ id?: string }>;
        resolve(new Set(rules.map((r) => r.id).filter((id): id is string => !!id)));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** Runs the benchmark and returns the structured results. */
export async function runXfile(options: XfileOptions = {}): Promise<XfileResults> {
  const started = performance.now();
  const cli = path.resolve(options.cli ?? CLI);
  if (!fs.existsSync(cli)) throw new Error(`${cli} not found: run \`npm run build\` first`);
  const dir = path.resolve(options.projectsDir ?? PROJECTS_DIR);
  const tiers = options.tiers && options.tiers.length > 0 ? options.tiers : [...TIERS];
  let names = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'expect.json')))
    .map((d) => d.name)
    .sort();
  if (options.only && options.only.length > 0) {
    const unknown = options.only.filter((n) => !names.includes(n));
    if (unknown.length > 0) throw new XfileUsageError(`unknown project(s): ${unknown.join(', ')} (have: ${names.join(', ')})`);
    names = names.filter((n) => options.only!.includes(n));
  }
  const rules = await knownRuleIds(cli);
  const projects: ProjectResult[] = names.map((name) => {
    const expect = readExpect(path.join(dir, name));
    return { name, kind: expect.kind ?? '', description: expect.description, lint: lintExpect(path.join(dir, name), expect, rules), tiers: {} };
  });
  const jobs = projects.flatMap((p) => tiers.map((tier) => ({ p, tier })));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { p, tier } = jobs[next++];
      const projectDir = path.join(dir, p.name);
      p.tiers[tier] = await runTier(cli, projectDir, readExpect(projectDir), tier);
      options.onProgress?.(++done, jobs.length, p.name, tier);
    }
  };
  const concurrency = Math.max(1, options.concurrency ?? 2);
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));

  const totals: Partial<Record<Tier, TierTotals>> = {};
  for (const tier of tiers) {
    const rs = projects.map((p) => p.tiers[tier]).filter((r): r is TierResult => !!r);
    const t: TierTotals = { expectedOk: 0, expectedTotal: 0, absentOk: 0, absentTotal: 0, projectsPassed: 0, projects: rs.length, score: 0, ms: 0 };
    for (const r of rs) {
      t.expectedOk += r.expectedOk;
      t.expectedTotal += r.expectedTotal;
      t.absentOk += r.absentOk;
      t.absentTotal += r.absentTotal;
      t.ms += r.ms;
      if (r.ran && r.expectedOk === r.expectedTotal && r.absentOk === r.absentTotal) t.projectsPassed++;
    }
    const all = t.expectedTotal + t.absentTotal;
    t.score = all === 0 ? 0 : (t.expectedOk + t.absentOk) / all;
    totals[tier] = t;
  }
  return { cli: posix(path.relative(ROOT, cli)), projects, totals, loadAverage: os.loadavg(), cpus: os.cpus().length, elapsedMs: performance.now() - started };
}

const pct = (a: number, b: number) => (b === 0 ? '  –  ' : `${((100 * a) / b).toFixed(0).padStart(3)}%`);

/** The results as the table `npm run bench:xfile` prints. */
export function formatResults(results: XfileResults, verbose = false): string {
  const tiers = TIERS.filter((t) => results.totals[t]);
  const lines: string[] = [];
  const nameW = Math.max(7, ...results.projects.map((p) => p.name.length));
  const kindW = Math.min(44, Math.max(4, ...results.projects.map((p) => p.kind.length)));
  const cell = (r: TierResult | undefined) => {
    if (!r) return ''.padEnd(9);
    if (!r.ran) return 'error'.padEnd(9);
    const ok = r.expectedOk + r.absentOk;
    const all = r.expectedTotal + r.absentTotal;
    return `${ok === all ? '✓' : ' '} ${ok}/${all}`.padEnd(9);
  };
  lines.push(`${'project'.padEnd(nameW)}  ${'kind'.padEnd(kindW)}  ${tiers.map((t) => t.padEnd(9)).join('  ')}`);
  lines.push('-'.repeat(nameW + kindW + 4 + tiers.length * 11));
  for (const p of results.projects) {
    lines.push(`${p.name.padEnd(nameW)}  ${p.kind.slice(0, kindW).padEnd(kindW)}  ${tiers.map((t) => cell(p.tiers[t])).join('  ')}`);
    for (const l of p.lint) lines.push(`    ! expect.json: ${l}`);
    // A check that fails in every tier is listed once; one that fails in some tiers names them.
    const byCheck = new Map<string, { c: CheckResult; tiers: Tier[]; details: string[] }>();
    for (const t of tiers) {
      const r = p.tiers[t];
      if (!r) continue;
      if (!r.ran) lines.push(`    ${t}: ${r.error}`);
      for (const pr of r.compileProblems) lines.push(`    ${t}: ${pr}`);
      if (!r.ran) continue;
      for (const c of r.checks) {
        if (c.ok && !verbose) continue;
        const key = `${c.type} ${c.rule} ${c.place} ${c.ok}`;
        const entry = byCheck.get(key) ?? { c, tiers: [], details: [] };
        entry.tiers.push(t);
        if (!entry.details.includes(c.detail)) entry.details.push(c.detail);
        byCheck.set(key, entry);
      }
    }
    for (const { c, tiers: ts, details } of byCheck.values()) {
      const mark = c.ok ? '✓' : '✗';
      const what = c.type === 'expected' ? 'expected' : 'absent  ';
      lines.push(`    ${mark} ${ts.length === tiers.length ? 'all ' : ts.join('+').padEnd(4)} ${what} ${c.rule} at ${c.place}: ${details.join(' / ')}`);
    }
  }
  lines.push('');
  for (const t of tiers) {
    const s = results.totals[t]!;
    lines.push(
      `${t.padEnd(5)} expected found ${s.expectedOk}/${s.expectedTotal} (${pct(s.expectedOk, s.expectedTotal).trim()}), ` +
        `absences respected ${s.absentOk}/${s.absentTotal} (${pct(s.absentOk, s.absentTotal).trim()}), ` +
        `all checks ${s.expectedOk + s.absentOk}/${s.expectedTotal + s.absentTotal} (${(100 * s.score).toFixed(0)}%), ` +
        `projects passing ${s.projectsPassed}/${s.projects}, CLI time ${(s.ms / 1000).toFixed(1)} s`,
    );
  }
  lines.push(`${results.projects.length} projects, ${(results.elapsedMs / 1000).toFixed(1)} s wall, load average ${results.loadAverage.map((l) => l.toFixed(2)).join(' ')} (${results.cpus} CPUs), CLI ${results.cli}`);
  return lines.join('\n') + '\n';
}

function parseArgs(argv: string[]): { options: XfileOptions; json: boolean; verbose: boolean } {
  const options: XfileOptions = {};
  let json = false;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new XfileUsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--only':
        options.only = [...(options.only ?? []), ...value().split(',').filter(Boolean)];
        break;
      case '--tier': {
        const t = value();
        if (t !== 'fast' && t !== 'deep') throw new XfileUsageError(`--tier must be fast or deep, not ${t}`);
        options.tiers = [...(options.tiers ?? []), t];
        break;
      }
      case '--concurrency':
        options.concurrency = Number(value());
        if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new XfileUsageError('--concurrency needs a whole number of at least 1');
        break;
      case '--json':
        json = true;
        break;
      case '--verbose':
      case '-v':
        verbose = true;
        break;
      default:
        throw new XfileUsageError(`unknown argument ${a}`);
    }
  }
  return { options, json, verbose };
}

async function main(): Promise<void> {
  const { options, json, verbose } = parseArgs(process.argv.slice(2));
  const progress = !json && process.stderr.isTTY;
  const results = await runXfile({
    ...options,
    onProgress: progress ? (done, total, name, tier) => process.stderr.write(`\r${`xfile: ${done}/${total} ${name} (${tier})`.padEnd(70)}`) : undefined,
  });
  if (progress) process.stderr.write('\r' + ' '.repeat(70) + '\r');
  process.stdout.write(json ? JSON.stringify(results, null, 2) + '\n' : formatResults(results, verbose));
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`bench:xfile: ${err instanceof XfileUsageError ? err.message : ((err as Error)?.stack ?? String(err))}\n`);
    process.exitCode = 2;
  });
}
