/**
 * `synor triage`: records decisions in `.synor/triage.json`.
 *   synor triage <fingerprint…> --state <s> --reason <text> [--author <name>]
 *   synor triage --from-suppressions [paths…] [--author <name>]
 * The second form turns what inline `synor-disable…` comments suppress into
 * `wont-fix` entries (the comments stay and keep working; remove them when
 * the triage file is committed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { emptyTriage, parseTriage, renderTriage, TRIAGE_STATES, type ReportError, type SynorConfig, type TriageState } from '../../engine/src';
import { suppressedFindings } from '../../engine/src/triage/suppressions';
import { Project } from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';
import { collectFiles } from './files';
import { findUp, TRIAGE_FILE } from './baseline';

const HELP = `Usage: synor triage <fingerprint…> --state <state> --reason <text> [--author <name>] [--triage <file>]
       synor triage --from-suppressions [paths…] [--author <name>] [--triage <file>]

Records a decision on findings, by fingerprint (see --format json), in
.synor/triage.json (the nearest one above the current folder, else a new one
here). States: ${TRIAGE_STATES.join(', ')}. Findings triaged other than
confirmed are no longer reported by synor nor counted for --fail-on.
--from-suppressions adds a wont-fix entry for every finding an inline
synor-disable comment suppresses (its reason is the text after -- in the comment).
`;

function defaultAuthor(): string {
  const r = spawnSync('git', ['config', 'user.name'], { encoding: 'utf8' });
  const name = r.status === 0 ? r.stdout.trim() : '';
  return name || process.env.USER || process.env.USERNAME || 'unknown';
}

export function triageMain(argv: string[], loadConfig: (file: string | undefined, first: string) => { config: SynorConfig }): number {
  const fps: string[] = [];
  let state: string | undefined;
  let reason: string | undefined;
  let author: string | undefined;
  let file: string | undefined;
  let fromSuppressions = false;
  let configFile: string | undefined;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      const value = () => {
        const v = argv[++i];
        if (v === undefined) throw new Error(`${a} needs a value`);
        return v;
      };
      if (a === '-h' || a === '--help') {
        process.stdout.write(HELP);
        return 0;
      } else if (a === '--state') state = value();
      else if (a === '--reason') reason = value();
      else if (a === '--author') author = value();
      else if (a === '--triage') file = value();
      else if (a === '--config') configFile = value();
      else if (a === '--from-suppressions') fromSuppressions = true;
      else if (a.startsWith('-')) throw new Error(`unknown option "${a}"`);
      else fps.push(a);
    }
    if (!fromSuppressions) {
      if (fps.length === 0) throw new Error('name at least one fingerprint');
      if (!state || !TRIAGE_STATES.includes(state as TriageState)) throw new Error(`--state must be one of ${TRIAGE_STATES.join(', ')}`);
      if (!reason) throw new Error('--reason is required');
    }
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const target = file ?? findUp('.', TRIAGE_FILE) ?? TRIAGE_FILE;
  let triage = emptyTriage();
  try {
    if (fs.existsSync(target)) triage = parseTriage(fs.readFileSync(target, 'utf8'), target);
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n`);
    return 2;
  }
  const who = author ?? defaultAuthor();
  const date = new Date().toISOString().slice(0, 10);
  let added = 0;
  if (!fromSuppressions) {
    for (const fp of fps) {
      triage.findings[fp] = { ...(triage.findings[fp] ?? {}), state: state as TriageState, reason: reason!, author: who, date };
      added++;
    }
  } else {
    const paths = fps.length > 0 ? fps : ['.'];
    let config: SynorConfig;
    try {
      config = loadConfig(configFile, paths[0]).config;
    } catch (err) {
      process.stderr.write(`synor: ${(err as Error).message}\n`);
      return 2;
    }
    const errors: ReportError[] = [];
    const { files } = collectFiles(paths, false, errors);
    const projects = new Map<string, Project>();
    const projectFor = (f: string) => {
      const root = findProjectRoot(f);
      let p = projects.get(root);
      if (!p) projects.set(root, (p = new Project({ root, remappings: config.compiler.remappings })));
      return p;
    };
    for (const f of files) {
      try {
        projectFor(f).index([f]);
      } catch {
        // Reported below when it cannot be read.
      }
    }
    for (const f of files) {
      let text: string;
      try {
        text = fs.readFileSync(f, 'utf8');
      } catch (err) {
        errors.push({ file: f, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        continue;
      }
      const name = path.relative(path.dirname(path.dirname(path.resolve(target))), path.resolve(f)).split(path.sep).join('/');
      for (const s of suppressedFindings(text, { path: f, config, project: projectFor(f) })) {
        const fp = s.finding.fingerprint;
        if (!fp || triage.findings[fp]) continue;
        const where = s.commentLine !== undefined ? ` (${name}:${s.commentLine + 1})` : '';
        triage.findings[fp] = { state: 'wont-fix', reason: s.reason ?? `suppressed by an inline synor-disable comment${where}`, author: who, date, rule: s.finding.ruleId, file: name, message: s.finding.message };
        added++;
      }
    }
    for (const e of errors) process.stderr.write(`synor: ${e.file}: ${e.message}\n`);
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    fs.writeFileSync(target, renderTriage(triage));
  } catch (err) {
    process.stderr.write(`synor: cannot write ${target}: ${(err as Error).message}\n`);
    return 2;
  }
  process.stderr.write(`synor: ${added} triage entr${added === 1 ? 'y' : 'ies'} written to ${target}\n`);
  return 0;
}
