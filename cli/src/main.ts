/**
 * The `synor` command: the engine over files and folders, for people and CI.
 * Exit codes: 0 nothing at or above --fail-on; 1 something is; 2 a usage
 * error, a bad config, or an input that could not be read or parsed at all
 * (every other file is still analysed and reported); 3 with --measure,
 * nothing could be measured (unless --allow-unmeasured). `synor gas` is the
 * gas report (cli/src/gas.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  analyze,
  buildReport,
  CONFIG_FILE_NAME,
  ConfigError,
  defaultConfig,
  isExcluded,
  listRules,
  parse,
  parseConfig,
  renderJson,
  renderMarkdown,
  renderSarif,
  renderText,
  renderHtml,
  describeSkipped,
  fixAll,
  unifiedDiff,
  Project,
  ruleMap,
  SEVERITIES,
  TOOL_VERSION,
  type AnalysisResult,
  type FixAllResult,
  type ReportError,
  type Severity,
  type SourceFile,
  type SynorConfig,
} from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';
import type { measureAll as MeasureAll } from './measure';
import { collectFiles } from './files';
import type { gasMain as GasMain } from './gas';
import { BASELINE_FILE, findUp, gateFindings, writeBaseline } from './baseline';
import { triageMain } from './triage';
import { UsageError, failOnOf, splitFlag, valueAfter } from './args';
import type { serveMain as ServeMain } from './serve';
import { serverProblem, takeServerFlags, triageRemoteMain, uploadAfterAnalysis, uploadMain } from './remote';
import type { bytecodeMain as BytecodeMain } from './bytecode';

type Format = 'text' | 'json' | 'sarif' | 'markdown' | 'html';
const FORMATS: Format[] = ['text', 'json', 'sarif', 'markdown', 'html'];

interface Options {
  paths: string[];
  format: Format;
  output?: string;
  failOn: Severity | 'none';
  config?: string;
  listRules: boolean;
  measure: boolean;
  /** With --measure: exit 0 even when nothing could be measured. */
  allowUnmeasured: boolean;
  includeDeps: boolean;
  colour: boolean;
  help: boolean;
  version: boolean;
  /** `write`: --fix; `dry-run`: --fix-dry-run (fix in memory, report as if written); `diff`: --diff (print the changes, nothing else). */
  fix?: 'write' | 'dry-run' | 'diff';
  unsafeFixes: boolean;
  /** --baseline <file>: report only the findings not in it. */
  baseline?: string;
  /** --triage <file>: the triage file (default: the nearest .synor/triage.json). */
  triage?: string;
  showTriaged: boolean;
  /** --diff=<ref> or --since <ref>: report only the findings new since a git ref. */
  since?: string;
  /** `synor baseline`: write the findings to this baseline file instead of reporting them. */
  writeBaseline?: string;
}


