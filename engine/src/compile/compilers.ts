import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import semver from 'semver';
import { KNOWN_SOLC_VERSIONS, pragmaRangeToSemver } from '../parse/pragma';
import { findUp } from '../project/find-up';

/** Where a compiler came from, in the order Synor looks. */
export type CompilerSource = 'configured' | 'node_modules' | 'bundled';

/** The callback solc calls for a source unit it was not given. */
export type ReadCallback = (unit: string) => { contents: string } | { error: string };

/** A loaded compiler that takes and returns standard JSON text. */
export interface CompilerHandle {
  /** `0.8.37` */
  version: string;
  /** `0.8.37+commit.f401782d…` */
  longVersion: string;
  source: CompilerSource;
  compile(input: string, read: ReadCallback): string;
}

/** A compiler that could be loaded, known by its version before it is. */
export interface CompilerCandidate {
  version: string;
  source: CompilerSource;
  /** A module id (bundled), a package folder (node_modules), a soljson.js or a native binary (configured). */
  location: string;
  kind: 'module' | 'soljson' | 'native';
}

/** Loads native solc binaries; provided by the worker, since the engine does not start processes. */
export type NativeLoader = (binary: string) => CompilerHandle;

const BUNDLED = ['solc', 'solc-0.7.6', 'solc-0.6.12', 'solc-0.5.17', 'solc-0.4.26'];

let packageRootCache: string | undefined;

/**
 * Synor's own package folder. The engine runs from its sources (tests), from
 * its bundles in engine/out, server/out and cli/out, or from an installed
 * extension; in every case the package.json named `synor` is an ancestor.
 */
