/**
 * The fix-safety check: Synor's fixes over the real corpora of bench:noise
 * (OpenZeppelin, Uniswap v3 and v4 core, Solady, Solmate) and bench:precision
 * (the packages of bench/precision.ts), all installed in node_modules.
 *
 * - Every fix alone: applied to its file, the result must parse (no more syntax
 *   errors than before), compile with solc where the original compiled, and so
 *   must the files that import it (the nearest `--dependants`, with the changed
 *   file in place of the original); a safe fix must also raise no Synor finding
 *   that was not there before, in the file or in those dependants. An unsafe
 *   fix is a suggestion a person reviews: the findings it raises are listed,
 *   not counted as failures.
 * - Every fix-all per file: the engine's `fixAll` (what `synor --fix` and the
 *   editor's "Fix all" apply), checked the same way.
 *
 * Compiling is what costs: fixes are sampled per package, round robin over
 * rules (so that every rule with a fix is checked), and so are the files whose
 * fix-all is checked; what was sampled is printed. Parsing and re-analysis are
 * checked for every sampled fix.
 *
 * Usage: `npm run bench:fixes [-- --package <name>]… [--rule <id>]… [--max-fixes <n>] [--max-files <n>]
 *          [--dependants <n>] [--no-compile] [--json]`
 *   --rule <id>       only fixes of this rule (repeatable), and fix-all of files with one
 *   --max-fixes <n>   fixes checked alone per package (default 40; 0 for all)
 *   --max-files <n>   files whose fix-all is checked per package (default 12; 0 for all)
 *   --dependants <n>  importing files compiled and re-analysed per change (default 2)
 *   --no-compile      parse and re-analysis only
 * Always exits 0: it is a measurement, not a gate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, applyEdits, findingsIntroduced, fixAll, parse, Project, type AnalysisResult, type Finding, type Fix, type TextEdit } from '../engine/src';
import { prepareCompile, runCompile } from '../engine/src/compile';
import { CORPORA } from './precision';

const ROOT = path.resolve(__dirname, '..');

/** The packages of bench:noise, with its folder rules: test, mock and vendored lib/ folders left out. */
const NOISE_PACKAGES = ['@openzeppelin/contracts', '@uniswap/v3-core', '@uniswap/v4-core', 'solady', 'solmate'];
const NOISE_SKIPPED = new Set(['test', 'tests', 'mocks', 'mock', 'lib', 'node_modules', 'artifacts']);
/** bench:precision's folder rules (see bench/precision.ts). */
const PRECISION_SKIPPED = new Set(['test', 'tests', 'mocks', 'mock', 'script', 'scripts', 'echidna', 'certora', 'node_modules', 'lib']);

interface Corpus {
  name: string;
  roots: string[];
  skip: Record<string, string>;
  skipped: Set<string>;
}

function corpora(): Corpus[] {
  return [
    ...NOISE_PACKAGES.map((name) => ({ name, roots: ['.'], skip: {}, skipped: NOISE_SKIPPED })),
    ...CORPORA.map((c) => ({ name: c.name, roots: c.roots, skip: c.skip ?? {}, skipped: PRECISION_SKIPPED })),
  ];
}

function solFiles(pkgDir: string, c: Corpus): string[] {
  const out: string[] = [];
  const extra = new Set(Object.keys(c.skip));
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      const rel = path.relative(pkgDir, full).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (!extra.has(rel) && !c.skipped.has(e.name.toLowerCase())) walk(full);
      } else if (e.isFile() && e.name.endsWith('.sol') && !e.name.endsWith('.t.sol') && !e.name.endsWith('.s.sol')) out.push(full);
    }
  };
  for (const r of c.roots) if (fs.existsSync(path.join(pkgDir, r))) walk(path.join(pkgDir, r));
  return out;
}

