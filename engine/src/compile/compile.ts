import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import type { Finding } from '../types';
import type { CompilerSettings } from '../config/config';
import { LineIndex } from '../parse/positions';
import { bundledCompilers, chooseCompiler, configuredCompiler, loadCompiler, workspaceCompiler, type CompilerCandidate, type CompilerHandle, type NativeLoader } from './compilers';
import { findProjectRoot, gatherSources, ImportResolver, loadRemappings, scanPragmas, type GatheredSources, type ImportDirective } from './imports';
import { compilerFinding, COMPILER_ERROR_META, COMPILER_WARNING_META, UNRESOLVED_IMPORT_META } from './diagnostics';

/** Settings that change the bytecode, stated wherever measured gas is shown. */
export interface EffectiveSettings {
  optimizer: { enabled: boolean; runs: number };
  evmVersion?: string;
  viaIR?: boolean;
}

export interface CompileInput {
  path: string;
  text: string;
  root?: string;
  config?: CompilerSettings;
  /** A soljson.js or native solc binary; used only when `trusted`. */
  compilerPath?: string;
  /**
   * Whether the workspace may supply code: its own `node_modules/solc` and `compilerPath`.
   * Default false: only the compilers bundled with Synor are loaded (Workspace Trust).
   */
  trusted?: boolean;
  /** Use this compiler, as chosen for an earlier compilation (measuring a fix before and after). */
  candidate?: CompilerCandidate;
}

/** Everything decided before solc runs: sources, compiler, settings, and the hash of them all. */
export interface PreparedCompile {
  file: string;
  root: string;
  gathered: GatheredSources;
  resolver: ImportResolver;
  settings: EffectiveSettings;
  candidate?: CompilerCandidate;
  unavailable?: string;
  /** Whether compilers other than the bundled ones may be loaded (see CompileInput.trusted). */
  trusted: boolean;
  /** Findings known before compiling: unresolved imports. */
  findings: Finding[];
  /** Standard JSON input text. */
  input: string;
  /** sha256 of the compiler, the input and the settings. */
  key: string;
}

/** The parts of solc's standard JSON output that Synor reads. */
export interface SolcOutput {
  errors?: SolcError[];
  contracts?: Record<string, Record<string, SolcContract>>;
  /** Compact JSON ASTs by source unit. */
  sources?: Record<string, { id?: number; ast?: unknown }>;
}

export interface SolcError {
  severity: 'error' | 'warning' | 'info';
  type?: string;
  message: string;
  formattedMessage?: string;
  errorCode?: string;
  sourceLocation?: { file: string; start: number; end: number };
}

export interface AbiParam {
  name?: string;
  type: string;
  internalType?: string;
  components?: AbiParam[];
}

export interface AbiEntry {
  type: 'function' | 'constructor' | 'event' | 'error' | 'fallback' | 'receive';
  name?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
  stateMutability?: string;
  constant?: boolean;
  payable?: boolean;
}

export interface SolcContract {
  abi: AbiEntry[];
  /** `deployedBytecode.sourceMap` places each runtime instruction in the source (the bytecode cross-check, engine/src/bytecode/compiled.ts). */
  evm?: { bytecode?: { object: string }; deployedBytecode?: { object: string; sourceMap?: string }; methodIdentifiers?: Record<string, string> };
}

export interface CompileOutcome {
  compiler?: { version: string; longVersion: string; source: CompilerHandle['source'] };
  unavailable?: string;
  findings: Finding[];
  output?: SolcOutput;
  /** True when solc reported an error, so there is no bytecode to measure. */
  failed: boolean;
  compileMs: number;
}

/** Resolves the project, its imports, the compiler and the settings; reads files but runs nothing. */
export function prepareCompile(req: CompileInput, native?: NativeLoader): PreparedCompile {
  const file = path.resolve(req.path);
  const root = req.root ? path.resolve(req.root) : findProjectRoot(file);
  const { remappings, foundry } = loadRemappings(root, req.config?.remappings ?? []);
  const resolver = new ImportResolver(root, remappings);
  const gathered = gatherSources(file, req.text, resolver);
  const lines = new LineIndex(req.text);
  const findings: Finding[] = [];
  for (const u of gathered.unresolved) {
    const at = u.unit === gathered.mainUnit ? u.import : gathered.via.get(u.unit);
    if (!at) continue;
    const message = u.unit === gathered.mainUnit ? `Cannot find '${u.import.path}' (looked relative to the file, in remappings, node_modules and lib/ under ${root}).` : `'${u.import.path}', imported by ${u.unit}, cannot be found (looked in remappings, node_modules and lib/ under ${root}).`;
    findings.push(compilerFinding(UNRESOLVED_IMPORT_META, file, lines.range(at.start, at.end), message));
  }
  const settings: EffectiveSettings = {
    optimizer: req.config?.optimizer ?? (foundry?.optimizer !== undefined ? { enabled: foundry.optimizer, runs: foundry.optimizerRuns ?? 200 } : { enabled: false, runs: 200 }),
    evmVersion: req.config?.evmVersion ?? foundry?.evmVersion,
    viaIR: foundry?.viaIR || undefined,
  };
  const pragmas = [...gathered.sources.values()].flatMap((s) => scanPragmas(s.content));
  let candidate: CompilerCandidate | undefined;
  let unavailable: string | undefined;
  let configured: CompilerCandidate | undefined;
  // Workspace Trust: an untrusted workspace supplies no code, so neither its node_modules/solc
  // nor a configured path is looked at (a configured soljson.js is loaded just to read its version).
  const trusted = req.trusted === true;
  if (req.candidate && (trusted || req.candidate.source === 'bundled')) candidate = req.candidate;
  else if (req.compilerPath && trusted) {
    try {
      configured = configuredCompiler(req.compilerPath, native);
    } catch (err) {
      unavailable = `the configured compiler ${req.compilerPath} could not be loaded: ${(err as Error).message}`;
    }
  }
  if (!unavailable && !candidate) {
    const choice = chooseCompiler({ pragmas, exactVersion: req.config?.version, configured, workspace: trusted ? workspaceCompiler(root) : undefined, bundled: bundledCompilers(), untrusted: !trusted });
    if ('candidate' in choice) candidate = choice.candidate;
    else unavailable = choice.unavailable;
  }
  const input = JSON.stringify(standardInput(gathered, settings, candidate?.version));
  const key = createHash('sha256')
    .update(JSON.stringify([candidate?.source, candidate?.location, candidate?.version, input, unavailable ?? '']))
    .digest('hex');
  return { file, root, gathered, resolver, settings, candidate, unavailable, trusted, findings, input, key };
}

