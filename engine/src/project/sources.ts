/**
 * Which files of a folder are a project's own sources, the rules shared by
 * `synor <folder>` (`cli/src/files.ts`) and the language server's workspace
 * index (`server/src/workspaceSources.ts`), so that a base opened in the
 * editor is judged against the same derived contracts as the CLI judges it.
 *
 * A folder that is a Foundry or Hardhat project root gives its source folders
 * (foundry.toml's `src`, Hardhat's `paths.sources`); any other folder gives
 * every `.sol` file under it. Dependencies are someone else's code wherever
 * they are met (`node_modules`, a `lib/` or Soldeer `dependencies/` folder next
 * to a project marker or holding packages of its own), hidden folders and
 * build output are never entered, and a `lib` folder inside the sources
 * (`src/lib/Math.sol`) is the project's own. How a folder is walked (errors,
 * counts, caps, order) is each front's business.
 *
 * Configuration files are read as text, never run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readFoundryToml } from '../compile/imports';

/** Folders never entered nor counted: version control and build output. */
export const IGNORED_DIRS: ReadonlySet<string> = new Set(['.git', 'out', 'cache', 'artifacts']);

export const HARDHAT_CONFIGS: readonly string[] = ['hardhat.config.ts', 'hardhat.config.js', 'hardhat.config.cjs', 'hardhat.config.mjs', 'hardhat.config.cts', 'hardhat.config.mts'];

/** Files whose presence makes a folder a project of its own (and its `lib/` a dependency folder). */
export const PACKAGE_MARKERS: readonly string[] = ['foundry.toml', 'remappings.txt', 'package.json', 'truffle-config.js', ...HARDHAT_CONFIGS];

/** The folders at a project's root that hold its dependencies by convention (npm, git submodules, Soldeer). */
export const DEPENDENCY_DIRS: readonly string[] = ['lib', 'node_modules', 'dependencies'];

export interface ProjectLayout {
  kind: 'foundry' | 'hardhat' | 'foundry+hardhat';
  /** Absolute folders holding the project's own sources, none inside another. */
  sources: string[];
  /** Absolute dependency folders at the root (the conventional ones and foundry.toml's `libs`), none holding a source folder. */
  dependencies: string[];
}

/** Whether something exists at `p`. */
export function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Whether `p` is a folder. */
export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A file's text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `child` is strictly inside the folder `parent`. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

const hasAny = (dir: string, names: readonly string[]) => names.some((n) => exists(path.join(dir, n)));

/** `paths.sources` of a Hardhat config, found with a regular expression (the file is never run). */
export function readHardhatSources(text: string): string | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\])\/\/.*$/gm, '$1');
  const paths = /\bpaths\s*:\s*\{([^}]*)\}/.exec(code);
  return paths ? /\bsources\s*:\s*(["'`])([^"'`]+)\1/.exec(paths[1])?.[2] : undefined;
}

/**
 * The layout of a Foundry or Hardhat project whose root is `dir`; undefined
 * for any other folder, whose every file is a source. When the configuration
 * names no source folder that exists, the root itself is the one source folder.
 */
export function projectLayout(dir: string): ProjectLayout | undefined {
  const toml = path.join(dir, 'foundry.toml');
  const hardhat = HARDHAT_CONFIGS.map((f) => path.join(dir, f)).find(exists);
  const isFoundry = exists(toml);
  if (!isFoundry && !hardhat) return undefined;
  const sources: string[] = [];
  const dependencies = new Set(DEPENDENCY_DIRS.map((d) => path.resolve(dir, d)));
  if (isFoundry) {
    const f = readFoundryToml(readText(toml) ?? '');
    sources.push(path.resolve(dir, f.src ?? 'src'));
    for (const l of f.libs ?? []) dependencies.add(path.resolve(dir, l));
  }
  if (hardhat) sources.push(path.resolve(dir, readHardhatSources(readText(hardhat) ?? '') ?? 'contracts'));
  let own = [...new Set(sources)].filter(isDir);
  if (own.length === 0) own = [path.resolve(dir)];
  // A source folder inside another one is walked with it.
  own = own.filter((s) => !own.some((o) => o !== s && isInside(s, o)));
  return {
    kind: isFoundry && hardhat ? 'foundry+hardhat' : isFoundry ? 'foundry' : 'hardhat',
    sources: own,
    dependencies: [...dependencies].filter((d) => !own.some((s) => isInside(s, d) || s === d)),
  };
}

/** Whether a folder is never entered whatever it holds: hidden, version control, build output. */
export function isIgnoredDir(name: string): boolean {
  return name.startsWith('.') || IGNORED_DIRS.has(name);
}

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