interface Options {
  packages: string[];
  /** Only fixes of these rules (and fix-all of files that have one). */
  rules: string[];
  maxFixes: number;
  maxFiles: number;
  dependants: number;
  compile: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { packages: [], rules: [], maxFixes: 40, maxFiles: 12, dependants: 2, compile: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      return n;
    };
    if (a === '--package') o.packages.push(argv[++i]);
    else if (a === '--rule') o.rules.push(argv[++i]);
    else if (a === '--max-fixes') o.maxFixes = num();
    else if (a === '--max-files') o.maxFiles = num();
    else if (a === '--dependants') o.dependants = num();
    else if (a === '--no-compile') o.compile = false;
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** One check of a change: a fix alone or a file's fix-all. */
interface Check {
  package: string;
  file: string;
  line: number;
  /** The fix's rule, or `fix-all`. */
  ruleId: string;
  title: string;
  safety: 'safe' | 'unsafe' | 'fix-all';
  /** What failed, in words; empty when it passed. */
  failures: string[];
  /** For unsafe fixes: findings the change raises (reported, not a failure). */
  raises: string[];
  /** Whether the compile check ran (the original compiled). */
  compiled: boolean;
}

interface Compiled {
  ok: boolean;
  error?: string;
}

/** Compiles `file` (with `text`), other files of the closure replaced by `overrides` (absolute path → text). */
function compile(file: string, text: string, overrides: ReadonlyMap<string, string>): Compiled | undefined {
  const p = prepareCompile({ path: file, text });
  if (!p.candidate || p.unavailable) return undefined;
  let input = p.input;
  if (overrides.size > 0) {
    const json = JSON.parse(p.input) as { sources: Record<string, { content: string }> };
    for (const [unit, src] of p.gathered.sources) {
      const o = overrides.get(path.resolve(src.file));
      if (o !== undefined && unit !== p.gathered.mainUnit) json.sources[unit].content = o;
    }
    input = JSON.stringify(json);
  }
  const out = runCompile({ ...p, input });
  if (out.unavailable) return undefined;
  const err = out.output?.errors?.find((e) => e.severity === 'error');
  return { ok: !out.failed, error: err ? (err.formattedMessage ?? err.message).split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ').slice(0, 240) : undefined };
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const checks: Check[] = [];
  const sampledNote: string[] = [];
  /** Every fix found, by rule: how many are safe and unsafe. */
  const found = new Map<string, { safe: number; unsafe: number }>();
  const list = corpora().filter((c) => o.packages.length === 0 || o.packages.includes(c.name));
  for (const corpus of list) {
    const pkgDir = path.join(ROOT, 'node_modules', corpus.name);
    if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
      sampledNote.push(`${corpus.name}: not installed`);
      continue;
    }
    const tp = performance.now();
    const files = solFiles(pkgDir, corpus);
    const project = new Project({ root: pkgDir });
    project.index(files);
    const texts = new Map<string, string>();
    const results = new Map<string, AnalysisResult>();
    const originalCompiles = new Map<string, Compiled | undefined>();
    const compilesAsIs = (f: string): boolean => {
      if (!o.compile) return false;
      if (!originalCompiles.has(f)) originalCompiles.set(f, compile(f, textOf(f), new Map()));
      return originalCompiles.get(f)?.ok === true;
    };
    const textOf = (f: string) => {
      let t = texts.get(f);
      if (t === undefined) texts.set(f, (t = fs.readFileSync(f, 'utf8')));
      return t;
    };
    const resultOf = (f: string) => {
      let r = results.get(f);
      if (!r) results.set(f, (r = analyze(textOf(f), { path: f, project })));
      return r;
    };
    /** Files importing `f` that compile as they are, nearest first. */
    const dependantsOf = (f: string): string[] => {
      const here = path.dirname(f);
      return [...project.dependants(f)]
        .filter((d) => files.includes(d))
        .sort((a, b) => path.relative(here, a).length - path.relative(here, b).length || a.localeCompare(b))
        .filter((d) => compilesAsIs(d))
        .slice(0, o.dependants);
    };

    // Every fix of every finding, as candidates to check alone.
    const candidates: Array<{ file: string; finding: Finding; fix: Fix }> = [];
    const wanted = (ruleId: string) => o.rules.length === 0 || o.rules.includes(ruleId);
    for (const f of files) for (const finding of resultOf(f).findings) for (const fix of finding.fixes) if (fix.edits.length > 0 && wanted(finding.ruleId)) candidates.push({ file: f, finding, fix });
    for (const c of candidates) {
      const n = found.get(c.finding.ruleId) ?? { safe: 0, unsafe: 0 };
      n[c.fix.safety]++;
      found.set(c.finding.ruleId, n);
    }
    const sample = roundRobin(candidates, (c) => c.finding.ruleId, o.maxFixes);
    const rel = (f: string) => path.relative(pkgDir, f).split(path.sep).join('/');

    /** Checks a change of `file` from its text to `after` (made by `edits`). */
    const checkChange = (file: string, after: string, edits: readonly TextEdit[], safety: Check['safety'], head: Omit<Check, 'failures' | 'raises' | 'compiled' | 'safety'>): Check => {
      const before = textOf(file);
      const c: Check = { ...head, safety, failures: [], raises: [], compiled: false };
      const parsedBefore = parse(before);
      const parsedAfter = parse(after);
      if (parsedAfter.errors.length > parsedBefore.errors.length) c.failures.push(`does not parse: ${parsedAfter.errors[0].message} (line ${parsedAfter.errors[0].range.start.line + 1})`);
      const raised: string[] = [];
      const afterResult = analyze(after, { path: file, project, parsed: parsedAfter });
      for (const f of findingsIntroduced(before, resultOf(file).findings, after, afterResult.findings, edits)) raised.push(`${f.ruleId} (${f.messageId}) at ${rel(file)}:${f.range.start.line + 1}`);
      const deps = dependantsOf(file);
      project.setOverlay(file, after);
      try {
        for (const d of deps) {
          const r = analyze(textOf(d), { path: d, project });
          for (const f of findingsIntroduced(textOf(d), resultOf(d).findings, textOf(d), r.findings, [])) raised.push(`${f.ruleId} (${f.messageId}) at ${rel(d)}:${f.range.start.line + 1}`);
        }
      } finally {
        project.setOverlay(file, undefined);
      }
      if (safety === 'unsafe') c.raises.push(...raised);
      else for (const r of raised) c.failures.push(`raises ${r}`);
      if (compilesAsIs(file)) {
        c.compiled = true;
        const own = compile(file, after, new Map());
        if (own && !own.ok) c.failures.push(`does not compile: ${own.error}`);
        for (const d of deps) {
          const r = compile(d, textOf(d), new Map([[path.resolve(file), after]]));
          if (r && !r.ok) c.failures.push(`${rel(d)}, which imports it, does not compile: ${r.error}`);
        }
      }
      return c;
    };

    for (const s of sample) {
      const out = applyEdits(textOf(s.file), s.fix.edits);
      checks.push(
        checkChange(s.file, out.text, s.fix.edits, s.fix.safety, { package: corpus.name, file: rel(s.file), line: s.finding.range.start.line + 1, ruleId: s.finding.ruleId, title: s.fix.title }),
      );
    }

    // Fix-all of files that have a safe fix, spread over the package.
    const fixable = files.filter((f) => resultOf(f).findings.some((x) => wanted(x.ruleId) && x.fixes.some((y) => y.safety === 'safe')));
    const chosen = spread(fixable, o.maxFiles);
    let fixAllApplied = 0;
    for (const f of chosen) {
      const r = fixAll(textOf(f), { path: f, project });
      fixAllApplied += r.applied.length;
      if (!r.changed) continue;
      checks.push(checkChange(f, r.text, r.edits, 'fix-all', { package: corpus.name, file: rel(f), line: 1, ruleId: 'fix-all', title: `${r.applied.length} fixes, ${r.passes} round(s)` }));
    }
    const secs = ((performance.now() - tp) / 1000).toFixed(1);
    sampledNote.push(
      `${corpus.name}: ${files.length} files, ${candidates.length} fixes (${candidates.filter((c) => c.fix.safety === 'safe').length} safe) in ${new Set(candidates.map((c) => c.finding.ruleId)).size} rules; ` +
        `checked alone: ${sample.length}${sample.length < candidates.length ? ' (sampled round robin by rule)' : ' (all)'}; ` +
        `fix-all: ${chosen.length} of ${fixable.length} files with a safe fix${chosen.length < fixable.length ? ' (sampled)' : ''}, ${fixAllApplied} fixes applied; ${secs} s`,
    );
    if (!o.json) console.error(`bench:fixes: ${sampledNote[sampledNote.length - 1]}`);
  }
  report(checks, sampledNote, found, o, (performance.now() - t0) / 1000);
}

/** Up to `max` items (0: all), taking one of each key in turn, in a stable order. */
function roundRobin<T>(items: T[], key: (t: T) => string, max: number): T[] {
  if (max === 0 || items.length <= max) return items;
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(it);
  }
  // Within a rule, spread over its findings (`stride`) rather than taking the first file's.
  const order = [...groups.keys()].sort().map((k) => groups.get(k)!);
  const out: T[] = [];
  const taken = order.map(() => 0);
  while (out.length < max) {
    let progressed = false;
    for (let i = 0; i < order.length && out.length < max; i++) {
      if (taken[i] >= order[i].length) continue;
      out.push(order[i][stride(order[i].length, taken[i]++)]);
      progressed = true;
    }
    if (!progressed) break;
  }
  return out;
}