function standardInput(g: GatheredSources, s: EffectiveSettings, version: string | undefined): unknown {
  const sources: Record<string, { content: string }> = {};
  for (const [unit, src] of g.sources) sources[unit] = { content: src.content };
  const settings: Record<string, unknown> = {
    optimizer: { enabled: s.optimizer.enabled, runs: s.optimizer.runs },
    // Bytecode and the AST only for the analysed file: solc then skips code generation for
    // dependencies, which dominates compile time in projects with large libraries.
    outputSelection: { '*': { '*': ['abi'] }, [g.mainUnit]: { '': ['ast'], '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.deployedBytecode.sourceMap', 'evm.methodIdentifiers'] } },
  };
  if (s.evmVersion) settings.evmVersion = s.evmVersion;
  if (s.viaIR && version && semver.gte(version, '0.8.13')) settings.viaIR = true;
  return { language: 'Solidity', sources, settings };
}

/** Runs solc on a prepared input and turns its messages into findings on the analysed file. */
export function runCompile(p: PreparedCompile, native?: NativeLoader): CompileOutcome {
  if (!p.candidate) return { unavailable: p.unavailable ?? 'no compiler available', findings: p.findings, failed: true, compileMs: 0 };
  let handle: CompilerHandle;
  try {
    handle = loadCompiler(p.candidate, native, p.trusted);
  } catch (err) {
    return { unavailable: `solc ${p.candidate.version} (${p.candidate.source}) could not be loaded: ${(err as Error).message}`, findings: p.findings, failed: true, compileMs: 0 };
  }
  const compiler = { version: handle.version, longVersion: handle.longVersion, source: handle.source };
  const started = performance.now();
  let output: SolcOutput;
  try {
    const read = (unit: string) => {
      const f = p.resolver.fileForUnit(unit);
      if (!f) return { error: `File not found: ${unit}` };
      try {
        return { contents: fs.readFileSync(f, 'utf8') };
      } catch (err) {
        return { error: (err as Error).message };
      }
    };
    output = JSON.parse(handle.compile(p.input, read)) as SolcOutput;
  } catch (err) {
    return { compiler, unavailable: `solc ${handle.version} failed: ${(err as Error).message}`, findings: p.findings, failed: true, compileMs: performance.now() - started };
  }
  const compileMs = performance.now() - started;
  const findings = [...p.findings, ...errorFindings(p, output.errors ?? [])];
  const failed = (output.errors ?? []).some((e) => e.severity === 'error');
  return { compiler, findings, output, failed, compileMs };
}

function errorFindings(p: PreparedCompile, errors: readonly SolcError[]): Finding[] {
  const mainText = p.gathered.sources.get(p.gathered.mainUnit)!.content;
  const lines = new LineIndex(mainText);
  const toUtf16 = byteOffsetMapper(mainText);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.severity === 'info') continue;
    // A missing import is already reported, with a better message, as unresolved-import.
    if (e.severity === 'error' && /not found|File import callback not supported/i.test(e.message) && p.findings.length > 0) continue;
    const meta = e.severity === 'error' ? COMPILER_ERROR_META : COMPILER_WARNING_META;
    const loc = e.sourceLocation;
    // Warnings about dependencies are not the author's to act on; errors there still block compiling.
    if (e.severity === 'warning' && loc?.file && loc.file !== p.gathered.mainUnit) continue;
    let range;
    let message = `${e.type ?? (e.severity === 'error' ? 'Error' : 'Warning')}: ${e.message}`;
    if (loc && loc.file === p.gathered.mainUnit && loc.start >= 0) {
      range = lines.range(toUtf16(loc.start), toUtf16(Math.max(loc.start, loc.end)));
    } else {
      // Problems in imported files are shown on the import that brings them in.
      const via: ImportDirective | undefined = loc?.file ? p.gathered.via.get(loc.file) : undefined;
      if (via) {
        range = lines.range(via.start, via.end);
        message = `${loc!.file}: ${message}`;
      } else {
        // Errors without a place (licence, pragma) go on the first line.
        range = lines.range(0, lines.lineEnd(0));
      }
    }
    const k = `${meta.id}|${range.start.line}:${range.start.character}|${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(compilerFinding(meta, p.file, range, message));
  }
  return out;
}

/** solc counts UTF-8 bytes; the editor counts UTF-16 units. */
export function byteOffsetMapper(text: string): (byte: number) => number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return (b) => Math.min(b, text.length);
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map.push(i);
    if (cp >= 0x10000) i++;
  }
  return (b) => (b >= map.length ? text.length : map[b]);
}
