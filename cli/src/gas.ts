/**
 * `synor gas [paths…]`: a gas report without tests. Every deployable
 * contract of the analysed files is compiled (with the project's compiler and
 * settings), deployed and every external and public function called in the
 * EVM in realistic scenarios (engine/src/gas/evm.ts); the report gives, per
 * function, the min / median / max of the successful measurements, and per
 * contract the deployment gas and sizes. `--snapshot` writes the figures to
 * `.synor-gas-snapshot`; `--check` compares with it and exits 1 on a
 * regression beyond the tolerance, printing a Markdown diff for a pull request.
 *
 * Exit codes: 0 done (no regression); 1 a regression (--check); 2 a usage
 * error, a bad config or an unreadable input; 3 nothing could be measured
 * (unless --allow-unmeasured).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeepAnalyzer, type ContractReport, type DeepResult } from '../../engine/src/deep';
import { ConfigError, TOOL_VERSION, type ReportError, type SynorConfig } from '../../engine/src';
import { collectFiles } from './files';
import { UsageError, splitFlag, valueAfter } from './args';
import { nothingMeasured } from './measure';

type Format = 'text' | 'json' | 'markdown';

export interface GasOptions {
  paths: string[];
  format: Format;
  output?: string;
  config?: string;
  includeDeps: boolean;
  snapshot: boolean;
  check: boolean;
  /** Percent a figure may rise before --check calls it a regression. */
  tolerance?: number;
  snapshotFile: string;
  allowUnmeasured: boolean;
  /** A soljson.js or native solc to use (the user allows it by naming it). */
  solc?: string;
  help: boolean;
}

const HELP = `Usage: synor gas [paths…] [options]

Measures every external and public function of every contract in the given
Solidity files and folders (as \`synor\` finds them) in the EVM, in realistic
scenarios: constructor arguments by what the code does with them, a funded
caller, non-zero amounts, state set up through the contract's own functions
first, loops at two sizes. Compiled with the project's compiler and settings
(synor.config.json, foundry.toml, Hardhat config). Prints a table per contract:
min / median / max gas per function, deployment gas and sizes (EIP-170).

Options:
  --format <f>          text (default), json or markdown
  --output <file>       write the report (or, with --check, the diff) to a file
  --snapshot            write the figures to the snapshot file
  --check               compare with the snapshot file; exit 1 on a regression
  --tolerance <pct>     with --check, how far a figure may rise, in percent
                        (default: gas.snapshotTolerance in synor.config.json, else 0)
  --snapshot-file <f>   the snapshot file (default .synor-gas-snapshot)
  --solc <path>         a soljson.js or native solc binary to compile with (when its
                        version fits the pragmas); default: the project's
                        node_modules/solc or a bundled compiler
  --config <file>       a synor.config.json (default: the nearest above the first path)
  --include-deps        also measure dependency folders (lib/, node_modules/)
  --allow-unmeasured    exit 0 even when nothing could be measured (default: exit 3)
  -h, --help            this help
`;


function parseGasArgs(argv: string[]): GasOptions {
  const o: GasOptions = { paths: [], format: 'text', includeDeps: false, snapshot: false, check: false, snapshotFile: '.synor-gas-snapshot', allowUnmeasured: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = splitFlag(a);
    const take = (): string => (inline !== undefined ? inline : valueAfter(argv, i++, flag));
    switch (flag) {
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'markdown') throw new UsageError(`unknown format "${f}" for synor gas (expected text, json or markdown)`);
        o.format = f;
        break;
      }
      case '--output':
      case '-o':
        o.output = take();
        break;
      case '--config':
        o.config = take();
        break;
      case '--snapshot':
        o.snapshot = true;
        break;
      case '--check':
        o.check = true;
        break;
      case '--tolerance': {
        const t = take().replace(/%$/, '');
        const n = Number(t);
        if (!Number.isFinite(n) || n < 0) throw new UsageError(`--tolerance takes a percentage (0 or more), not "${t}"`);
        o.tolerance = n;
        break;
      }
      case '--snapshot-file':
        o.snapshotFile = take();
        break;
      case '--include-deps':
        o.includeDeps = true;
        break;
      case '--solc':
        o.solc = path.resolve(take());
        break;
      case '--allow-unmeasured':
        o.allowUnmeasured = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}" for synor gas`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  if (o.snapshot && o.check) throw new UsageError('--snapshot and --check cannot be combined');
  if (o.tolerance !== undefined && !o.check) throw new UsageError('--tolerance needs --check');
  return o;
}

