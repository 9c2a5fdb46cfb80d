/**
 * The project index: every file reachable through imports from the files being
 * analysed, resolved by the same resolver the compiler uses (relative paths,
 * remappings, `foundry.toml`, Hardhat/`node_modules`, Foundry `lib/`), parsed
 * once and cached by content hash. A file's facts are built over its whole
 * import closure; the editor hands the index the texts that differ from disk.
 *
 * Plain library code: it reads the disk through `fs` and nothing else, never
 * runs code from the workspace, and never throws on bad input (an unreadable
 * or missing file is an unresolved import).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse, type ParsedFile } from '../parse';
import { NEVER_STOP, type Checkpoint } from '../stop';
import { solcInfo, type SolcInfo } from '../parse/pragma';
import { AstIndex } from '../facts/ast-index';
import { findProjectRoot, ImportResolver, loadRemappings, scanImports, type ImportDirective } from '../compile/imports';
import { projectSolcVersion } from './version';

export { projectSolcVersion } from './version';

/** One file of the project, parsed, with its imports resolved. */
export interface SourceFile {
  /** The source unit name solc would give it (path from the project root with `/`, or the import path). */
  unit: string;
  /** Where it is on disk (absolute), or the caller's name for a file that is not on disk. */
  path: string;
  text: string;
  hash: string;
  parsed: ParsedFile;
  index: AstIndex;
  imports: Array<{ directive: ImportDirective; resolved?: string }>;
  /** Size and modification time when read from disk (undefined for an overlay). */
  stamp?: string;
}

/** A parse and its index, shared by every project that holds the same text. */
interface ParseEntry {
  parsed: ParsedFile;
  index: AstIndex;
}

const PARSE_CACHE_LIMIT = 2000;
const parseCache = new Map<string, ParseEntry>();

