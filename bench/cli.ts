/**
 * The CLI benchmark (issue 16): the whole `synor` process against solhint's
 * CLI (its recommended rules, `solhint:recommended`) on the same files, as a
 * user runs them in CI: OpenZeppelin, Solady and Solmate as installed in
 * node_modules. Each run is a fresh process, so start-up, project discovery,
 * import resolution, the report and writing it are all counted, not only the
 * rules. The target is synor's CPU at most 0.5× solhint's.
 *
 * Each tool runs under /usr/bin/time (user + system CPU of the process and
 * every child it waited for, wall time, peak RSS); when it is missing, under
 * bash's `times` (no RSS). The two tools alternate (synor first on even runs,
 * solhint first on odd ones), medians are reported, and the load average is
 * printed before and after, since a shared machine moves wall time more than
 * CPU time.
 *
 * The CLI under test is cli/out/synor.js: rebuild it with `npm run -s build`
 * (or pass --build) after changing the sources.
 *
 * Usage: `npx tsx bench/cli.ts [--quick] [--build] [--json] [--only=oz,solady,solmate] [--reports=<dir>] [--cli=<file>]`
 *   --quick    one run of each tool per corpus instead of three
 *   --build    run `npm run -s build` first
 *   --json     also print the figures as JSON
 *   --only     run only these corpora
 *   --reports  keep synor's JSON report of each corpus in <dir> (<corpus>.json), to compare runs
 *   --cli      the bundle to run instead of cli/out/synor.js (to compare two builds)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '..');
const cliArg = process.argv.find((a) => a.startsWith('--cli='));
const CLI = cliArg ? path.resolve(cliArg.slice('--cli='.length)) : path.join(ROOT, 'cli/out/synor.js');
const SOLHINT = path.join(ROOT, 'node_modules/solhint/solhint.js');
const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const reportsArg = process.argv.find((a) => a.startsWith('--reports='));
const RUNS = quick ? 1 : 3;

interface Corpus {
  id: string;
  name: string;
  /** The folder, relative to the repository root (solhint gets `<dir>/**\/*.sol`). */
  dir: string;
}

const CORPORA: Corpus[] = [
  { id: 'oz', name: 'OpenZeppelin', dir: 'node_modules/@openzeppelin/contracts' },
  { id: 'solady', name: 'Solady', dir: 'node_modules/solady/src' },
  { id: 'solmate', name: 'Solmate', dir: 'node_modules/solmate/src' },
];

interface Measure {
  /** User + system CPU seconds of the process tree. */
  cpu: number;
  user: number;
  sys: number;
  wall: number;
  /** Peak resident set in MB (NaN without /usr/bin/time). */
  rssMb: number;
  status: number | null;
}

const HAVE_TIME = fs.existsSync('/usr/bin/time');