/** One function's figures in the gas report. */
export interface GasFunctionEntry {
  signature: string;
  /** Gas of the scenario's call, or why there is none. */
  gas: number | 'reverted' | 'not-called';
  min?: number;
  median?: number;
  max?: number;
  calls?: number;
  revertReason?: string;
  refund?: number;
  perIteration?: ContractReport['functions'][number]['perIteration'];
  scenario?: string;
  stubbed?: boolean;
  external?: boolean;
  selfOnly?: boolean;
}

export interface GasContractEntry {
  file: string;
  name: string;
  kind: ContractReport['kind'];
  compiler?: string;
  deploy: { gas: number } | { failed: string };
  runtimeSize: number;
  initcodeSize: number;
  sizeLimit: number;
  constructorArgs?: string;
  functions: GasFunctionEntry[];
}

export interface GasReport {
  tool: { name: 'synor'; version: string };
  generatedAt: string;
  headline?: string;
  summary: {
    contracts: number;
    deployed: number;
    functions: number;
    measured: number;
    /** Functions that need an external system (they call other contracts, or only the contract itself may call them), and how many of the others were measured. */
    external: number;
    measuredWithoutExternal: number;
  };
  contracts: GasContractEntry[];
  notes: string[];
  errors: ReportError[];
}

const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en-US'));

function relative(file: string, base: string): string {
  return path.relative(base, path.resolve(file)).split(path.sep).join('/');
}

function entryOf(c: ContractReport, file: string, compiler: string | undefined): GasContractEntry {
  return {
    file,
    name: c.name,
    kind: c.kind,
    compiler,
    deploy: c.deploy,
    runtimeSize: c.runtimeSize,
    initcodeSize: c.initcodeSize,
    sizeLimit: c.sizeLimit,
    ...(c.constructorArgs ? { constructorArgs: c.constructorArgs } : {}),
    functions: c.functions.map((f) => {
      const e: GasFunctionEntry = { signature: f.signature, gas: f.gas };
      if (f.stats) Object.assign(e, { min: f.stats.min, median: f.stats.median, max: f.stats.max, calls: f.stats.samples });
      for (const k of ['revertReason', 'refund', 'perIteration', 'scenario', 'stubbed', 'external', 'selfOnly'] as const) if (f[k] !== undefined) (e as unknown as Record<string, unknown>)[k] = f[k];
      return e;
    }),
  };
}

function compilerText(r: DeepResult): string | undefined {
  if (!r.compiler) return undefined;
  const s = r.settings;
  return `solc ${r.compiler.version}${s ? `, optimizer ${s.optimizer.enabled ? `on (${s.optimizer.runs} runs)` : 'off'}${s.evmVersion ? `, EVM ${s.evmVersion}` : ''}${s.viaIR ? ', via IR' : ''}` : ''}`;
}