function hashOf(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

/** Parses a text once per content; the least recently used entries go first. */
export function parseCached(text: string, hash = hashOf(text), given?: ParsedFile, check: Checkpoint = NEVER_STOP): ParseEntry {
  const hit = parseCache.get(hash);
  if (hit) {
    parseCache.delete(hash);
    parseCache.set(hash, hit);
    return hit;
  }
  // A caller's own parse is used but never shared: callers (the language server's
  // incremental re-parse) may change their tree later.
  if (given && given.text === text) return { parsed: given, index: AstIndex.of(given.ast, check) };
  const parsed = parse(text, { check });
  const entry = { parsed, index: new AstIndex(parsed.ast, check) };
  parseCache.set(hash, entry);
  if (parseCache.size > PARSE_CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value as string);
  return entry;
}

/** How many parses the shared cache holds. */
export function parseCacheSize(): number {
  return parseCache.size;
}

/** Keeps at most `max` parses in the shared cache, letting go of the least recently used (a closed editor's files). */
export function trimParseCache(max: number): void {
  while (parseCache.size > Math.max(0, max)) parseCache.delete(parseCache.keys().next().value as string);
}

export interface ProjectOptions {
  /** The project root; found from the first file analysed when left out. */
  root: string;
  /** Extra remappings (from `synor.config.json`), `prefix=target`, relative to the root. */
  remappings?: readonly string[];
  /** At most this many files in one import closure (a guard against machine-made trees). */
  maxFiles?: number;
  /**
   * The files on disk stay as they are while the project is in use (one CLI
   * run): a file read once is not looked at on disk again, where by default
   * each use checks its size and time. A caller that writes a file says so
   * with `invalidate`.
   */
  unchangingDisk?: boolean;
}

/**
 * A project: its root, import resolver, compiler assumption and a cache of
 * parsed files. Texts of open, unsaved documents are set as overlays and win
 * over the disk.
 */
export class Project {
  readonly root: string;
  readonly resolver: ImportResolver;
  /** The compiler version the project builds with, when its configuration says. */
  readonly configuredSolc?: string;
  private readonly maxFiles: number;
  private readonly unchangingDisk: boolean;
  private readonly overlays = new Map<string, string>();
  private readonly files = new Map<string, SourceFile>();
  /** Which files import each file, from the last time each importer was read. */
  private readonly importers = new Map<string, Set<string>>();
  /** What each file imported when it was last read or linked, so that reading it again replaces its edges. */
  private readonly imported = new Map<string, string[]>();
  /** Files linked (not read) with an import that did not resolve. */
  private readonly unresolvedLinks = new Set<string>();

  constructor(options: ProjectOptions) {
    this.root = path.resolve(options.root);
    const { remappings, foundry } = loadRemappings(this.root, options.remappings ?? []);
    this.resolver = new ImportResolver(this.root, remappings);
    this.configuredSolc = projectSolcVersion(this.root, foundry);
    this.maxFiles = options.maxFiles ?? 2000;
    this.unchangingDisk = options.unchangingDisk ?? false;
  }

  /** The project a file on disk belongs to (its nearest folder with a project marker). */
  static forFile(file: string, remappings?: readonly string[]): Project {
    return new Project({ root: findProjectRoot(file), remappings });
  }

  /** Sets (or, with undefined, clears) the unsaved text of a file. */
  setOverlay(file: string, text: string | undefined): void {
    const key = path.resolve(file);
    if (text === undefined) this.overlays.delete(key);
    else this.overlays.set(key, text);
    this.files.delete(key);
  }

  /** Forgets what was read of a file on disk (it changed there). */
  invalidate(file: string): void {
    this.files.delete(path.resolve(file));
  }

  /** Lets go of every file read so far (their parses above all); the import edges stay, and a file is read again when asked for. */
  forgetFiles(): void {
    this.files.clear();
  }

  /** How many files the project holds read (parsed); linked files are edges only. */
  get filesHeld(): number {
    return this.files.size;
  }

  /** The files whose import closure contains `file` (from what has been read so far), not `file` itself. */
  dependants(file: string): Set<string> {
    const out = new Set<string>();
    const stack = [path.resolve(file)];
    while (stack.length > 0) {
      const f = stack.pop()!;
      for (const imp of this.importers.get(f) ?? []) if (!out.has(imp)) (out.add(imp), stack.push(imp));
    }
    out.delete(path.resolve(file));
    return out;
  }

  /** The compiler assumption for a file: the project's configured version, else the file's pragma. */
  solcFor(file: SourceFile): SolcInfo {
    return this.solcOf(file.parsed);
  }

  /** The compiler assumption for a parse of one of the project's files. */
  solcOf(parsed: ParsedFile): SolcInfo {
    return solcAssumption(parsed.solc, this.configuredSolc);
  }

  /**
   * A file of the project; `text` (an editor's buffer) wins over overlays and
   * the disk. Undefined when it cannot be read.
   */
  file(file: string, text?: string, unit?: string, given?: ParsedFile, check: Checkpoint = NEVER_STOP): SourceFile | undefined {
    const key = path.resolve(file);
    const overlay = text ?? this.overlays.get(key);
    let stamp: string | undefined;
    if (overlay === undefined) {
      const known = this.files.get(key);
      // Read from disk before (not given as a text): nothing on disk changes in this project's use.
      if (known && this.unchangingDisk && known.stamp !== undefined) return known;
      // A file on disk is read again only when its size or time changed.
      stamp = statStamp(key);
      if (stamp === undefined) return undefined;
      if (known && known.stamp === stamp) return known;
    }
    const content = overlay ?? readText(key);
    if (content === undefined) return undefined;
    const hash = hashOf(content);
    const known = this.files.get(key);
    if (known && known.hash === hash) {
      // The same text given by a caller as on disk: it is still the disk's file.
      if (stamp !== undefined || !this.unchangingDisk) known.stamp = stamp;
      return known;
    }
    const { parsed, index } = parseCached(content, hash, given, check);
    const u = unit ?? known?.unit ?? this.resolver.unitName(key);
    const sf: SourceFile = { unit: u, path: key, text: content, hash, parsed, index, imports: [], stamp };
    for (const directive of importsOf(parsed, content)) {
      const found = this.resolver.resolve(directive.path, u, key);
      sf.imports.push({ directive, resolved: found ? path.resolve(found.file) : undefined });
    }
    this.setEdges(key, sf.imports.flatMap((i) => (i.resolved ? [i.resolved] : [])));
    this.unresolvedLinks.delete(key);
    this.files.set(key, sf);
    return sf;
  }

  /** Makes `key` an importer of exactly `targets`: an import the file no longer has must not keep it among the importers. */
  private setEdges(key: string, targets: string[]): void {
    for (const was of this.imported.get(key) ?? []) this.importers.get(was)?.delete(key);
    for (const t of targets) {
      let set = this.importers.get(t);
      if (!set) this.importers.set(t, (set = new Set()));
      set.add(key);
    }
    this.imported.set(key, targets);
  }

  /**
   * Records what a file on disk imports, from a scan of its text and without
   * parsing it, so that `dependants` and `derivedFiles` know it as an importer
   * (the language server's workspace index: a parse costs memory, an edge
   * next to none; a derived file is parsed when a base is analysed). A file
   * already read, or open in an editor, is left as it is. False when the file
   * cannot be read.
   */
  link(file: string): boolean {
    const key = path.resolve(file);
    if (this.files.has(key) || this.overlays.has(key)) return true;
    const text = readText(key);
    if (text === undefined) {
      // Gone: it imports nothing any more.
      this.setEdges(key, []);
      this.unresolvedLinks.delete(key);
      return false;
    }
    const unit = this.resolver.unitName(key);
    const found = scanImports(text).map((d) => this.resolver.resolve(d.path, unit, key));
    this.setEdges(key, found.flatMap((f) => (f ? [path.resolve(f.file)] : [])));
    if (found.some((f) => !f)) this.unresolvedLinks.add(key);
    else this.unresolvedLinks.delete(key);
    return true;
  }

  /**
   * Forgets every file read with an import that did not resolve, and links
   * again those only linked, so that their imports are resolved again: a file
   * was created that they may name.
   */
  invalidateUnresolved(): void {
    for (const [key, f] of this.files) if (f.imports.some((i) => !i.resolved)) this.files.delete(key);
    for (const key of [...this.unresolvedLinks]) this.link(key);
  }

  /**
   * Reads each file and its imports, so that `dependants` knows every importer
   * among them (the CLI indexes all its files before analysing any).
   */
  index(files: readonly string[]): void {
    for (const f of files) this.closure(f);
  }

  /**
   * Files that import `file` (directly or not) and declare a deployable contract
   * (`contract`, not `abstract`, `interface` or `library`): where a base declared
   * in `file` actually runs. At most `limit`, nearest path first.
   */
  derivedFiles(file: string, limit = 16): SourceFile[] {
    const out: SourceFile[] = [];
    const here = path.dirname(path.resolve(file));
    const candidates = [...this.dependants(file)].sort((a, b) => rel(here, a).length - rel(here, b).length || a.localeCompare(b));
    for (const d of candidates) {
      if (out.length >= limit) break;
      const f = this.file(d);
      if (f && f.parsed.ast.children.some((c) => c.type === 'ContractDefinition' && c.kind === 'contract')) out.push(f);
    }
    return out;
  }

  /**
   * The import closure of `file`, then the closures of the files that derive
   * deployable contracts from it (`derivedFiles`), each file once.
   */
  closureWithDerived(file: string, text?: string, parsed?: ParsedFile, check: Checkpoint = NEVER_STOP): SourceFile[] {
    const out = this.closure(file, text, parsed, check);
    const seen = new Set(out.map((f) => f.path));
    for (const d of this.derivedFiles(file)) {
      for (const f of this.closure(d.path, undefined, undefined, check)) {
        if (seen.has(f.path) || out.length >= this.maxFiles) continue;
        seen.add(f.path);
        out.push(f);
      }
    }
    return out;
  }

  /**
   * The import closure of a file: the file first, then every file it reaches
   * through imports, breadth first. `text` is the file's own current text.
   */
  closure(file: string, text?: string, parsed?: ParsedFile, check: Checkpoint = NEVER_STOP): SourceFile[] {
    const main = this.file(file, text, undefined, parsed, check) ?? inMemoryFile(file, text ?? '', parsed);
    const out: SourceFile[] = [main];
    const seen = new Set<string>([main.path]);
    for (let i = 0; i < out.length && out.length < this.maxFiles; i++) {
      for (const imp of out[i].imports) {
        if (!imp.resolved || seen.has(imp.resolved)) continue;
        seen.add(imp.resolved);
        const f = this.file(imp.resolved, undefined, undefined, undefined, check);
        if (f) out.push(f);
      }
    }
    return out;
  }
}

const rel = (from: string, to: string) => path.relative(from, to);

/** A file that is not on disk (or not in any project): its closure is itself. */
export function inMemoryFile(name: string, text: string, parsed?: ParsedFile, check: Checkpoint = NEVER_STOP): SourceFile {
  const hash = hashOf(text);
  const entry = parsed && parsed.text === text ? { parsed, index: AstIndex.of(parsed.ast, check) } : parseCached(text, hash, undefined, check);
  return { unit: name, path: name, text, hash, parsed: entry.parsed, index: entry.index, imports: [] };
}

/** The project's configured compiler narrows the pragma's range to that one version when the pragma allows it. */
export function solcAssumption(pragma: SolcInfo, configured: string | undefined): SolcInfo {
  if (!configured) return pragma;
  const narrowed = solcInfo({ type: 'SourceUnit', children: [{ type: 'PragmaDirective', name: 'solidity', value: `${pragma.pragma ?? '*'}` } as never, { type: 'PragmaDirective', name: 'solidity', value: `=${configured}` } as never] });
  if (narrowed.invalid) return pragma;
  return { ...narrowed, pragma: pragma.pragma, explicit: pragma.explicit };
}

function importsOf(parsed: ParsedFile, text: string): ImportDirective[] {
  const out: ImportDirective[] = [];
  for (const c of parsed.ast.children) {
    if (c.type !== 'ImportDirective' || !c.range) continue;
    out.push({ path: c.path, start: c.range[0], end: c.range[1] + 1 });
  }
  // A half-typed file may have lost directives from its AST; the scanner still sees them.
  if (parsed.errors.length > 0) {
    const have = new Set(out.map((d) => d.start));
    for (const d of scanImports(text)) if (!have.has(d.start)) out.push(d);
  }
  return out;
}

function statStamp(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > 8 * 1024 * 1024) return undefined;
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    // Solidity sources are small; a huge file is not one (and would stall the editor).
    if (!st.isFile() || st.size > 8 * 1024 * 1024) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