/** The i-th index of a spread walk over n items: 0, n/2, n/4, 3n/4, … (every index once). */
function stride(n: number, i: number): number {
  if (n <= 1) return 0;
  const bits = Math.ceil(Math.log2(n));
  let k = 0;
  for (let seen = 0; ; k++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (k & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < n) {
      if (seen === i) return r;
      seen++;
    }
  }
}

/** Up to `max` items (0: all), evenly spread over the list. */
function spread<T>(items: T[], max: number): T[] {
  if (max === 0 || items.length <= max) return items;
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.floor((i * items.length) / max)]);
  return out;
}

function report(checks: Check[], notes: string[], found: Map<string, { safe: number; unsafe: number }>, o: Options, seconds: number): void {
  const pass = (c: Check) => c.failures.length === 0;
  const kinds: Array<Check['safety']> = ['safe', 'unsafe', 'fix-all'];
  const byKind = kinds.map((k) => {
    const cs = checks.filter((c) => c.safety === k);
    return { kind: k, checked: cs.length, passed: cs.filter(pass).length, compiled: cs.filter((c) => c.compiled).length };
  });
  const failures = checks.filter((c) => !pass(c));
  const byRule = new Map<string, Check[]>();
  for (const c of failures) byRule.set(c.ruleId, [...(byRule.get(c.ruleId) ?? []), c]);
  const raised = checks.filter((c) => c.raises.length > 0);
  const total = { checked: checks.length, passed: checks.filter(pass).length };
  if (o.json) {
    console.log(JSON.stringify({ seconds: Math.round(seconds), sampled: notes, fixesByRule: Object.fromEntries(found), total, byKind, failures, unsafeRaises: raised.map((c) => ({ ruleId: c.ruleId, file: c.file, line: c.line, raises: c.raises })) }, null, 2));
    return;
  }
  console.log('\nFix safety: every fix alone and every fix-all per file re-parses, re-compiles where the original compiled (and so do its importers), and raises no new finding');
  console.log(`compile check: ${o.compile ? `solc (bundled), the file and up to ${o.dependants} importing file(s)` : 'off (--no-compile)'}\n`);
  for (const n of notes) console.log(`  ${n}`);
  const rules = [...found].sort((a, b) => a[0].localeCompare(b[0]));
  console.log(`\nfixes found, by rule (${rules.length} rules): ${rules.map(([r, n]) => `${r} ${n.safe + n.unsafe}${n.safe && n.unsafe ? ` (${n.safe} safe)` : n.safe ? ' (safe)' : ' (unsafe)'}`).join(', ')}`);
  console.log('');
  console.log(pad('checked', 12) + pad('count', 8) + pad('compiled', 10) + pad('passed', 8) + 'share');
  for (const k of byKind) console.log(pad(k.kind === 'fix-all' ? 'fix-all' : `${k.kind} alone`, 12) + pad(String(k.checked), 8) + pad(String(k.compiled), 10) + pad(String(k.passed), 8) + pct(k.passed, k.checked));
  console.log(pad('all', 12) + pad(String(total.checked), 8) + pad(String(checks.filter((c) => c.compiled).length), 10) + pad(String(total.passed), 8) + `${pct(total.passed, total.checked)} (target 100%)`);
  console.log('\nfailures by rule:');
  if (byRule.size === 0) console.log('  (none)');
  for (const [rule, cs] of [...byRule].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    console.log(`  ${rule} (${cs.length})`);
    for (const c of cs) console.log(`    ${c.package}/${c.file}:${c.line} [${c.safety}] ${c.title}: ${c.failures.join('; ')}`);
  }
  if (raised.length > 0) {
    console.log('\nunsafe fixes that raise findings (a person reviews these; not failures):');
    for (const c of raised) console.log(`  ${c.ruleId} ${c.package}/${c.file}:${c.line} ${c.title}: ${c.raises.join('; ')}`);
  }
  console.log(`\ntime: ${seconds.toFixed(0)} s`);
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

main();