/** Measures every file; the report is plain data, rendered below. */
async function measure(files: string[], config: SynorConfig, base: string, errors: ReportError[], progress: (m: string) => void, solc?: string): Promise<GasReport> {
  const deep = new DeepAnalyzer();
  const contracts: GasContractEntry[] = [];
  const notes: string[] = [];
  try {
    for (const [i, file] of files.entries()) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        errors.push({ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        continue;
      }
      progress(`measuring ${i + 1}/${files.length} ${path.basename(file)}`);
      const rel = relative(file, base);
      // The user runs the CLI on their own project: it is trusted (its own node_modules/solc may be used).
      const r = await deep.analyze({ path: path.resolve(file), text, config, measure: true, trusted: true, compilerPath: solc, timeoutMs: 600_000, scenarioBudgetMs: 120_000, related: files.map((f) => path.resolve(f)) });
      if (r.unavailable) notes.push(`${rel}: ${r.unavailable}`);
      if (r.settings?.note) notes.push(`${rel}: ${r.settings.note}`);
      for (const c of r.contracts) {
        if (c.kind === 'interface' || c.kind === 'abstract') continue;
        contracts.push(entryOf(c, rel, compilerText(r)));
        if (c.runtimeSize > c.sizeLimit) notes.push(`${rel}: ${c.name} is ${fmt(c.runtimeSize)} bytes, over the EIP-170 limit of ${fmt(c.sizeLimit)} bytes: mainnet would refuse to deploy it (measured here without the limit)`);
        for (const n of c.scenarioNotes ?? []) notes.push(`${rel}: ${c.name}: ${n}`);
      }
    }
  } finally {
    await deep.dispose();
  }
  const called = contracts.filter((c) => c.kind === 'contract').flatMap((c) => c.functions);
  const measured = called.filter((f) => typeof f.gas === 'number').length;
  const needs = (f: GasFunctionEntry) => f.external || f.selfOnly;
  const external = called.filter(needs).length;
  const report: GasReport = {
    tool: { name: 'synor', version: TOOL_VERSION },
    generatedAt: new Date().toISOString(),
    summary: {
      contracts: contracts.length,
      deployed: contracts.filter((c) => 'gas' in c.deploy).length,
      functions: called.length,
      measured,
      external,
      measuredWithoutExternal: called.filter((f) => !needs(f) && typeof f.gas === 'number').length,
    },
    contracts,
    notes,
    errors,
  };
  if (report.summary.deployed === 0) report.headline = `Nothing was measured: ${nothingMeasured(contracts, notes.length)}.`;
  return report;
}

function functionNotes(f: GasFunctionEntry): string {
  const out: string[] = [];
  if (f.gas === 'reverted') out.push(`reverted: ${f.revertReason ?? 'no reason'}${f.scenario ? ` (${f.scenario})` : ''}`);
  if (f.gas === 'not-called') out.push('not called');
  if (f.perIteration) out.push(`${f.perIteration.gas >= 0 ? '+' : ''}${fmt(f.perIteration.gas)} per iteration of ${f.perIteration.over}`);
  if (f.refund) out.push(`includes a ${fmt(f.refund)} refund`);
  if (f.stubbed) out.push('external calls answered by a stub');
  else if (f.external) out.push('calls other contracts');
  if (f.selfOnly) out.push('only the contract itself may call it');
  const setup = f.scenario && typeof f.gas === 'number' ? /^after (.*?): /.exec(f.scenario)?.[1] : undefined;
  if (setup) out.push(`after ${setup}`);
  return out.join('; ');
}

function sizeText(c: GasContractEntry): string {
  const pct = ((100 * c.runtimeSize) / c.sizeLimit).toFixed(1);
  return `runtime ${fmt(c.runtimeSize)} bytes (${pct}% of the EIP-170 limit${c.runtimeSize > c.sizeLimit ? ', OVER IT' : ''}) · initcode ${fmt(c.initcodeSize)} bytes`;
}

function summaryText(r: GasReport): string {
  const s = r.summary;
  const pct = (a: number, b: number) => (b === 0 ? '–' : `${Math.round((100 * a) / b)}%`);
  const own = s.functions - s.external;
  return `${s.deployed} of ${s.contracts} contracts deployed; ${s.measured} of ${s.functions} functions measured (${pct(s.measured, s.functions)}); of the ${own} that need no external system, ${s.measuredWithoutExternal} (${pct(s.measuredWithoutExternal, own)})`;
}

