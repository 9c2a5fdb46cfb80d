import fs from 'node:fs';
import path from 'node:path';
import { ancestors, findUp } from '../project/find-up';

/** One `import` directive as written in a source file. */
export interface ImportDirective {
  /** The path between the quotes. */
  path: string;
  /** UTF-16 offsets of the whole directive in the file's text. */
  start: number;
  end: number;
}

/** A remapping `context:prefix=target`; `target` is absolute once loaded. */
export interface Remapping {
  context: string;
  prefix: string;
  target: string;
}

/** Compiler-relevant settings read from a Foundry project's `foundry.toml`. */
export interface FoundrySettings {
  remappings: string[];
  optimizer?: boolean;
  optimizerRuns?: number;
  evmVersion?: string;
  viaIR?: boolean;
  /** The project's own sources folder (`src`), as written. */
  src?: string;
  /** Dependency folders (`libs`), as written. */
  libs?: string[];
}

const ROOT_MARKERS = ['foundry.toml', 'remappings.txt', 'hardhat.config.ts', 'hardhat.config.js', 'hardhat.config.cjs', 'hardhat.config.mjs', 'truffle-config.js', 'package.json'];

/** The nearest ancestor of `file` holding a project marker; the file's folder when there is none. */
export function findProjectRoot(file: string): string {
  const here = path.dirname(path.resolve(file));
  return findUp(here, (dir) => (ROOT_MARKERS.some((m) => fs.existsSync(path.join(dir, m))) ? dir : undefined)) ?? here;
}

/**
 * Replaces comments with spaces, keeping every offset, so that directives in
 * commented-out code are not taken for real ones. String literals are kept as
 * they are, because an import path is one.
 */
export function blankComments(text: string): string {
  const out = text.split('');
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n' && text[i] !== '\r') out[i] = ' ';
    } else i++;
  }
  return out.join('');
}

