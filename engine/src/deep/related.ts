/**
 * The project's own files that import a file, found on disk: the deep tier
 * judges a base as part of the contracts that derive from it, as the fast
 * tier does, even when nobody told it which files the project has (the
 * language server does not). Imports are read with the compiler's scanner
 * and resolver, without parsing; only the files found are parsed later.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scanImports, type ImportResolver } from '../compile/imports';

/** Folders that hold dependencies, build output or tests rather than the project's own sources. */
const SKIPPED = new Set(['.git', 'node_modules', 'lib', 'dependencies', 'out', 'cache', 'artifacts', 'build', 'test', 'tests', 'script', 'scripts', 'coverage', 'typechain', 'typechain-types']);

/** At most this many files are read; a larger tree is searched only this far. */
const MAX_FILES = 3000;
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * The `.sol` files under `root` (dependency, build and test folders left out)
 * that import `file`, directly or through each other, absolute paths.
 */
export function dependantsOnDisk(root: string, file: string, resolver: ImportResolver): string[] {
  const target = path.resolve(file);
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (files.length >= MAX_FILES) return;
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name) && !e.name.startsWith('.')) walk(path.join(dir, e.name));
      } else if (e.isFile() && e.name.endsWith('.sol')) files.push(path.join(dir, e.name));
    }
  };
  walk(path.resolve(root));
  const importers = new Map<string, string[]>();
  for (const f of files) {
    let text: string;
    try {
      if (fs.statSync(f).size > MAX_BYTES) continue;
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    const unit = resolver.unitName(f);
    for (const imp of scanImports(text)) {
      const found = resolver.resolve(imp.path, unit, f);
      if (!found) continue;
      const to = path.resolve(found.file);
      const list = importers.get(to);
      if (list) list.push(f);
      else importers.set(to, [f]);
    }
  }
  const out = new Set<string>();
  const stack = [target];
  while (stack.length > 0) {
    for (const f of importers.get(stack.pop()!) ?? []) if (f !== target && !out.has(f)) (out.add(f), stack.push(f));
  }
  return [...out];
}
