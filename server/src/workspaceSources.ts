/**
 * Which files of the workspace the language server indexes: the workspace's
 * own Solidity sources, chosen by the rules the CLI applies to a folder
 * (`cli/src/files.ts`), so that a base opened in the editor is judged against
 * the same derived contracts as `synor <folder>` judges it. A workspace folder
 * that is a Foundry or Hardhat project root gives its source folders
 * (foundry.toml's `src`, Hardhat's `paths.sources`); any other folder gives
 * every `.sol` file under it. Dependencies are left out wherever they are met
 * (`node_modules`, a `lib/` or `dependencies/` folder next to a project marker
 * or holding packages of its own), and so are hidden folders and build output;
 * a `lib` folder inside the sources (`src/lib/Math.sol`) is the project's own.
 *
 * The rules themselves are the engine's (engine/src/project/sources.ts), shared
 * with the CLI; the walk here is the server's own (asynchronous, capped, folder
 * by folder in name order). Configuration files are read as text, never run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDependencyDir, isIgnoredDir, isInside, projectLayout } from '../../engine/src/project/sources';

export interface WorkspaceSources {
  /** Absolute paths, folder by folder in name order, at most the cap. */
  files: string[];
  /** More files were found than the cap allows; `files` holds the first ones. */
  capped: boolean;
}

/**
 * The source folders of a Foundry or Hardhat project whose root is `dir`
 * (the root itself when the configuration names no folder that exists);
 * undefined for any other folder, whose every file is a source.
 */
export function sourceFolders(dir: string): string[] | undefined {
  return projectLayout(dir)?.sources;
}

/** Whether a folder is never walked (hidden, version control, build output, a dependency). */
function skipped(full: string, name: string, parent: string): boolean {
  return isIgnoredDir(name) || isDependencyDir(full, name, parent);
}

/**
 * The `.sol` sources of the workspace folders, at most `maxFiles` of them. The
 * walk reads folders asynchronously, so that the thread answering the editor
 * is never held for long; `stopped()` ends it early (the folders changed).
 */
export async function findWorkspaceSources(roots: readonly string[], maxFiles: number, stopped: () => boolean = () => false): Promise<WorkspaceSources> {
  const files: string[] = [];
  const seen = new Set<string>();
  let capped = false;
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const e of entries) {
      if (capped || stopped()) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipped(full, e.name, dir)) await walk(full);
      } else if (e.isFile() && e.name.endsWith('.sol') && !seen.has(full)) {
        if (files.length >= maxFiles) {
          capped = true;
          return;
        }
        seen.add(full);
        files.push(full);
      }
    }
  };
  for (const root of roots) for (const dir of sourceFolders(root) ?? [path.resolve(root)]) await walk(dir);
  return { files, capped };
}

/** Whether `file` is one of the sources `findWorkspaceSources` would find under `roots` (the cap aside). */
export function isWorkspaceSource(file: string, roots: readonly string[]): boolean {
  if (!file.endsWith('.sol')) return false;
  const abs = path.resolve(file);
  for (const root of roots) {
    for (const dir of sourceFolders(root) ?? [path.resolve(root)]) {
      if (!isInside(abs, dir)) continue;
      let parent = dir;
      let walked = true;
      for (const name of path.relative(dir, path.dirname(abs)).split(path.sep).filter(Boolean)) {
        const full = path.join(parent, name);
        if (skipped(full, name, parent)) {
          walked = false;
          break;
        }
        parent = full;
      }
      if (walked) return true;
    }
  }
  return false;
}

/**
 * Whether `file` is vendored code: some folder on its path, from the workspace
 * folder that holds it (the file system root for a file outside them), is a
 * dependency folder by the rules above (`node_modules`, a project's `lib/` or
 * `dependencies/`), or it is under the target of one of a workspace folder's
 * remappings (`remappingTargets`) outside that folder's own sources. Such files
 * are analysed for navigation, but their findings are someone else's to fix
 * and are not published by default.
 */
export function isVendored(file: string, roots: readonly string[], remappingTargets: (root: string) => readonly string[] = () => []): boolean {
  const abs = path.resolve(file);
  for (const r of roots) {
    const own = sourceFolders(r) ?? [path.resolve(r)];
    if (own.some((o) => isInside(abs, o))) continue;
    if (remappingTargets(r).some((t) => isInside(abs, path.resolve(t)))) return true;
  }
  const root = roots.map((r) => path.resolve(r)).filter((r) => isInside(abs, r)).sort((a, b) => b.length - a.length)[0] ?? path.parse(abs).root;
  let parent = root;
  for (const name of path.relative(root, path.dirname(abs)).split(path.sep).filter(Boolean)) {
    const full = path.join(parent, name);
    if (isDependencyDir(full, name, parent)) return true;
    parent = full;
  }
  return false;
}