export function packageRoot(): string {
  if (packageRootCache) return packageRootCache;
  const ours = (dir: string) => {
    const pj = path.join(dir, 'package.json');
    if (!fs.existsSync(pj)) return undefined;
    try {
      return (JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'synor' ? dir : undefined;
    } catch {
      // An unreadable package.json is not ours; keep looking.
      return undefined;
    }
  };
  // Never the working directory: in an editor that is the user's workspace, and the
  // bundled compilers and the worker are loaded from here as code.
  return (packageRootCache = findUp(__dirname, ours) ?? path.resolve(__dirname, '..', '..'));
}

function packageVersion(folder: string): string | undefined {
  try {
    const v = (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version?: string }).version;
    return v && semver.valid(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The compilers bundled with Synor that are present in its node_modules, newest first.
 * Each is named by its folder, so that loading it never resolves through a parent folder.
 */
export function bundledCompilers(): CompilerCandidate[] {
  const root = packageRoot();
  const out: CompilerCandidate[] = [];
  for (const name of BUNDLED) {
    const folder = path.join(root, 'node_modules', name);
    const version = packageVersion(folder);
    if (version) out.push({ version, source: 'bundled', location: folder, kind: 'module' });
  }
  return out.sort((a, b) => semver.rcompare(a.version, b.version));
}

/**
 * The project's own `node_modules/solc`, if it has one. Only its package.json is read
 * here; loading it runs the workspace's code, so callers ask only for trusted workspaces.
 */
export function workspaceCompiler(projectRoot: string): CompilerCandidate | undefined {
  const folder = path.join(projectRoot, 'node_modules', 'solc');
  // Synor's own checkout is not a user's workspace compiler.
  if (path.resolve(projectRoot) === packageRoot()) return undefined;
  const version = packageVersion(folder);
  return version ? { version, source: 'node_modules', location: folder, kind: 'module' } : undefined;
}

/** The version range a set of pragmas allows, as a semver range; undefined when there are none. */
export function pragmaRange(pragmas: readonly string[]): string | undefined {
  if (pragmas.length === 0) return undefined;
  return pragmas.map(pragmaRangeToSemver).join(' ');
}

function satisfies(version: string, range: string | undefined): boolean {
  if (!range) return true;
  try {
    return semver.satisfies(version, range);
  } catch {
    return false;
  }
}

/** The newest released solc version a range allows; what a developer would install. */
export function wantedVersion(range: string | undefined, exact?: string): string | undefined {
  if (exact) return exact;
  const allowed = KNOWN_SOLC_VERSIONS.filter((v) => satisfies(v, range));
  return allowed[allowed.length - 1];
}

export type CompilerChoice = { candidate: CompilerCandidate } | { unavailable: string };

/**
 * Picks a compiler: the configured one when its version fits, then the
 * project's node_modules/solc, then the newest bundled one that fits. A
 * configured `version` must match exactly; otherwise the pragmas decide.
 */
export function chooseCompiler(opts: { pragmas: readonly string[]; exactVersion?: string; configured?: CompilerCandidate; workspace?: CompilerCandidate; bundled: readonly CompilerCandidate[]; untrusted?: boolean }): CompilerChoice {
  const range = pragmaRange(opts.pragmas);
  const fits = (c: CompilerCandidate | undefined): boolean => !!c && (opts.exactVersion ? c.version === opts.exactVersion : satisfies(c.version, range));
  if (opts.configured && (fits(opts.configured) || !semver.valid(opts.configured.version))) return { candidate: opts.configured };
  if (opts.workspace && fits(opts.workspace)) return { candidate: opts.workspace };
  const bundled = opts.bundled.find(fits);
  if (bundled) return { candidate: bundled };
  const wanted = wantedVersion(range, opts.exactVersion);
  const have = [opts.configured, opts.workspace, ...opts.bundled].filter((c): c is CompilerCandidate => !!c).map((c) => `${c.version} (${c.source})`);
  // The same pragma repeats across imported files; say each once.
  const pragma = [...new Set(opts.pragmas)].join(' ');
  const only = KNOWN_SOLC_VERSIONS.filter((v) => satisfies(v, range)).length === 1;
  const what = opts.exactVersion ? `solc ${opts.exactVersion} (set in synor.config.json)` : wanted ? `solc ${only ? wanted : wanted.replace(/\.\d+$/, '.x')} compiler (${only ? '' : `newest allowed: ${wanted}; `}pragma ${pragma})` : `compiler for pragma ${pragma} (no released solc version satisfies it)`;
  const remedy = opts.untrusted
    ? `The workspace is not trusted, so only the compilers bundled with Synor are used; once it is trusted, the project's own node_modules/solc (npm install solc@${wanted ?? 'VERSION'}) or synor.compilerPath can supply it.`
    : `Install it in the project (npm install solc@${wanted ?? 'VERSION'}) or set synor.compilerPath.`;
  return { unavailable: `no ${what} available; have: ${have.join(', ') || 'none'}. ${remedy}` };
}

interface SolcModule {
  version(): string;
  compile(input: string, callbacks?: unknown): string;
  compileStandardWrapper?(input: string, read?: ReadCallback): string;
}

function shortVersion(long: string): string {
  return /^(\d+\.\d+\.\d+)/.exec(long)?.[1] ?? long;
}

function wrapModule(mod: SolcModule, source: CompilerSource): CompilerHandle {
  const longVersion = mod.version();
  const version = shortVersion(longVersion);
  const old = semver.valid(version) && semver.lt(version, '0.5.0');
  return {
    version,
    longVersion,
    source,
    compile(input, read) {
      // solc-js before 0.5 takes a bare function and names its standard JSON entry differently.
      if (old && mod.compileStandardWrapper) return mod.compileStandardWrapper(input, read);
      return mod.compile(input, { import: read });
    },
  };
}

const loaded = new Map<string, CompilerHandle>();

/** The versions of the compilers this thread has loaded (each stays loaded for the thread's life). */
export function loadedCompilers(): string[] {
  return [...loaded.values()].map((h) => `${h.version} (${h.source})`);
}

/**
 * Loads (once per process) the compiler a candidate names. Only a bundled compiler
 * loads without `trusted`: any other is code or a program chosen outside Synor.
 */
export function loadCompiler(c: CompilerCandidate, native?: NativeLoader, trusted = false): CompilerHandle {
  if (c.source !== 'bundled' && !trusted) throw new Error(`refusing to load the ${c.source} compiler ${c.location}: the workspace is not trusted`);
  const key = `${c.kind}:${c.location}`;
  const hit = loaded.get(key);
  if (hit) return hit;
  const req = createRequire(path.join(packageRoot(), 'package.json'));
  let handle: CompilerHandle;
  if (c.kind === 'module') {
    const mod = (c.source === 'bundled' ? req(c.location) : createRequire(path.join(c.location, 'package.json'))(c.location)) as SolcModule;
    handle = wrapModule(mod, c.source);
  } else if (c.kind === 'soljson') {
    const wrapper = req('solc/wrapper') as (soljson: unknown) => SolcModule;
    handle = wrapModule(wrapper(createRequire(c.location)(c.location)), c.source);
  } else {
    if (!native) throw new Error('native compilers can only be run from the deep-analysis worker');
    handle = native(c.location);
  }
  loaded.set(key, handle);
  return handle;
}

/**
 * A configured compiler path as a candidate; its version is read by loading it (soljson)
 * or running it (native), so callers ask only for trusted workspaces.
 */
export function configuredCompiler(location: string, native?: NativeLoader): CompilerCandidate {
  const kind = /\.c?js$/i.test(location) ? 'soljson' : 'native';
  const candidate: CompilerCandidate = { version: '', source: 'configured', location, kind };
  candidate.version = loadCompiler(candidate, native, true).version;
  return candidate;
}

/**
 * A compiler of exactly `version` that may be loaded here: the project's own
 * node_modules/solc (trusted workspaces only), else a bundled one. Used to
 * build with the version the project's configuration names (foundry.toml,
 * Hardhat) rather than the newest its pragmas allow.
 */
export function compilerOfVersion(version: string, projectRoot: string, trusted: boolean): CompilerCandidate | undefined {
  const ws = trusted ? workspaceCompiler(projectRoot) : undefined;
  if (ws && ws.version === version) return ws;
  return bundledCompilers().find((c) => c.version === version);
}

/** Whether `version` satisfies every pragma. */
export function allowedByPragmas(version: string, pragmas: readonly string[]): boolean {
  return satisfies(version, pragmaRange(pragmas));
}
