/**
 * Which files `synor [paths…]` analyses. A folder that is a Foundry or Hardhat
 * project root is analysed for the project's own sources (foundry.toml's
 * `src`, Hardhat's `paths.sources`); its dependencies (`lib/`, `node_modules/`,
 * Soldeer's `dependencies/`) are skipped unless `--include-deps` is given, and
 * its other folders (`test/`, `script/`) unless named. Any other folder is
 * searched for every `.sol` file, dependency folders left out. Files named on
 * the command line are always analysed. What was left out is counted by folder.
 *
 * Which folders are sources and which are dependencies is decided by the
 * rules the language server shares (engine/src/project/sources.ts); how they
 * are walked, reported and counted is the CLI's own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ReportError, ReportSkipped } from '../../engine/src';
import { isDependencyDir, isIgnoredDir, isInside, projectLayout, type ProjectLayout } from '../../engine/src/project/sources';

/** Directory visits after which counting a skipped folder stops (a huge node_modules). */
const COUNT_BUDGET = 50_000;

export interface Collected {
  files: string[];
  skipped: ReportSkipped[];
  /** The source folders of the project roots among the inputs, as displayed (`src/`). */
  sourceDirs: string[];
  /** Every input was a project root (so `sourceDirs` says where all the files came from). */
  onlyProjects: boolean;
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
        if (!isIgnoredDir(e.name)) stack.push(path.join(d, e.name));
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
        if (isIgnoredDir(e.name)) continue;
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
          if (isIgnoredDir(e.name)) continue;
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
