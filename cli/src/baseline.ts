/**
 * Which findings a run reports: triaged findings (`.synor/triage.json`) are
 * hidden unless confirmed, a baseline (`--baseline`) leaves only the findings
 * not in it, and `--diff=<ref>` only those new since a git ref. Exit codes
 * follow what is reported. `synor baseline` writes `.synor/baseline.json`.
 * The files' formats are engine/src/triage; docs/baseline.md explains them.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  applyTriage,
  assignFingerprints,
  parse,
  makeBaseline,
  matchBaseline,
  parseBaseline,
  parseTriage,
  renderBaseline,
  type AnalysisResult,
  type Finding,
  type SynorConfig,
  type TriageFile,
} from '../../engine/src';
import { findFileUp } from '../../engine/src/project/find-up';
import { isDir } from '../../engine/src/project/sources';
import { findingsAtRef, newSince } from './gitdiff';

export const BASELINE_FILE = '.synor/baseline.json';
export const TRIAGE_FILE = '.synor/triage.json';

export interface GateOptions {
  /** Path of a baseline file. */
  baseline?: string;
  /** Path of a triage file; by default the nearest `.synor/triage.json` above the first path. */
  triage?: string;
  showTriaged: boolean;
  /** A git ref: report only the findings new since it. */
  since?: string;
  paths: string[];
  /** The texts analysed, by the paths in findings: findings added after the analysis (the compiler's) get their fingerprints from them. */
  sources?: ReadonlyMap<string, string>;
}

/** Gives a fingerprint to findings that have none yet (those the compiler reported with --measure). */
function fillFingerprints(results: readonly AnalysisResult[], sources: ReadonlyMap<string, string> | undefined): void {
  for (const r of results) {
    const text = sources?.get(r.file);
    if (text !== undefined && r.findings.some((f) => !f.fingerprint)) assignFingerprints(r.findings, parse(text), { onlyMissing: true });
  }
}

/** The nearest `<dir>/<rel>` from `start` (a folder, or a file whose folder is meant) upwards, or undefined. */
export function findUp(start: string, rel: string): string | undefined {
  const abs = path.resolve(start);
  return findFileUp(isDir(abs) ? abs : path.dirname(abs), rel);
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function loadTriage(o: Pick<GateOptions, 'triage' | 'paths'>): { file?: string; triage?: TriageFile } {
  const file = o.triage ?? findUp(o.paths[0] ?? '.', TRIAGE_FILE);
  if (!file) return {};
  return { file, triage: parseTriage(readText(file), file) };
}

/**
 * Filters each result's findings in place (triage, baseline, diff, in that
 * order) and returns the lines that say what was left out, for standard error.
 * Throws with a message for the user when a file or the git ref is unusable.
 */
export function gateFindings(results: AnalysisResult[], config: SynorConfig, o: GateOptions): string[] {
  const notes: string[] = [];
  fillFingerprints(results, o.sources);
  const { file: triageFile, triage } = loadTriage(o);
  if (triage) {
    let hidden = 0;
    for (const r of results) {
      const split = applyTriage(r.findings, triage);
      hidden += split.hidden.length;
      if (o.showTriaged) {
        for (const f of r.findings) {
          const e = f.fingerprint ? triage.findings[f.fingerprint] : undefined;
          if (e) f.triage = { state: e.state, reason: e.reason, author: e.author, date: e.date };
        }
      } else r.findings = split.shown;
    }
    if (hidden > 0) notes.push(o.showTriaged ? `${hidden} triaged finding${hidden === 1 ? '' : 's'} shown (${path.relative(process.cwd(), triageFile!) || triageFile})` : `${hidden} triaged finding${hidden === 1 ? '' : 's'} hidden (${path.relative(process.cwd(), triageFile!) || triageFile}; --show-triaged shows them)`);
  }
  if (o.baseline) {
    const baseline = parseBaseline(readText(o.baseline), o.baseline);
    const all = results.flatMap((r) => r.findings);
    const m = matchBaseline(all, baseline);
    const fresh = new Set<Finding>(m.fresh);
    for (const r of results) r.findings = r.findings.filter((f) => fresh.has(f));
    notes.push(`baseline ${o.baseline}: ${m.fresh.length} new finding${m.fresh.length === 1 ? '' : 's'}, ${m.matched.length} in the baseline not reported, ${m.unmatched.length} baseline entr${m.unmatched.length === 1 ? 'y' : 'ies'} no longer found (fixed)`);
  }
  if (o.since !== undefined) {
    const files = results.map((r) => r.file);
    const at = findingsAtRef(o.since, files, config);
    const all = results.flatMap((r) => r.findings);
    const split = newSince(all, at);
    const fresh = new Set<Finding>(split.fresh);
    for (const r of results) r.findings = r.findings.filter((f) => fresh.has(f));
    notes.push(`${split.fresh.length} finding${split.fresh.length === 1 ? '' : 's'} new since ${o.since}, ${split.old.length} already there not reported`);
  }
  return notes;
}

/** Writes the baseline of these results to `out` (the folder made as needed) and says what it wrote. */
export function writeBaseline(results: readonly AnalysisResult[], sources: ReadonlyMap<string, string>, out: string): string {
  fillFingerprints(results, sources);
  const base = path.dirname(path.dirname(path.resolve(out)));
  // Files are named relative to the folder holding `.synor/`, with `/`, so the file is the same on every machine.
  const name = (file: string) => path.relative(path.basename(path.dirname(path.resolve(out))) === '.synor' ? base : process.cwd(), path.resolve(file)).split(path.sep).join('/');
  const b = makeBaseline(
    results.flatMap((r) => r.findings),
    sources,
    name,
  );
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, renderBaseline(b));
  return `wrote ${b.findings.length} finding${b.findings.length === 1 ? '' : 's'} to ${out}`;
}
