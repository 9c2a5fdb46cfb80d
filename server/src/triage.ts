/**
 * Triage decisions in the editor: the nearest `.synor/triage.json` above a
 * document decides which of its findings are not published (every state but
 * `confirmed`, as in the CLI), and the "Mark as false positive…" / "Accept
 * risk…" code actions write to it through `synor.triage`. The file is read
 * again when its modification time changes; a file that cannot be read hides
 * nothing (the problem is logged once per change). With the team's triage from the Synor
 * service (team.ts), its decisions apply too, merged with the file's (`mergeDecisions`: the
 * newer decision wins, the team's on a tie), and a decision recorded here is handed to it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { applyTriage, emptyTriage, parseTriage, renderTriage, type Finding, type TriageFile, type TriageState } from '../../engine/src';
import { findFileUp } from '../../engine/src/project/find-up';
import { mergeDecisions, type SourcedEntry, type TeamTriage } from './team';

const TRIAGE_FILE = path.join('.synor', 'triage.json');

interface Cached {
  mtimeMs: number;
  triage?: TriageFile;
}

export class TriageFiles {
  private readonly cache = new Map<string, Cached>();
  private author?: string;
  /** The team's triage from the Synor service, when `synor.server` is set. */
  team: TeamTriage | undefined;
  private readonly merged = new Map<string, { local: TriageFile | undefined; generation: number; triage: TriageFile }>();

  constructor(private readonly log: (message: string) => void) {}

  /** The decisions that apply to a file on disk: its triage file's, merged with the team's. */
  private effective(file: string | undefined): TriageFile | undefined {
    const at = file ? this.fileFor(file) : undefined;
    const local = at ? this.read(at) : undefined;
    const team = this.team?.decisions();
    if (!team || team.size === 0) return local;
    const key = at ?? '';
    const hit = this.merged.get(key);
    if (hit && hit.local === local && hit.generation === this.team!.generation) return hit.triage;
    const triage: TriageFile = { ...emptyTriage(), findings: mergeDecisions(local?.findings ?? {}, team) };
    this.merged.set(key, { local, generation: this.team!.generation, triage });
    return triage;
  }

  /** The triage file that applies to a file on disk: the nearest `.synor/triage.json` above it. */
  fileFor(file: string): string | undefined {
    return findFileUp(path.dirname(path.resolve(file)), TRIAGE_FILE);
  }

  private read(file: string): TriageFile | undefined {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.triage;
    let triage: TriageFile | undefined;
    try {
      triage = parseTriage(fs.readFileSync(file, 'utf8'), file);
    } catch (err) {
      this.log(`triage file not used: ${(err as Error).message}`);
    }
    this.cache.set(file, { mtimeMs, triage });
    return triage;
  }

  /** The findings of a file on disk that are not triaged away; all of them when no triage file applies. */
  visible(file: string | undefined, findings: Finding[]): Finding[] {
    if (!file && !this.team?.enabled) return findings;
    const triage = this.effective(file);
    return triage ? applyTriage(findings, triage).shown : findings;
  }

  /**
   * Every finding of a file, with the decision on those triaged away (`triage`), for a
   * display that shows them faded rather than not at all.
   */
  annotated(file: string | undefined, findings: Finding[]): Finding[] {
    const triage = this.effective(file);
    if (!triage) return findings;
    const { hidden } = applyTriage(findings, triage);
    const set = new Set(hidden);
    return findings.map((f) => {
      if (!set.has(f) || !f.fingerprint) return f;
      const e = triage.findings[f.fingerprint] as Partial<SourcedEntry> & TriageFile['findings'][string];
      // `source`: the findings view says whether the team or the local file decided.
      const decision: NonNullable<Finding['triage']> & { source: 'local' | 'team' } = { state: e.state, reason: e.reason, ...(e.author ? { author: e.author } : {}), ...(e.date ? { date: e.date } : {}), source: e.source ?? 'local' };
      return { ...f, triage: decision };
    });
  }

  /**
   * Records a decision for a finding of `file`: in the nearest triage file, or
   * a new `.synor/triage.json` in `root` (the workspace folder). Returns the file written.
   */
  record(file: string, root: string | undefined, finding: Pick<Finding, 'fingerprint' | 'ruleId' | 'message'>, state: TriageState, reason: string): string {
    if (!finding.fingerprint) throw new Error('this finding has no fingerprint');
    const target = this.fileFor(file) ?? path.join(root ?? path.dirname(path.resolve(file)), TRIAGE_FILE);
    const triage = fs.existsSync(target) ? parseTriage(fs.readFileSync(target, 'utf8'), target) : emptyTriage();
    const rel = path.relative(path.dirname(path.dirname(target)), path.resolve(file)).split(path.sep).join('/');
    // With the team's triage on, the date and the time: a decision is compared with the team's by when it was made (team.ts).
    const now = new Date().toISOString();
    const entry = { state, reason, author: this.authorName(), date: this.team?.enabled ? now : now.slice(0, 10), rule: finding.ruleId, file: rel, message: finding.message };
    triage.findings[finding.fingerprint] = entry;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderTriage(triage));
    this.cache.delete(target);
    this.team?.recorded(finding.fingerprint, entry);
    return target;
  }

  private authorName(): string {
    if (this.author === undefined) {
      const r = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8', timeout: 2000 });
      this.author = (r.status === 0 ? r.stdout.trim() : '') || process.env.USER || process.env.USERNAME || 'unknown';
    }
    return this.author;
  }
}