const HELP = `Usage: synor [paths…] [options]
       synor gas [paths…] [options]   (a gas report per contract; synor gas --help)
       synor baseline [paths…] [--output <file>]   (write .synor/baseline.json)
       synor triage <fingerprint…> --state <s> --reason <text>   (synor triage --help)
       synor serve | synor worker | synor keys create   (the Synor service; synor serve --help)
       synor [paths…] --server <url> --project <id>   (analyse here, then on a Synor service; exit code from the service's result)
       synor upload [paths…] --server <url> --project <id>   (analyse on a Synor service; synor upload --help)
       synor triage pull|push --server <url> --project <id>   (sync .synor/triage.json with a service)
       synor bytecode <hex | file | --address 0x… --rpc <url>>   (EVM code without source; synor bytecode --help)

Analyses Solidity files for security issues and gas savings, each over its
imports. A folder that is a Foundry or Hardhat project root is analysed for the
project's own sources (foundry.toml's src, Hardhat's paths.sources; test/ and
script/ only when named); any other folder is searched for every .sol file.
Dependencies (lib/ at a project root, node_modules/) are read for imports but
not reported on unless --include-deps is given. Files named on the command
line are always analysed.

Options:
  --format <f>     text (default), json, sarif, markdown or html
  --output <file>  write the report to a file instead of standard output
  --fail-on <s>    exit 1 when a finding is at or above: high (default), medium, low, info, none
  --config <file>  a synor.config.json (default: the nearest one above the first path)
  --measure        compile with solc and measure gas in the EVM (deployment, functions, fixes);
                   gas hints whose fix measures as a loss or no change are withdrawn;
                   exits 3 when nothing at all could be measured
  --allow-unmeasured  with --measure, exit as usual even when nothing could be measured
  --include-deps   also analyse dependency folders (lib/, node_modules/) found in folders
  --fix            apply the safe fixes of every finding, all of a file's computed
                   together and re-checked (a fix whose result would not parse or
                   would raise a new finding is left out), and write the files;
                   prints what it changed and what it skipped, and reports (and
                   exits on) the findings that remain
  --unsafe-fixes   with --fix, --fix-dry-run or --diff: apply unsafe fixes too
  --fix-dry-run    as --fix, but write nothing: report as if the fixes were applied
  --diff           print the changes --fix would make as a unified diff, and nothing
                   else (exit 1 when there are changes)
  --baseline <file>  report (and exit on) only the findings not in this baseline
                   (written by synor baseline); says how many entries were fixed
  --diff=<ref>, --since <ref>
                   report (and exit on) only the findings new since a git ref: not
                   found when the same analysis runs on the ref's files, or on lines
                   changed since it (the ref is read with git archive; nothing in
                   the working tree changes)
  --triage <file>  triage decisions (default: the nearest .synor/triage.json); findings
                   triaged other than confirmed are not reported and do not fail the run
  --show-triaged   report triaged findings too (still not counted for --fail-on)
  --list-rules     list the rules and exit
  --no-color       no colours in text output
  -h, --help       this help
  -v, --version    the version
`;

function parseArgs(argv: string[]): Options {
  const o: Options = { paths: [], format: 'text', failOn: 'high', listRules: false, measure: false, allowUnmeasured: false, includeDeps: false, colour: !!process.stdout.isTTY && !process.env.NO_COLOR, help: false, version: false, unsafeFixes: false, showTriaged: false };
  const fixMode = (mode: NonNullable<Options['fix']>, flag: string) => {
    if (o.fix && o.fix !== mode) throw new UsageError(`${flag} cannot be combined with ${o.fix === 'write' ? '--fix' : o.fix === 'dry-run' ? '--fix-dry-run' : '--diff'}`);
    o.fix = mode;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = splitFlag(a);
    const take = () => (inline !== undefined ? inline : valueAfter(argv, i++, flag));
    switch (flag) {
      case '--format': {
        const f = take();
        if (!FORMATS.includes(f as Format)) throw new UsageError(`unknown format "${f}" (expected ${FORMATS.join(', ')})`);
        o.format = f as Format;
        break;
      }
      case '--output':
      case '-o':
        o.output = take();
        break;
      case '--fail-on': {
        o.failOn = failOnOf(take());
        break;
      }
      case '--config':
        o.config = take();
        break;
      case '--measure':
        o.measure = true;
        break;
      case '--allow-unmeasured':
        o.allowUnmeasured = true;
        break;
      case '--include-deps':
        o.includeDeps = true;
        break;
      case '--list-rules':
        o.listRules = true;
        break;
      case '--fix':
        fixMode('write', a);
        break;
      case '--fix-dry-run':
        fixMode('dry-run', a);
        break;
      case '--diff':
        // `--diff=<ref>` is the git diff mode; a bare `--diff` prints --fix's changes.
        if (inline !== undefined) {
          if (inline === '') throw new UsageError('--diff= needs a git ref');
          o.since = inline;
        } else fixMode('diff', a);
        break;
      case '--baseline':
        o.baseline = take();
        break;
      case '--triage':
        o.triage = take();
        break;
      case '--show-triaged':
        o.showTriaged = true;
        break;
      case '--since':
        o.since = take();
        break;
      case '--unsafe-fixes':
        o.unsafeFixes = true;
        break;
      case '--no-color':
      case '--no-colour':
        o.colour = false;
        break;
      case '--color':
        o.colour = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '-v':
      case '--version':
        o.version = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}"`);
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) o.paths.push('.');
  if (o.unsafeFixes && !o.fix) throw new UsageError('--unsafe-fixes needs --fix, --fix-dry-run or --diff');
  if (o.allowUnmeasured && !o.measure) throw new UsageError('--allow-unmeasured needs --measure');
  return o;
}

