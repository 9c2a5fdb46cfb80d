/**
 * Which files `synor [paths…]` analyses. A folder that is a Foundry or Hardhat
 * project root is analysed for the project's own sources (foundry.toml's
 * `src`, Hardhat's `paths.sources`); its dependencies (`lib/`, `node_modules/`,
 * Soldeer's `dependencies/`) are skipped unless `--include-deps` is given, and
 * its other folders (`test/`, `script/`) unless named. Any other folder is
 * searched for every `.sol` file, dependency folders left out. Files named on
 * the command line are always analysed. What was left out is counted by folder.
 *
 * Project configuration is read as text and never executed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReportError, ReportSkipped } from '../../engine/src';

/** Folders never entered nor counted: version control and build output. */
const IGNORED_DIRS = new Set(['.git', 'out', 'cache', 'artifacts']);

const HARDHAT_CONFIGS = ['hardhat.config.ts', 'hardhat.config.js', 'hardhat.config.cjs', 'hardhat.config.mjs', 'hardhat.config.cts', 'hardhat.config.mts'];

/** Files whose presence makes a folder a project of its own (and its `lib/` a dependency folder). */
const PACKAGE_MARKERS = ['foundry.toml', 'remappings.txt', 'package.json', 'truffle-config.js', ...HARDHAT_CONFIGS];

/** Directory visits after which counting a skipped folder stops (a huge node_modules). */
const COUNT_BUDGET = 50_000;

export interface ProjectLayout {
  kind: 'foundry' | 'hardhat' | 'foundry+hardhat';
  /** Absolute folders holding the project's own sources. */
  sources: string[];
  /** Absolute dependency folders at the root. */
  dependencies: string[];
}

export interface Collected {
  files: string[];
  skipped: ReportSkipped[];
  /** The source folders of the project roots among the inputs, as displayed (`src/`). */
  sourceDirs: string[];
  /** Every input was a project root (so `sourceDirs` says where all the files came from). */
  onlyProjects: boolean;
}

const exists = (p: string) => {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
};

const isDir = (p: string) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The string and string-array keys of foundry.toml's default profile (or its top level) that choose folders. */
export function readFoundryLayout(text: string): { src?: string; libs?: string[] } {
  const out: { src?: string; libs?: string[] } = {};
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
    if (section !== '' && section !== 'profile.default') continue;
    const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2];
    if (value.startsWith('[') && !value.includes(']')) {
      while (++i < lines.length) {
        value += ' ' + lines[i].replace(/#.*$/, '').trim();
        if (lines[i].includes(']')) break;
      }
    }
    if (kv[1] === 'src') {
      const m = /^["']([^"']+)["']/.exec(value.trim());
      if (m) out.src = m[1];
    } else if (kv[1] === 'libs') {
      out.libs = [...value.matchAll(/["']([^"']+)["']/g)].map((m) => m[1]);
    }
  }
  return out;
}

/** `paths.sources` of a Hardhat config, found with a regular expression (the file is never run). */
export function readHardhatSources(text: string): string | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const paths = /\bpaths\s*:\s*\{([^}]*)\}/.exec(code);
  if (!paths) return undefined;
  const m = /\bsources\s*:\s*(["'`])([^"'`]+)\1/.exec(paths[1]);
  return m?.[2];
}

/** The layout of a Foundry or Hardhat project whose root is `dir`; undefined for any other folder. */
export function projectLayout(dir: string): ProjectLayout | undefined {
  const toml = path.join(dir, 'foundry.toml');
  const hardhat = HARDHAT_CONFIGS.map((f) => path.join(dir, f)).find(exists);
  const isFoundry = exists(toml);
  if (!isFoundry && !hardhat) return undefined;
  const sources: string[] = [];
  const dependencies = new Set<string>([path.join(dir, 'lib'), path.join(dir, 'node_modules'), path.join(dir, 'dependencies')]);
  if (isFoundry) {
    const f = readFoundryLayout(readText(toml) ?? '');
    sources.push(path.resolve(dir, f.src ?? 'src'));
    for (const l of f.libs ?? []) dependencies.add(path.resolve(dir, l));
  }
  if (hardhat) sources.push(path.resolve(dir, readHardhatSources(readText(hardhat) ?? '') ?? 'contracts'));
  let own = [...new Set(sources)].filter(isDir);
  // A configuration naming no folder that exists: everything but the dependencies is the project's.
  if (own.length === 0) own = [dir];
  // A source folder inside another one is walked with it.
  own = own.filter((s) => !own.some((o) => o !== s && isInside(s, o)));
  return { kind: isFoundry && hardhat ? 'foundry+hardhat' : isFoundry ? 'foundry' : 'hardhat', sources: own, dependencies: [...dependencies].filter((d) => !own.some((s) => isInside(s, d) || s === d)) };
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const hasAny = (dir: string, names: readonly string[]) => names.some((n) => exists(path.join(dir, n)));

/**
 * Whether a folder met while walking holds someone else's code: any
 * `node_modules`; a `lib` or Soldeer `dependencies` folder next to a project
 * marker (Foundry's dependencies); a `lib` whose sub-folders are packages of
 * their own (git submodules, npm or Foundry projects). A `lib` folder inside
 * the sources (`src/lib/Math.sol`) is none of these.
 */
export function isDependencyDir(full: string, name: string, parent: string): boolean {
  if (name === 'node_modules') return true;
  if (name !== 'lib' && name !== 'dependencies') return false;
  if (hasAny(parent, PACKAGE_MARKERS)) return true;
  if (name !== 'lib') return false;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(full, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => e.isDirectory() && hasAny(path.join(full, e.name), [...PACKAGE_MARKERS, '.git']));
}

/** Counts `.sol` files under a folder, within a budget of directory visits. */
function countSol(dir: string, budget = { left: COUNT_BUDGET }): { files: number; partial: boolean } {
  let files = 0;
  let partial = false;
  const stack = [dir];
  while (stack.length > 0) {
    if (budget.left-- <= 0) {
      partial = true;
      break;
    }
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !IGNORED_DIRS.has(e.name)) stack.push(path.join(d, e.name));
      } else if (e.isFile() && e.name.endsWith('.sol')) files++;
    }
  }
  return { files, partial };
}