export function renderGasText(r: GasReport): string {
  const out: string[] = [];
  if (r.headline) out.push(r.headline, '');
  for (const c of r.contracts) {
    out.push(`${c.name} — ${c.file}${c.compiler ? ` (${c.compiler})` : ''}`);
    out.push(`  deployment ${'gas' in c.deploy ? `${fmt(c.deploy.gas)} gas` : `failed: ${c.deploy.failed.replace(/^deployment /, '')}`} · ${sizeText(c)}`);
    if (c.constructorArgs && c.constructorArgs !== 'no arguments') out.push(`  constructor: ${c.constructorArgs}`);
    if (c.kind === 'library') {
      out.push('  (a library: its functions are measured through the contracts that use it)', '');
      continue;
    }
    if (c.functions.length > 0 && 'gas' in c.deploy) {
      const w = Math.max(8, ...c.functions.map((f) => f.signature.length));
      out.push(`  ${'function'.padEnd(w)}  ${'min'.padStart(10)}  ${'median'.padStart(10)}  ${'max'.padStart(10)}  calls  notes`);
      for (const f of c.functions) out.push(`  ${f.signature.padEnd(w)}  ${fmt(f.min).padStart(10)}  ${fmt(f.median).padStart(10)}  ${fmt(f.max).padStart(10)}  ${String(f.calls ?? 0).padStart(5)}  ${functionNotes(f)}`.trimEnd());
    }
    out.push('');
  }
  for (const e of r.errors) out.push(`error: ${e.file}: ${e.message}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  out.push(summaryText(r));
  return out.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function renderGasMarkdown(r: GasReport): string {
  const out: string[] = ['# Synor gas report', ''];
  if (r.headline) out.push(`> **${r.headline}**`, '');
  out.push(`Generated by Synor ${r.tool.version} on ${r.generatedAt}. ${summaryText(r)}.`, '');
  for (const c of r.contracts) {
    out.push(`## ${c.name}`, '', `\`${c.file}\`${c.compiler ? ` — ${c.compiler}` : ''}. Deployment: ${'gas' in c.deploy ? `${fmt(c.deploy.gas)} gas` : `failed: ${cell(c.deploy.failed.replace(/^deployment /, ''))}`}; ${sizeText(c)}.${c.constructorArgs && c.constructorArgs !== 'no arguments' ? ` Constructor: ${cell(c.constructorArgs)}.` : ''}`, '');
    if (c.kind === 'library' || c.functions.length === 0 || !('gas' in c.deploy)) continue;
    out.push('| Function | min | median | max | calls | notes |', '|---|---:|---:|---:|---:|---|');
    for (const f of c.functions) out.push(`| \`${f.signature}\` | ${fmt(f.min)} | ${fmt(f.median)} | ${fmt(f.max)} | ${f.calls ?? 0} | ${cell(functionNotes(f))} |`);
    out.push('');
  }
  if (r.errors.length > 0) out.push('## Errors', '', ...r.errors.map((e) => `- \`${e.file}\`: ${e.message}`), '');
  for (const n of r.notes) out.push(`> ${n}`, '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}

/** `file:Contract:what` → a figure, `reverted`, or `failed`. */
export type Snapshot = Map<string, number | 'reverted' | 'failed'>;

/** The figures a snapshot keeps: deployment, runtime size, and each function's median. */
export function snapshotOf(r: GasReport): Map<string, { value: number | 'reverted' | 'failed'; unit: 'gas' | 'bytes' }> {
  const out = new Map<string, { value: number | 'reverted' | 'failed'; unit: 'gas' | 'bytes' }>();
  for (const c of r.contracts) {
    const k = `${c.file}:${c.name}`;
    out.set(`${k}:deployment`, { value: 'gas' in c.deploy ? c.deploy.gas : 'failed', unit: 'gas' });
    out.set(`${k}:size`, { value: c.runtimeSize, unit: 'bytes' });
    if (c.kind === 'library' || !('gas' in c.deploy)) continue;
    for (const f of c.functions) if (f.gas !== 'not-called') out.set(`${k}:${f.signature}`, { value: f.median ?? (typeof f.gas === 'number' ? f.gas : 'reverted'), unit: 'gas' });
  }
  return out;
}

export function writeSnapshot(r: GasReport): string {
  const lines = [...snapshotOf(r)].map(([k, v]) => (typeof v.value === 'number' ? `${k} (${v.unit}: ${v.value})` : `${k} (${v.value})`));
  return lines.sort().join('\n') + '\n';
}

export function readSnapshot(text: string): Snapshot {
  const out: Snapshot = new Map();
  for (const line of text.split(/\r?\n/)) {
    const m = /^(.+) \((?:(?:gas|bytes): (\d+)|(reverted|failed))\)$/.exec(line.trim());
    if (m) out.set(m[1], m[2] !== undefined ? Number(m[2]) : (m[3] as 'reverted' | 'failed'));
  }
  return out;
}

export interface SnapshotChange {
  key: string;
  before?: number | 'reverted' | 'failed';
  after?: number | 'reverted' | 'failed';
  kind: 'regression' | 'improvement' | 'within-tolerance' | 'added' | 'removed';
  /** Percent change, for two figures. */
  percent?: number;
}

/** Compares a snapshot with the current figures; a rise beyond `tolerance` percent, or a call that now fails, is a regression. */
export function compareSnapshot(before: Snapshot, now: Snapshot, tolerance: number): SnapshotChange[] {
  const out: SnapshotChange[] = [];
  for (const key of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const b = before.get(key);
    const a = now.get(key);
    if (b === undefined) out.push({ key, after: a, kind: 'added' });
    else if (a === undefined) out.push({ key, before: b, kind: 'removed' });
    else if (typeof b === 'number' && typeof a === 'number') {
      if (a === b) continue;
      const percent = b === 0 ? 100 : (100 * (a - b)) / b;
      out.push({ key, before: b, after: a, percent, kind: Math.abs(percent) <= tolerance ? 'within-tolerance' : a > b ? 'regression' : 'improvement' });
    } else if (typeof b === 'number') out.push({ key, before: b, after: a, kind: 'regression' });
    else if (typeof a === 'number') out.push({ key, before: b, after: a, kind: 'improvement' });
  }
  return out;
}

const KIND_TEXT: Record<SnapshotChange['kind'], string> = { regression: 'regression', improvement: 'improvement', 'within-tolerance': 'within tolerance', added: 'new', removed: 'removed' };

/** The comparison as Markdown, for a pull-request comment. */
export function renderDiffMarkdown(changes: readonly SnapshotChange[], tolerance: number, snapshotFile: string): string {
  const regressions = changes.filter((c) => c.kind === 'regression').length;
  const improvements = changes.filter((c) => c.kind === 'improvement').length;
  const out = ['## Synor gas check', ''];
  out.push(`${regressions === 0 ? 'No regression' : `**${regressions} regression${regressions === 1 ? '' : 's'}**`} against \`${snapshotFile}\` (tolerance ${tolerance}%); ${improvements} improvement${improvements === 1 ? '' : 's'}.`, '');
  if (changes.length === 0) return out.concat('No figure changed.', '').join('\n');
  out.push('| | Contract | What | Before | After | Δ | Δ% |', '|---|---|---|---:|---:|---:|---:|');
  const order: SnapshotChange['kind'][] = ['regression', 'improvement', 'within-tolerance', 'added', 'removed'];
  for (const kind of order) {
    for (const c of changes.filter((x) => x.kind === kind)) {
      const parts = c.key.split(':');
      const what = parts.pop()!;
      const contract = parts.join(':');
      const delta = typeof c.before === 'number' && typeof c.after === 'number' ? `${c.after > c.before ? '+' : ''}${fmt(c.after - c.before)}` : '';
      const pct = c.percent !== undefined ? `${c.percent > 0 ? '+' : ''}${c.percent.toFixed(2)}%` : '';
      const show = (v: SnapshotChange['before']) => (v === undefined ? '' : typeof v === 'number' ? fmt(v) : v);
      out.push(`| ${KIND_TEXT[kind]} | \`${cell(contract)}\` | \`${cell(what)}\` | ${show(c.before)} | ${show(c.after)} | ${delta} | ${pct} |`);
    }
  }
  return out.join('\n') + '\n';
}

/** The entry point of `synor gas`; `loadConfig` is the main command's config loader. */
export async function gasMain(argv: string[], loadConfig: (file: string | undefined, first: string) => { config: SynorConfig; base: string }): Promise<number> {
  let o: GasOptions;
  try {
    o = parseGasArgs(argv);
  } catch (err) {
    process.stderr.write(`synor gas: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let config: SynorConfig;
  try {
    config = loadConfig(o.config, o.paths[0]).config;
  } catch (err) {
    process.stderr.write(`synor gas: ${err instanceof ConfigError ? `invalid configuration:\n${err.message}` : (err as Error).message}\n`);
    return 2;
  }
  const errors: ReportError[] = [];
  const { files } = collectFiles(o.paths, o.includeDeps, errors);
  if (files.length === 0 && errors.length === 0) {
    process.stderr.write(`synor gas: no .sol files found in ${o.paths.join(', ')}\n`);
    return 2;
  }
  const snapshotPath = path.resolve(o.snapshotFile);
  const base = path.dirname(snapshotPath);
  const tty = !!process.stderr.isTTY;
  const report = await measure(files, config, base, errors, (m) => tty && process.stderr.write(`\rsynor: ${m}`.padEnd(70)), o.solc);
  if (tty) process.stderr.write('\r' + ' '.repeat(70) + '\r');

  let output: string;
  let code = 0;
  if (o.check) {
    let text: string;
    try {
      text = fs.readFileSync(snapshotPath, 'utf8');
    } catch (err) {
      process.stderr.write(`synor gas: cannot read the snapshot ${o.snapshotFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); write one with --snapshot\n`);
      return 2;
    }
    const tolerance = o.tolerance ?? config.gas?.snapshotTolerance ?? 0;
    const now = new Map([...snapshotOf(report)].map(([k, v]) => [k, v.value]));
    const changes = compareSnapshot(readSnapshot(text), now, tolerance);
    const regressions = changes.filter((c) => c.kind === 'regression');
    output = o.format === 'json' ? JSON.stringify({ tolerance, snapshot: o.snapshotFile, regressions: regressions.length, changes, ...(report.headline ? { headline: report.headline } : {}) }, null, 2) + '\n' : (report.headline ? `> **${report.headline}**\n\n` : '') + renderDiffMarkdown(changes, tolerance, o.snapshotFile);
    process.stderr.write(`synor gas: ${regressions.length === 0 ? 'no regression' : `${regressions.length} regression${regressions.length === 1 ? '' : 's'}`} against ${o.snapshotFile} (tolerance ${tolerance}%)\n`);
    if (regressions.length > 0) code = 1;
  } else {
    output = o.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : o.format === 'markdown' ? renderGasMarkdown(report) : renderGasText(report);
    if (o.snapshot && !report.headline) {
      try {
        fs.writeFileSync(snapshotPath, writeSnapshot(report));
        process.stderr.write(`synor gas: wrote ${snapshotOf(report).size} figures to ${o.snapshotFile}\n`);
      } catch (err) {
        process.stderr.write(`synor gas: cannot write ${o.snapshotFile}: ${(err as Error).message}\n`);
        return 2;
      }
    } else if (o.snapshot) process.stderr.write(`synor gas: the snapshot was not written: nothing was measured\n`);
  }
  if (o.output) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(o.output)), { recursive: true });
      fs.writeFileSync(o.output, output);
    } catch (err) {
      process.stderr.write(`synor gas: cannot write ${o.output}: ${(err as Error).message}\n`);
      return 2;
    }
  } else process.stdout.write(output);
  for (const e of errors) process.stderr.write(`synor gas: ${e.file}: ${e.message}\n`);
  if (errors.length > 0) return 2;
  if (report.headline) {
    process.stderr.write(`synor gas: ${report.headline}\n`);
    if (!o.allowUnmeasured) return 3;
  }
  return code;
}
