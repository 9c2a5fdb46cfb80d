/**
 * `synor --diff=<git-ref>` (also `--since <git-ref>`): the findings that are new
 * since a commit. The files as they were at the ref are exported with
 * `git archive` into a temporary folder (the working tree, the index and the
 * refs are never touched), the same analysis runs there, and a finding is new
 * when its fingerprint is not among the old ones, or when it is on a line the
 * working tree changed since the ref.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, Project, type Finding, type SynorConfig } from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';
import { DEPENDENCY_DIRS } from '../../engine/src/project/sources';

export class GitDiffError extends Error {}

export interface RefFindings {
  /** Fingerprints found at the ref, with how many times each occurs. */
  fingerprints: Map<string, number>;
  /** Changed lines (1-based, new side) of each analysed file, by its absolute path; absent: the file is new. */
  changedLines: Map<string, Set<number>>;
  /** Analysed files that did not exist at the ref. */
  newFiles: Set<string>;
}

function git(args: string[], cwd: string, input?: Buffer): { stdout: Buffer; stderr: string; status: number | null } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) throw new GitDiffError(`cannot run git: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr.toString('utf8').trim(), status: r.status };
}

/**
 * Analyses the version at `ref` of every file in `files` (absolute paths in
 * one git repository), as the working tree's versions were analysed.
 */
export function findingsAtRef(ref: string, files: readonly string[], config: SynorConfig): RefFindings {
  if (files.length === 0) return { fingerprints: new Map(), changedLines: new Map(), newFiles: new Set() };
  const start = path.dirname(path.resolve(files[0]));
  const top = git(['rev-parse', '--show-toplevel'], start);
  if (top.status !== 0) throw new GitDiffError(`--diff needs a git repository: ${top.stderr}`);
  const root = fs.realpathSync(top.stdout.toString('utf8').trim());
  const commit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (commit.status !== 0) throw new GitDiffError(`unknown git ref "${ref}"`);
  const sha = commit.stdout.toString('utf8').trim();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synor-diff-'));
  try {
    const archive = git(['archive', '--format=tar', sha], root);
    if (archive.status !== 0) throw new GitDiffError(`git archive ${ref} failed: ${archive.stderr}`);
    const tar = spawnSync('tar', ['-x', '-C', tmp], { input: archive.stdout, maxBuffer: 1 << 30 });
    if (tar.error || tar.status !== 0) throw new GitDiffError(`cannot unpack ${ref}: ${tar.error?.message ?? tar.stderr.toString('utf8').trim()}`);
    // Dependencies are not in the commit (node_modules) or are submodules git archive leaves out (lib/):
    // the old version reads today's, so that imports resolve alike on both sides.
    for (const dep of DEPENDENCY_DIRS) {
      const here = path.join(root, dep);
      const there = path.join(tmp, dep);
      if (!fs.existsSync(here)) continue;
      if (!fs.existsSync(there)) fs.symlinkSync(here, there, 'dir');
      else if (fs.statSync(there).isDirectory()) {
        for (const name of fs.readdirSync(here)) {
          const t = path.join(there, name);
          if (!fs.existsSync(t) || (fs.statSync(t).isDirectory() && fs.readdirSync(t).length === 0)) {
            fs.rmSync(t, { recursive: true, force: true });
            fs.symlinkSync(path.join(here, name), t, 'dir');
          }
        }
      }
    }

    const rels = files.map((f) => path.relative(root, realpath(path.resolve(f))));
    const fingerprints = new Map<string, number>();
    const newFiles = new Set<string>();
    const projects = new Map<string, Project>();
    const projectFor = (file: string): Project => {
      const r = findProjectRoot(file);
      let p = projects.get(r);
      // The ref's files are an archive nobody writes to: a file read once is not looked at again.
      if (!p) projects.set(r, (p = new Project({ root: r, remappings: config.compiler.remappings, unchangingDisk: true })));
      return p;
    };
    const old = rels.map((rel, i) => ({ rel, abs: path.resolve(files[i]), at: path.join(tmp, rel) }));
    for (const o of old) {
      if (o.rel.startsWith('..') || path.isAbsolute(o.rel) || !fs.existsSync(o.at)) continue;
      try {
        projectFor(o.at).index([o.at]);
      } catch {
        // An unreadable old file is analysed as empty below.
      }
    }
    for (const o of old) {
      // A file outside the repository has no old version: all its findings are new.
      if (o.rel.startsWith('..') || path.isAbsolute(o.rel) || !fs.existsSync(o.at)) {
        newFiles.add(o.abs);
        continue;
      }
      const project = projectFor(o.at);
      // The index's text and parse (the parse is shared with the working tree's file when the text is the same).
      const indexed = project.file(o.at);
      const text = indexed?.text ?? fs.readFileSync(o.at, 'utf8');
      for (const f of analyze(text, { path: o.at, config, project, parsed: indexed?.parsed }).findings) {
        if (f.fingerprint) fingerprints.set(f.fingerprint, (fingerprints.get(f.fingerprint) ?? 0) + 1);
      }
    }
    return { fingerprints, changedLines: changedLines(root, sha, old), newFiles };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The lines of each file that differ from the ref, from `git diff -U0` (the working tree, staged or not). */
function changedLines(root: string, sha: string, files: ReadonlyArray<{ rel: string; abs: string }>): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  const byRel = new Map(files.map((f) => [f.rel.split(path.sep).join('/'), f.abs]));
  const r = git(['diff', '-U0', '--no-color', '--no-ext-diff', '--no-renames', sha, '--', ...byRel.keys()], root);
  if (r.status !== 0) throw new GitDiffError(`git diff ${sha} failed: ${r.stderr}`);
  let current: Set<number> | undefined;
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const file = /^\+\+\+ b\/(.*)$/.exec(line);
    if (file) {
      const abs = byRel.get(file[1]);
      current = abs ? (out.get(abs) ?? new Set()) : undefined;
      if (abs && current) out.set(abs, current);
      continue;
    }
    if (line.startsWith('+++ /dev/null')) current = undefined;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const startLine = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      for (let i = 0; i < count; i++) current.add(startLine + i);
    }
  }
  return out;
}

/**
 * The findings new since the ref: fingerprints absent there (matched as
 * multisets), findings of new files, and findings on changed lines.
 */
export function newSince<F extends Finding>(findings: readonly F[], at: RefFindings): { fresh: F[]; old: F[] } {
  const left = new Map(at.fingerprints);
  const fresh: F[] = [];
  const old: F[] = [];
  for (const f of findings) {
    const abs = path.resolve(f.file);
    const n = f.fingerprint ? (left.get(f.fingerprint) ?? 0) : 0;
    const matched = n > 0;
    if (matched) left.set(f.fingerprint!, n - 1);
    const lines = at.changedLines.get(abs);
    // The first line only: a finding on a whole function or contract would otherwise return with any edit inside it.
    const touched = !!lines && lines.has(f.range.start.line + 1);
    if (!matched || touched || at.newFiles.has(abs)) fresh.push(f);
    else old.push(f);
  }
  return { fresh, old };
}
