/**
 * Test and script code: Forge tests (`*.t.sol`) and scripts (`*.s.sol`), and
 * the files under a project's `test/` or `script/` folder. Such code is never
 * deployed to hold value: production advice (gas, centralization, events for
 * off-chain indexers) is noise there. Which rules still apply is the rules'
 * own metadata (`RuleMeta.testCode`), not a list kept here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RuleMeta } from '../types';
import { HARDHAT_CONFIGS } from './sources';

const TEST_DIRS = new Set(['test', 'tests', 'script', 'scripts']);

/** Files that make a folder a Foundry or Hardhat project, whose `test/` and `script/` hold tests and scripts. */
const PROJECT_MARKERS = ['foundry.toml', ...HARDHAT_CONFIGS];

const projectRoots = new Map<string, boolean>();

/** Whether `root` is a Foundry or Hardhat project root (memoised: asked once per analysis). */
function isProjectRoot(root: string): boolean {
  let known = projectRoots.get(root);
  if (known === undefined) {
    known = PROJECT_MARKERS.some((m) => fs.existsSync(path.join(root, m)));
    if (projectRoots.size > 256) projectRoots.clear();
    projectRoots.set(root, known);
  }
  return known;
}

/**
 * Whether `file` is test or script code. Folders count from `root` when it is
 * a Foundry or Hardhat project root and the file is inside it, so that a
 * project that itself lives under a folder named `test` (a fixture) is not all
 * test code; otherwise only the file's name decides.
 */
export function isTestCode(file: string, root?: string): boolean {
  const base = path.basename(file);
  if (base.endsWith('.t.sol') || base.endsWith('.s.sol')) return true;
  if (!root || !isProjectRoot(root)) return false;
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return rel.split(/[\\/]/).slice(0, -1).some((d) => TEST_DIRS.has(d));
}

/** Whether a rule runs on test and script code: as its metadata says; gas rules do not by default, others do. */
export function appliesToTestCode(meta: RuleMeta): boolean {
  return meta.testCode ?? meta.category !== 'gas';
}