/** Every import directive of a file, in order. */
export function scanImports(text: string): ImportDirective[] {
  const code = blankComments(text);
  const re = /\bimport\s+(?:[^;"']*?\bfrom\s+)?(["'])([^"']+)\1[^;]*;/g;
  const out: ImportDirective[] = [];
  for (let m = re.exec(code); m; m = re.exec(code)) out.push({ path: m[2], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The `pragma solidity` ranges of a file, as written. */
export function scanPragmas(text: string): string[] {
  const code = blankComments(text);
  const re = /\bpragma\s+solidity\s+([^;]+);/g;
  const out: string[] = [];
  for (let m = re.exec(code); m; m = re.exec(code)) out.push(m[1].trim());
  return out;
}

function parseRemapping(line: string, base: string): Remapping | undefined {
  const m = /^(?:([^:=\s]*):)?([^=\s]+)=(.*)$/.exec(line.trim());
  if (!m || !m[3].trim()) return undefined;
  const target = m[3].trim();
  let abs = path.isAbsolute(target) ? target : path.join(base, target);
  // Keep a trailing slash: remappings are plain string prefixes.
  if (target.endsWith('/') && !abs.endsWith(path.sep)) abs += path.sep;
  return { context: m[1] ?? '', prefix: m[2], target: abs };
}

/**
 * Reads the few `foundry.toml` keys that change compilation, or choose the
 * source and dependency folders, from its default profile. A full TOML parser
 * is not needed for these flat keys and arrays.
 */
export function readFoundryToml(text: string): FoundrySettings {
  const settings: FoundrySettings = { remappings: [] };
  let section = '';
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, '').trim();
    if (!line) continue;
    const sec = /^\[([^\]]+)\]$/.exec(line);
    if (sec) {
      section = sec[1].trim();
      continue;
    }
    if (section !== 'profile.default' && section !== '') continue;
    const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2];
    // Arrays may span several lines; gather until the closing bracket.
    if (value.startsWith('[') && !value.includes(']')) {
      while (++i < lines.length) {
        value += ' ' + lines[i].replace(/#.*$/, '').trim();
        if (lines[i].includes(']')) break;
      }
    }
    const key = kv[1];
    if (key === 'remappings') settings.remappings = [...value.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
    else if (key === 'optimizer') settings.optimizer = value.trim() === 'true';
    else if (key === 'optimizer_runs') settings.optimizerRuns = Number(value.replace(/_/g, ''));
    else if (key === 'evm_version') settings.evmVersion = value.replace(/["']/g, '').trim().toLowerCase();
    else if (key === 'via_ir') settings.viaIR = value.trim() === 'true';
    else if (key === 'src') {
      const m = /^["']([^"']+)["']/.exec(value.trim());
      if (m) settings.src = m[1];
    } else if (key === 'libs') settings.libs = [...value.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
  }
  return settings;
}

/** Loads remappings from `remappings.txt`, `foundry.toml`, and the given extra ones (config), most specific first. */
export function loadRemappings(root: string, extra: readonly string[] = []): { remappings: Remapping[]; foundry?: FoundrySettings } {
  const lines: string[] = [...extra];
  let foundry: FoundrySettings | undefined;
  const toml = path.join(root, 'foundry.toml');
  if (fs.existsSync(toml)) {
    foundry = readFoundryToml(fs.readFileSync(toml, 'utf8'));
    lines.push(...foundry.remappings);
  }
  const txt = path.join(root, 'remappings.txt');
  if (fs.existsSync(txt)) lines.push(...fs.readFileSync(txt, 'utf8').split(/\r?\n/));
  const remappings = lines.map((l) => parseRemapping(l, root)).filter((r): r is Remapping => !!r);
  return { remappings, foundry };
}

/** A file found for an import: the source unit name solc will use, and where it is on disk. */
export interface ResolvedImport {
  unit: string;
  file: string;
}

/**
 * Finds imported files the way Foundry and Hardhat projects lay them out. It
 * never reads outside the disk; it only decides which file an import means.
 */
export class ImportResolver {
  private readonly libDirs: string[];

  constructor(
    readonly root: string,
    readonly remappings: readonly Remapping[],
  ) {
    const lib = path.join(root, 'lib');
    this.libDirs = fs.existsSync(lib) ? fs.readdirSync(lib, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
  }

  /** The source unit name for the main file: its path from the project root, with `/`. */
  unitName(file: string): string {
    const rel = path.relative(this.root, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    return file.split(path.sep).join('/');
  }

  /** Resolves `importPath` written in the unit `fromUnit` (on disk at `fromFile`). */
  resolve(importPath: string, fromUnit: string, fromFile: string): ResolvedImport | undefined {
    if (importPath.startsWith('./') || importPath.startsWith('../')) {
      const unit = path.posix.normalize(path.posix.join(path.posix.dirname(fromUnit), importPath));
      const file = path.resolve(path.dirname(fromFile), importPath);
      return isFile(file) ? { unit, file } : undefined;
    }
    const file = this.findDirect(importPath, fromUnit, fromFile);
    return file ? { unit: importPath, file } : undefined;
  }

  /** Finds the file for a source unit name that solc asks for through the import callback. */
  fileForUnit(unit: string): string | undefined {
    return this.findDirect(unit, '', path.join(this.root, '_'));
  }

  private findDirect(p: string, fromUnit: string, fromFile: string): string | undefined {
    // Remappings first, the longest matching prefix winning, as solc does.
    let best: Remapping | undefined;
    for (const r of this.remappings) {
      if (r.context && !fromUnit.startsWith(r.context)) continue;
      if (!p.startsWith(r.prefix)) continue;
      if (!best || r.prefix.length > best.prefix.length || (r.prefix.length === best.prefix.length && r.context.length > best.context.length)) best = r;
    }
    if (best) {
      const f = best.target + p.slice(best.prefix.length);
      if (isFile(f)) return f;
    }
    if (path.isAbsolute(p) && isFile(p)) return p;
    const candidates: string[] = [path.join(this.root, p)];
    // node_modules, from the importing file's folder up to the file system root (Node's own lookup).
    for (const dir of ancestors(path.dirname(fromFile))) candidates.push(path.join(dir, 'node_modules', p));
    // Foundry's automatic `lib/<name>/` remappings: `<name>/…` → `lib/<name>/src/…` or `lib/<name>/…`.
    const [first, ...rest] = p.split('/');
    const restPath = rest.join('/');
    for (const name of this.libDirs) {
      if (name !== first && name !== first.replace(/^@/, '').replace('/', '-')) continue;
      candidates.push(path.join(this.root, 'lib', name, 'src', restPath), path.join(this.root, 'lib', name, restPath), path.join(this.root, 'lib', name, 'contracts', restPath));
    }
    // OpenZeppelin installed with forge: `@openzeppelin/contracts/…` → `lib/openzeppelin-contracts/contracts/…`.
    const scoped = /^@([^/]+)\/([^/]+)\/(.*)$/.exec(p);
    if (scoped) {
      for (const name of this.libDirs) {
        if (!name.startsWith(scoped[1])) continue;
        candidates.push(path.join(this.root, 'lib', name, scoped[2], scoped[3]), path.join(this.root, 'lib', name, scoped[3]));
      }
    }
    candidates.push(path.join(this.root, 'lib', p), path.join(this.root, 'contracts', p), path.join(this.root, 'src', p));
    return candidates.find(isFile);
  }
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

/** The sources of a compilation: every unit reachable from the main file, and imports that could not be found. */
export interface GatheredSources {
  mainUnit: string;
  sources: Map<string, { file: string; content: string }>;
  /** Unresolved imports of the main file (offsets in its text) and of other files (by unit). */
  unresolved: Array<{ unit: string; import: ImportDirective }>;
  /** For every unit but the main one, the main file's import through which it was reached. */
  via: Map<string, ImportDirective>;
}

/** Follows imports from the main file, reading each imported file once. */
export function gatherSources(mainFile: string, mainText: string, resolver: ImportResolver, maxFiles = 2000): GatheredSources {
  const mainUnit = resolver.unitName(mainFile);
  const sources = new Map<string, { file: string; content: string }>([[mainUnit, { file: mainFile, content: mainText }]]);
  const unresolved: GatheredSources['unresolved'] = [];
  const via = new Map<string, ImportDirective>();
  const queue: string[] = [mainUnit];
  while (queue.length > 0 && sources.size <= maxFiles) {
    const unit = queue.shift()!;
    const src = sources.get(unit)!;
    for (const imp of scanImports(src.content)) {
      const found = resolver.resolve(imp.path, unit, src.file);
      if (!found) {
        unresolved.push({ unit, import: imp });
        continue;
      }
      if (sources.has(found.unit)) continue;
      via.set(found.unit, unit === mainUnit ? imp : via.get(unit)!);
      let content: string;
      try {
        content = fs.readFileSync(found.file, 'utf8');
      } catch {
        unresolved.push({ unit, import: imp });
        continue;
      }
      sources.set(found.unit, { file: found.file, content });
      queue.push(found.unit);
    }
  }
  return { mainUnit, sources, unresolved, via };
}