/** Walks the inputs and returns the files to analyse and what was left out. */
export function collectFiles(inputs: string[], includeDeps: boolean, errors: ReportError[]): Collected {
  const files: string[] = [];
  const seen = new Set<string>();
  const skipped = new Map<string, ReportSkipped>();
  const sourceDirs: string[] = [];
  let onlyProjects = inputs.length > 0;
  const add = (f: string) => {
    const key = path.resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(f);
    }
  };
  const skip = (shown: string, reason: ReportSkipped['reason']) => {
    const label = shown.endsWith('/') ? shown : shown.split(path.sep).join('/') + '/';
    if (skipped.has(label)) return;
    const c = countSol(shown);
    if (c.files === 0) return;
    skipped.set(label, { path: label, files: c.files, reason, ...(c.partial ? { partial: true } : {}) });
  };
  const readDir = (dir: string): fs.Dirent[] | undefined => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      errors.push({ file: dir, message: `cannot read folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return undefined;
    }
  };
  /** Every `.sol` file under `dir`; dependency folders are skipped (or walked, with --include-deps). */
  const walk = (dir: string) => {
    const entries = readDir(dir);
    if (!entries) return;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name.startsWith('.') || IGNORED_DIRS.has(e.name)) continue;
        if (!includeDeps && isDependencyDir(full, e.name, dir)) skip(full, 'dependency');
        else walk(full);
      } else if (e.isFile() && e.name.endsWith('.sol')) add(full);
    }
  };
  /** A project root: its sources, then a count (or, for dependencies with --include-deps, a walk) of the rest. */
  const walkProject = (dir: string, layout: ProjectLayout) => {
    const shown = (abs: string) => path.join(dir, path.relative(path.resolve(dir), abs));
    for (const s of layout.sources) {
      sourceDirs.push(s === path.resolve(dir) ? dir : shown(s));
      walk(shown(s));
    }
    if (layout.sources.some((s) => s === path.resolve(dir))) return;
    // Everything outside the sources is either a dependency or the project's other code.
    const rest = (d: string) => {
      const entries = readDir(d);
      if (!entries) return;
      for (const e of entries) {
        const full = path.join(d, e.name);
        const abs = path.resolve(full);
        if (e.isDirectory()) {
          if (e.name.startsWith('.') || IGNORED_DIRS.has(e.name)) continue;
          if (layout.sources.includes(abs)) continue;
          if (layout.sources.some((s) => isInside(s, abs))) {
            rest(full);
            continue;
          }
          const dependency = layout.dependencies.includes(abs) || isDependencyDir(full, e.name, d);
          if (dependency && includeDeps) walk(full);
          else skip(full, dependency ? 'dependency' : 'outside-sources');
        } else if (e.isFile() && e.name.endsWith('.sol')) {
          const label = d.split(path.sep).join('/') + '/*.sol';
          const prev = skipped.get(label);
          skipped.set(label, { path: label, files: (prev?.files ?? 0) + 1, reason: 'outside-sources' });
        }
      }
    };
    rest(dir);
  };
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (err) {
      errors.push({ file: input, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${(err as Error).message}` });
      continue;
    }
    const layout = st.isDirectory() ? projectLayout(input) : undefined;
    if (!layout) onlyProjects = false;
    if (!st.isDirectory()) add(input);
    else if (layout) walkProject(input, layout);
    else walk(input);
  }
  return { files, skipped: [...skipped.values()], sourceDirs: sourceDirs.map((s) => s.split(path.sep).join('/').replace(/\/?$/, '/')), onlyProjects };
}