/** Runs `argv` from the repository root with stdout to `stdoutFile`, timed as a whole process. */
function timed(argv: string[], stdoutFile: string): Measure {
  const timeFile = path.join(tmp, `time-${process.pid}.txt`);
  const out = fs.openSync(stdoutFile, 'w');
  try {
    if (HAVE_TIME) {
      const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', timeFile, ...argv], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
      const [wall, user, sys, rssKb] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      return { cpu: user + sys, user, sys, wall, rssMb: rssKb / 1024, status: r.status };
    }
    // bash's `times` prints the shell's own times, then its children's: "0m1.234s 0m0.056s".
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const started = process.hrtime.bigint();
    const r = spawnSync('bash', ['-c', `${quoted}; s=$?; times >&2; exit $s`], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const lines = r.stderr.toString().trim().split('\n');
    const secs = (s: string) => {
      const m = /(\d+)m([\d.]+)s/.exec(s);
      return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    };
    const [user, sys] = lines[lines.length - 1].trim().split(/\s+/).map(secs);
    return { cpu: user + sys, user, sys, wall, rssMb: NaN, status: r.status };
  } finally {
    fs.closeSync(out);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-bench-cli-'));
const solhintConfig = path.join(tmp, '.solhint.json');
fs.writeFileSync(solhintConfig, JSON.stringify({ extends: 'solhint:recommended' }));
// solhint's own glob, so that the files counted are those it expands its pattern to.
const { globSync } = createRequire(SOLHINT)('glob') as { globSync(pattern: string, options: object): string[] };

if (process.argv.includes('--build')) {
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('npm run build failed');
}
if (!fs.existsSync(CLI)) throw new Error(`${path.relative(ROOT, CLI)} is missing: run npm run -s build (or pass --build)`);

interface Row {
  corpus: string;
  synorFiles: number;
  solhintFiles: number;
  /** Files one tool saw and the other did not. */
  differ: number;
  lines: number;
  synorFindings: number;
  solhintMessages: number;
  synor: Measure[];
  solhint: Measure[];
}

const rows: Row[] = [];
const loadBefore = loadavg();
console.log(`synor CLI vs solhint CLI (solhint:recommended), ${RUNS} run${RUNS === 1 ? '' : 's'} each, alternated; ${HAVE_TIME ? '/usr/bin/time' : "bash's times"}; ${os.cpus().length} CPUs; load ${loadBefore}`);
console.log(`bundle ${path.relative(ROOT, CLI)} built ${fs.statSync(CLI).mtime.toISOString()}, ${(fs.statSync(CLI).size / 1e6).toFixed(2)} MB`);
for (const corpus of CORPORA) {
  if (onlyArg && !onlyArg.slice(7).split(',').includes(corpus.id)) continue;
  if (!fs.existsSync(path.join(ROOT, corpus.dir))) {
    console.log(`${corpus.name}: ${corpus.dir} is not installed; skipped`);
    continue;
  }
  const pattern = `${corpus.dir}/**/*.sol`;
  const globbed = globSync(pattern, { nodir: true, cwd: ROOT }).map((f) => path.resolve(ROOT, f));
  const lines = globbed.reduce((n, f) => n + lineCount(fs.readFileSync(f, 'utf8')), 0);
  const synorOut = path.join(tmp, `${corpus.id}.synor.json`);
  const solhintOut = path.join(tmp, `${corpus.id}.solhint.json`);
  const synorArgv = ['node', CLI, corpus.dir, '--format', 'json', '--output', synorOut, '--fail-on', 'none'];
  const solhintArgv = ['node', SOLHINT, '-c', solhintConfig, '--disc', '--noPoster', '-f', 'json', pattern];
  const synor: Measure[] = [];
  const solhint: Measure[] = [];
  for (let r = 0; r < RUNS; r++) {
    const runSynor = () => {
      const m = timed(synorArgv, path.join(tmp, `${corpus.id}.synor.stdout`));
      if (m.status !== 0) throw new Error(`synor exited ${m.status} on ${corpus.dir}`);
      synor.push(m);
    };
    const runSolhint = () => {
      const m = timed(solhintArgv, solhintOut);
      // solhint exits 1 when it reports an error-level message; anything else is a failure.
      if (m.status !== 0 && m.status !== 1) throw new Error(`solhint exited ${m.status} on ${pattern}`);
      solhint.push(m);
    };
    if (r % 2 === 0) (runSynor(), runSolhint());
    else (runSolhint(), runSynor());
  }
  const report = JSON.parse(fs.readFileSync(synorOut, 'utf8')) as { files: string[]; findings: unknown[]; summary: { lines: number } };
  const messages = JSON.parse(fs.readFileSync(solhintOut, 'utf8')) as Array<{ filePath?: string }>;
  const synorSet = new Set(report.files.map((f) => path.resolve(ROOT, f)));
  const globSet = new Set(globbed);
  const differ = [...synorSet].filter((f) => !globSet.has(f)).length + globbed.filter((f) => !synorSet.has(f)).length;
  if (reportsArg) {
    const dir = path.resolve(reportsArg.slice('--reports='.length));
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(synorOut, path.join(dir, `${corpus.id}.json`));
  }
  const row: Row = { corpus: corpus.name, synorFiles: report.files.length, solhintFiles: globbed.length, differ, lines, synorFindings: report.findings.length, solhintMessages: messages.filter((m) => m.filePath).length, synor, solhint };
  rows.push(row);
  const s = (m: Measure[]) => `CPU ${median(m.map((x) => x.cpu)).toFixed(2)} s [${m.map((x) => x.cpu.toFixed(2)).join(', ')}]`;
  console.log(`  ${corpus.name}: synor ${s(synor)}; solhint ${s(solhint)}; load ${loadavg()}`);
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const head = ['corpus', 'files synor/solhint', 'lines', 'findings/messages', 'synor CPU s', 'solhint CPU s', 'CPU ratio', 'synor wall s', 'solhint wall s', 'synor RSS MB', 'solhint RSS MB'];
const table = rows.map((r) => {
  const sc = median(r.synor.map((m) => m.cpu));
  const hc = median(r.solhint.map((m) => m.cpu));
  return [
    r.corpus,
    `${r.synorFiles}/${r.solhintFiles}${r.differ ? ` (${r.differ} differ)` : ''}`,
    String(r.lines),
    `${r.synorFindings}/${r.solhintMessages}`,
    f2(sc),
    f2(hc),
    `${f2(sc / hc)}×`,
    f2(median(r.synor.map((m) => m.wall))),
    f2(median(r.solhint.map((m) => m.wall))),
    f0(Math.max(...r.synor.map((m) => m.rssMb))),
    f0(Math.max(...r.solhint.map((m) => m.rssMb))),
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log('\n' + line(head));
for (const t of table) console.log(line(t));
console.log(`\nMedians of ${RUNS} run${RUNS === 1 ? '' : 's'}; CPU = user + system of the whole process; RSS = the peak. Target (issue 16): CPU ratio ≤ 0.50×.`);
console.log(`load average before ${loadBefore}, after ${loadavg()}`);
if (asJson) console.log(JSON.stringify({ runs: RUNS, loadBefore, loadAfter: loadavg(), rows }, null, 2));
fs.rmSync(tmp, { recursive: true, force: true });