function loadConfig(o: Options): { config: SynorConfig; base: string } {
  const file = o.config ?? findUp(o.paths[0], CONFIG_FILE_NAME);
  if (!file) return { config: defaultConfig(), base: process.cwd() };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read config ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { config: parseConfig(text, file, new Set(ruleMap().keys())), base: path.dirname(path.resolve(file)) };
}

/**
 * Top-level declarations that show a file is Solidity. A file constant is not
 * among them: the parser's error recovery makes one out of almost any prose.
 */
const RECOGNISED_TOP_LEVEL = new Set(['PragmaDirective', 'ImportDirective', 'ContractDefinition', 'FunctionDefinition', 'StructDefinition', 'EnumDefinition', 'CustomErrorDefinition', 'EventDefinition', 'TypeDefinition', 'UsingForDeclaration']);

/** Text that is not Solidity source at all: NUL bytes or invalid UTF-8. */
function notText(buf: Buffer): string | undefined {
  if (buf.includes(0)) return 'binary file (contains NUL bytes)';
  const text = buf.toString('utf8');
  if (text.includes('\uFFFD') && !buf.includes(Buffer.from('\uFFFD', 'utf8'))) return 'not valid UTF-8 text';
  return undefined;
}

function listRulesText(format: Format): string {
  const rules = listRules();
  if (format === 'json') return JSON.stringify(rules, null, 2) + '\n';
  const rows = rules.map((r) => [r.id, r.category, r.severity, r.confidence, r.swc ?? '', r.fix, r.title]);
  const head = ['id', 'category', 'severity', 'confidence', 'swc', 'fix', 'title'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + `\n${rules.length} rules\n`;
}

async function main(argv: string[], writeBaselineTo?: string): Promise<number> {
  if (argv[0] === 'serve' || argv[0] === 'worker' || argv[0] === 'keys') {
    // Loaded on demand: the service's dependencies cost nothing to the analyser's start-up.
    const { serveMain } = require('./serve') as { serveMain: typeof ServeMain };
    return serveMain(argv[0], argv.slice(1));
  }
  if (argv[0] === 'upload') return uploadMain(argv.slice(1));
  if (argv[0] === 'triage' && (argv[1] === 'pull' || argv[1] === 'push')) return triageRemoteMain(argv[1], argv.slice(2));
  if (argv[0] === 'triage') return triageMain(argv.slice(1), (file, first) => loadConfig({ config: file, paths: [first] } as Options));
  if (argv[0] === 'baseline') {
    const rest = argv.slice(1);
    if (rest.includes('-h') || rest.includes('--help')) {
      process.stdout.write(`Usage: synor baseline [paths…] [--output <file>] [options]\n\nAnalyses as synor does and writes every finding's fingerprint, rule, file, message\nand excerpt to ${BASELINE_FILE} (or --output), sorted; synor --baseline <file>\nthen reports only findings not in it. See docs/baseline.md.\n`);
      return 0;
    }
    const out = rest.findIndex((x) => x === '--output' || x === '-o' || x.startsWith('--output='));
    let file = BASELINE_FILE;
    if (out >= 0) {
      const flag = rest[out];
      file = flag.startsWith('--output=') ? flag.slice('--output='.length) : (rest[out + 1] ?? '');
      rest.splice(out, flag.startsWith('--output=') ? 1 : 2);
      if (!file) {
        process.stderr.write('synor: --output needs a value\n');
        return 2;
      }
    }
    return main([...rest, '--fail-on', 'none'], file);
  }
  // Loaded on demand, like the service: the compiler's and the EVM's modules cost nothing to a plain analysis.
  if (argv[0] === 'bytecode') return (require('./bytecode') as { bytecodeMain: typeof BytecodeMain }).bytecodeMain(argv.slice(1));
  if (argv[0] === 'gas') return (require('./gas') as { gasMain: typeof GasMain }).gasMain(argv.slice(1), (file, first) => loadConfig({ config: file, paths: [first] } as Options));
  const remote = writeBaselineTo === undefined ? takeServerFlags(argv) : undefined;
  if (remote) {
    // `synor --server <url> --project <id>` (CI): the analysis as usual, then the same sources on the service.
    let ro: Options;
    try {
      ro = parseArgs(remote.rest);
      if (ro.help || ro.version) return main(remote.rest);
      if (ro.fix || ro.listRules) throw new UsageError('--server cannot be combined with --fix, --fix-dry-run, --diff or --list-rules');
      const problem = serverProblem(remote);
      if (problem) throw new UsageError(problem);
    } catch (err) {
      process.stderr.write(`synor: ${(err as Error).message}\n`);
      return 2;
    }
    const local = await main(remote.rest);
    if (local === 2) return 2;
    return uploadAfterAnalysis(remote, ro.paths, ro.failOn);
  }
  let o: Options;
  try {
    o = parseArgs(argv);
    if (writeBaselineTo !== undefined) o.writeBaseline = writeBaselineTo;
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (o.version) {
    process.stdout.write(`synor ${TOOL_VERSION}\n`);
    return 0;
  }
  if (o.listRules) {
    process.stdout.write(listRulesText(o.format));
    return 0;
  }
  let loaded: { config: SynorConfig; base: string };
  try {
    loaded = loadConfig(o);
  } catch (err) {
    process.stderr.write(`synor: ${err instanceof ConfigError ? `invalid configuration:\n${err.message}` : (err as Error).message}\n`);
    return 2;
  }
  const errors: ReportError[] = [];
  const { files, skipped, sourceDirs, onlyProjects } = collectFiles(o.paths, o.includeDeps, errors);
  // One project per root, shared by its files: imports are read and parsed once.
  const projects = new Map<string, Project>();
  const rootOfDir = new Map<string, string>();
  const projectFor = (file: string): Project => {
    const dir = path.dirname(path.resolve(file));
    let root = rootOfDir.get(dir);
    if (root === undefined) rootOfDir.set(dir, (root = findProjectRoot(file)));
    let p = projects.get(root);
    // Nothing on disk changes during a run (--fix says which files it writes), so a file read once is not looked at again.
    if (!p) projects.set(root, (p = new Project({ root, remappings: loaded.config.compiler.remappings, unchangingDisk: true })));
    return p;
  };
  // Index every file first, so that each knows the files that import it (a base is judged where it is derived).
  for (const file of files) {
    try {
      projectFor(file).index([file]);
    } catch {
      // Unreadable files are reported below, in order.
    }
  }
  const results: AnalysisResult[] = [];
  const fixLog: Array<{ file: string; before: string; fixed: FixAllResult; order: number }> = [];
  const sources = new Map<string, string>();
  const progress = !!process.stderr.isTTY && files.length > 20;
  let unreadable = errors.length > 0;
  files.forEach((file, i) => {
    const rel = path.relative(loaded.base, path.resolve(file)).split(path.sep).join('/');
    if (isExcluded(loaded.config, rel)) return;
    if (progress) process.stderr.write(`\rsynor: ${i + 1}/${files.length} ${file.slice(-50).padEnd(50)}`);
    const project = projectFor(file);
    // The text and the parse the index holds (read and parsed once, whoever imports the file); the disk
    // is read here only for a file the index could not read, or whose text may not be UTF-8.
    let indexed: SourceFile | undefined;
    try {
      indexed = project.file(file);
    } catch {
      // Read again below, where what went wrong is reported.
    }
    let text: string;
    if (indexed && !indexed.text.includes('\0') && !indexed.text.includes('\uFFFD')) text = indexed.text;
    else {
      let buf: Buffer;
      try {
        buf = fs.readFileSync(file);
      } catch (err) {
        errors.push({ file, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        unreadable = true;
        return;
      }
      const why = notText(buf);
      if (why) {
        errors.push({ file, message: `not analysed: ${why}` });
        unreadable = true;
        return;
      }
      text = buf.toString('utf8');
    }
    const parsed = indexed && indexed.text === text ? indexed.parsed : parse(text);
    if (o.fix) {
      // Every fix of the file computed together, applied, and re-checked; what remains is reported.
      const fixed = fixAll(text, { path: file, config: loaded.config, parsed, project, unsafe: o.unsafeFixes });
      fixLog.push({ file, before: text, fixed, order: results.length });
      sources.set(file, fixed.text);
      results.push(fixed.result);
      if (fixed.changed && o.fix === 'write') {
        try {
          fs.writeFileSync(file, fixed.text);
        } catch (err) {
          errors.push({ file, message: `cannot write the fixed file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
          unreadable = true;
        }
        project.invalidate(file);
      } else if (fixed.changed) {
        // Not written: the files analysed after it see the fixed text all the same.
        project.setOverlay(file, fixed.text);
      }
    } else {
      sources.set(file, text);
      results.push(analyze(text, { path: file, config: loaded.config, parsed, project }));
    }
    // A file with errors and nothing the parser could recognise is not
    // Solidity at all; its syntax errors are still reported as findings.
    const recognised = parsed.ast.children.some((c) => RECOGNISED_TOP_LEVEL.has(c.type));
    if (parsed.errors.length > 0 && !recognised && text.trim() !== '') {
      errors.push({ file, message: `could not be parsed as Solidity at all (${parsed.errors[0].message} at ${parsed.errors[0].range.start.line + 1}:${parsed.errors[0].range.start.character + 1})` });
      unreadable = true;
    }
  });
  if (progress) process.stderr.write('\r' + ' '.repeat(70) + '\r');

  if (o.fix) {
    // A file analysed before a file it depends on (an import, or a contract deriving from it) was fixed is analysed again.
    const changed = fixLog.filter((x) => x.fixed.changed);
    for (const x of fixLog) {
      const later = new Set(changed.filter((c) => c.order > x.order).map((c) => path.resolve(c.file)));
      if (later.size === 0) continue;
      const project = projectFor(x.file);
      if (!project.closureWithDerived(x.file).some((f) => later.has(f.path))) continue;
      results[x.order] = analyze(x.fixed.text, { path: x.file, config: loaded.config, project });
    }
    if (o.fix === 'diff') {
      for (const x of changed) process.stdout.write(unifiedDiff(path.relative(process.cwd(), path.resolve(x.file)).split(path.sep).join('/'), x.before, x.fixed.text));
      for (const e of errors) process.stderr.write(`synor: ${e.file}: ${e.message}\n`);
      return unreadable ? 2 : changed.length > 0 ? 1 : 0;
    }
    writeFixLog(fixLog, o);
  }

  let gas: Awaited<ReturnType<typeof MeasureAll>> | undefined;
  if (o.measure) gas = await (require('./measure') as { measureAll: typeof MeasureAll }).measureAll(results, sources, loaded.config, (m) => process.stderr.isTTY && process.stderr.write(`\rsynor: ${m}`.padEnd(70)));
  if (o.measure && process.stderr.isTTY) process.stderr.write('\r' + ' '.repeat(70) + '\r');

  if (o.writeBaseline) {
    for (const e of errors) process.stderr.write(`synor: ${e.file}: ${e.message}\n`);
    if (files.length === 0) {
      process.stderr.write(`synor: no .sol files found in ${o.paths.join(', ')}\n`);
      return 2;
    }
    try {
      process.stderr.write(`synor: ${writeBaseline(results, sources, o.writeBaseline)}\n`);
    } catch (err) {
      process.stderr.write(`synor: cannot write ${o.writeBaseline}: ${(err as Error).message}\n`);
      return 2;
    }
    return unreadable ? 2 : 0;
  }
  let gateNotes: string[];
  try {
    gateNotes = gateFindings(results, loaded.config, { baseline: o.baseline, triage: o.triage, showTriaged: o.showTriaged, since: o.since, paths: o.paths, sources });
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n`);
    return 2;
  }
  for (const n of gateNotes) process.stderr.write(`synor: ${n}\n`);

  const report = buildReport({ results, errors, gas: gas?.contracts, bytecode: gas?.bytecode, notes: gas?.notes, headline: gas?.headline, skipped });
  let output: string;
  switch (o.format) {
    case 'json':
      output = renderJson(report) + '\n';
      break;
    case 'sarif':
      output = renderSarif(report) + '\n';
      break;
    case 'markdown':
      output = renderMarkdown(report, { sources });
      break;
    case 'html':
      output = renderHtml(report, { sources });
      break;
    default:
      output = renderText(report, { sources, colour: o.colour && !o.output });
  }
  if (o.output) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(o.output)), { recursive: true });
      fs.writeFileSync(o.output, output);
    } catch (err) {
      process.stderr.write(`synor: cannot write ${o.output}: ${(err as Error).message}\n`);
      return 2;
    }
  } else process.stdout.write(output);
  for (const e of errors) process.stderr.write(`synor: ${e.file}: ${e.message}\n`);
  const left = describeSkipped(skipped);
  if (o.format === 'text' && (left.length > 0 || sourceDirs.length > 0)) {
    const where = onlyProjects && sourceDirs.length > 0 ? ` in ${sourceDirs.join(', ')}` : '';
    const why = left.map((l) => `skipped ${l.text} (${l.why}; ${l.reason === 'dependency' ? '--include-deps to analyse them' : 'name them to analyse them'})`);
    process.stderr.write(`synor: analysed ${results.length} file${results.length === 1 ? '' : 's'}${where}${why.length > 0 ? '; ' + why.join('; ') : ''}\n`);
  }
  for (const r of results) for (const e of r.ruleErrors) process.stderr.write(`synor: internal error in rule ${e.ruleId} on ${r.file}: ${e.message}\n`);

  if (unreadable) return 2;
  if (files.length === 0) {
    process.stderr.write(`synor: no .sol files found in ${o.paths.join(', ')}\n`);
    return 2;
  }
  if (gas?.headline) {
    process.stderr.write(`synor: ${gas.headline}\n`);
    if (!o.allowUnmeasured) return 3;
  }
  if (o.failOn === 'none') return 0;
  const threshold = SEVERITIES.indexOf(o.failOn);
  // Triaged findings shown with --show-triaged never fail the run.
  return report.findings.some((f) => (!f.triage || f.triage.state === 'confirmed') && SEVERITIES.indexOf(f.severity) <= threshold) ? 1 : 0;
}

/** What --fix changed and what it left, on standard error (standard output carries the report). */
function writeFixLog(log: ReadonlyArray<{ file: string; fixed: FixAllResult }>, o: Options): void {
  const verb = o.fix === 'write' ? 'fixed' : 'would fix';
  let applied = 0;
  let files = 0;
  let left = 0;
  for (const { file, fixed } of log) {
    for (const a of fixed.applied) process.stderr.write(`synor: ${verb} ${file}:${a.range.start.line + 1} ${a.ruleId}: ${a.title}${a.safety === 'unsafe' ? ' (unsafe)' : ''}\n`);
    for (const k of fixed.skipped) {
      const hint = k.reason === 'unsafe' ? '; --unsafe-fixes applies it' : '';
      process.stderr.write(`synor: not fixed ${file}:${k.range.start.line + 1} ${k.ruleId}: ${k.title} (${k.detail}${hint})\n`);
    }
    if (fixed.stopped) process.stderr.write(`synor: ${file}: fixing stopped early (${fixed.stopped === 'budget' ? 'time limit' : 'aborted'})\n`);
    applied += fixed.applied.length;
    left += fixed.skipped.length;
    if (fixed.changed) files++;
  }
  process.stderr.write(`synor: ${applied} fix${applied === 1 ? '' : 'es'} ${o.fix === 'write' ? 'applied' : 'would be applied'} in ${files} file${files === 1 ? '' : 's'}; ${left} not applied\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`synor: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
