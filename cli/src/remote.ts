/**
 * The CLI as a client of the Synor service: `synor upload` sends a project's
 * sources for analysis (CI) and waits for the result; `synor triage pull` and
 * `synor triage push` copy `.synor/triage.json` from and to the service. The
 * server comes from --server or SYNOR_SERVER, the project from --project or
 * SYNOR_PROJECT, the key from SYNOR_API_KEY only (never a command-line
 * argument, which other users of the machine can read).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseTriage, renderTriage, Project, SEVERITIES, type ReportError, type Severity } from '../../engine/src';
import { findProjectRoot } from '../../engine/src/compile/imports';
import { findUp, TRIAGE_FILE } from './baseline';
import { collectFiles } from './files';

class RemoteUsage extends Error {}

interface Remote {
  server: string;
  project: string;
  key: string;
}

function takeRemote(argv: string[]): { remote: Remote; rest: string[]; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  const valued = new Set(['--server', '--project', '--commit', '--branch', '--format', '--output', '--fail-on', '--file']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && valued.has(a.slice(0, eq))) flags.set(a.slice(0, eq), a.slice(eq + 1));
    else if (valued.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new RemoteUsage(`${a} needs a value`);
      flags.set(a, v);
    } else if (a === '--no-wait') flags.set(a, '1');
    else if (a.startsWith('-')) throw new RemoteUsage(`unknown option "${a}"`);
    else rest.push(a);
  }
  const server = flags.get('--server') ?? process.env.SYNOR_SERVER;
  const project = flags.get('--project') ?? process.env.SYNOR_PROJECT;
  const key = process.env.SYNOR_API_KEY;
  if (!server) throw new RemoteUsage('--server <url> (or SYNOR_SERVER) is required');
  if (!project) throw new RemoteUsage('--project <id> (or SYNOR_PROJECT) is required');
  if (!key) throw new RemoteUsage('SYNOR_API_KEY must hold an API key of the project');
  return { remote: { server: server.replace(/\/+$/, ''), project, key }, rest, flags };
}

async function call(r: Remote, method: string, url: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(r.server + url, { method, headers: { authorization: `Bearer ${r.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

function failure(what: string, r: { status: number; json: any; text: string }): Error {
  const e = r.json?.error;
  return new Error(`${what}: ${r.status}${e ? ` ${e.type}: ${e.message}` : ` ${r.text.slice(0, 200)}`}`);
}

function git(args: string[], cwd: string): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** `synor upload [paths…]`: the project's own sources and everything they import, as the service's file map. */
export async function uploadMain(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`Usage: synor upload [paths…] --server <url> --project <id> [--commit <sha>] [--branch <name>]
                    [--format text|json|sarif|markdown] [--output <file>] [--fail-on <severity>|none] [--no-wait]

Sends the Solidity sources (found as synor finds them) and the files they import to a
Synor service for analysis, waits for the result and reports it; exits 1 when a finding
not triaged away on the service is at or above --fail-on (default high). The key is read
from SYNOR_API_KEY. The commit and branch default to git's.
`);
    return 0;
  }
  try {
    const { remote, rest, flags } = takeRemote(argv);
    const paths = rest.length > 0 ? rest : ['.'];
    const failOn = flags.get('--fail-on') ?? 'high';
    if (failOn !== 'none' && !(SEVERITIES as string[]).includes(failOn)) throw new RemoteUsage(`unknown severity "${failOn}"`);
    const format = flags.get('--format') ?? 'text';
    if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new RemoteUsage(`unknown format "${format}"`);
    const sub = await submit(remote, paths, { commit: flags.get('--commit'), branch: flags.get('--branch') });
    if (flags.has('--no-wait')) {
      process.stdout.write(`${sub.id}\n`);
      return 0;
    }
    const a = await waitForResult(remote, sub.id);
    let out: string;
    if (format === 'json') out = JSON.stringify(a.result, null, 2) + '\n';
    else if (format === 'sarif' || format === 'markdown') {
      const r = await call(remote, 'GET', `/api/v1/analyses/${a.id}/${format}`);
      if (r.status !== 200) throw failure(`reading the ${format}`, r);
      out = r.text.endsWith('\n') ? r.text : r.text + '\n';
    } else {
      out = a.result.findings.map((f: any) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}${f.triage ? ` [triaged: ${f.triage.state}]` : ''}\n`).join('') + `${a.result.findings.length} findings (analysis ${a.id})\n`;
    }
    const output = flags.get('--output');
    if (output) fs.writeFileSync(output, out);
    else process.stdout.write(out);
    return failsOn(a.result.findings, failOn as Severity | 'none') ? 1 : 0;
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n`);
    return 2;
  }
}

/** Whether a finding not triaged away on the service is at or above `failOn`. */
function failsOn(findings: Array<{ severity: Severity; triage?: { state: string } }>, failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITIES.indexOf(failOn);
  return findings.some((f) => (!f.triage || f.triage.state === 'confirmed') && SEVERITIES.indexOf(f.severity) <= threshold);
}

/** Sends the sources found in `paths` and every file they import (or that derives from them) for analysis. */
async function submit(remote: Remote, paths: string[], o: { commit?: string; branch?: string }): Promise<{ id: string; reused: boolean }> {
  const errors: ReportError[] = [];
  const { files } = collectFiles(paths, false, errors);
  for (const e of errors) process.stderr.write(`synor: ${e.file}: ${e.message}\n`);
  if (files.length === 0) throw new RemoteUsage(`no .sol files found in ${paths.join(', ')}`);
  const root = findProjectRoot(path.resolve(files[0]));
  const project = new Project({ root });
  const abs = files.map((f) => path.resolve(f));
  project.index(abs);
  const send = new Set<string>();
  for (const f of abs) {
    send.add(f);
    for (const s of project.closureWithDerived(f)) send.add(s.path);
  }
  const map: Record<string, string> = {};
  for (const f of send) {
    const rel = path.relative(root, f).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      process.stderr.write(`synor: ${f} is outside the project root ${root}; not sent\n`);
      continue;
    }
    map[rel] = fs.readFileSync(f, 'utf8');
  }
  for (const extra of ['remappings.txt', 'foundry.toml']) if (fs.existsSync(path.join(root, extra))) map[extra] = fs.readFileSync(path.join(root, extra), 'utf8');
  const commit = o.commit ?? git(['rev-parse', 'HEAD'], root);
  const branch = o.branch ?? git(['rev-parse', '--abbrev-ref', 'HEAD'], root);
  const sub = await call(remote, 'POST', '/api/v1/contracts/analyze', { projectId: remote.project, files: map, ...(commit ? { commit } : {}), ...(branch && branch !== 'HEAD' ? { branch } : {}) });
  if (sub.status !== 202) throw failure('upload refused', sub);
  process.stderr.write(`synor: analysis ${sub.json.id} ${sub.json.reused ? 'reused a stored result' : 'queued'} (${Object.keys(map).length} files)\n`);
  return { id: sub.json.id, reused: !!sub.json.reused };
}

/** Polls an analysis until it ends; throws unless it succeeded. */
async function waitForResult(remote: Remote, id: string): Promise<any> {
  for (;;) {
    const g = await call(remote, 'GET', `/api/v1/analyses/${id}`);
    if (g.status !== 200) throw failure('reading the analysis', g);
    const a = g.json;
    if (!['queued', 'running'].includes(a.status)) {
      if (a.status !== 'succeeded') throw new Error(`analysis ${a.id} ${a.status}${a.error ? `: ${a.error}` : ''}`);
      return a;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** `--server` and `--project` of the main command, taken out of its arguments; undefined when neither is there. */
export function takeServerFlags(argv: string[]): { server?: string; project?: string; rest: string[] } | undefined {
  let server: string | undefined;
  let project: string | undefined;
  let seen = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (flag !== '--server' && flag !== '--project') {
      rest.push(a);
      continue;
    }
    seen = true;
    const v = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
    if (flag === '--server') server = v;
    else project = v;
  }
  return seen ? { server, project, rest } : undefined;
}

/**
 * Checks what `synor --server <url> --project <id>` needs before the analysis
 * runs: both flags (or SYNOR_SERVER, SYNOR_PROJECT), an http(s) server and the
 * key in SYNOR_API_KEY. Returns a message for standard error, or undefined.
 */
export function serverProblem(f: { server?: string; project?: string }): string | undefined {
  try {
    remoteOf(f);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function remoteOf(f: { server?: string; project?: string }): Remote {
  const server = f.server ?? process.env.SYNOR_SERVER;
  const project = f.project ?? process.env.SYNOR_PROJECT;
  if (!server) throw new RemoteUsage('--server <url> (or SYNOR_SERVER) needs a value');
  if (!/^https?:\/\/[^\s]+$/.test(server)) throw new RemoteUsage(`--server must be an http(s) URL (got "${server}")`);
  if (!project) throw new RemoteUsage('--project <id> (or SYNOR_PROJECT) is required with --server');
  const key = process.env.SYNOR_API_KEY;
  if (!key) throw new RemoteUsage('SYNOR_API_KEY must hold an API key of the project');
  return { server: server.replace(/\/+$/, ''), project, key };
}

/**
 * After `synor --server <url> --project <id>` analysed locally: sends the same
 * sources to the service, waits for its result, prints a summary and the link,
 * and returns the exit code of the service's result under --fail-on (findings
 * triaged away on the service do not count); 2 when the upload fails.
 */
export async function uploadAfterAnalysis(f: { server?: string; project?: string }, paths: string[], failOn: Severity | 'none'): Promise<number> {
  try {
    const remote = remoteOf(f);
    const sub = await submit(remote, paths, {});
    const a = await waitForResult(remote, sub.id);
    const findings = a.result.findings as Array<{ severity: Severity; triage?: { state: string } }>;
    const counts = SEVERITIES.map((s) => `${findings.filter((x) => x.severity === s).length} ${s}`).join(', ');
    const triaged = findings.filter((x) => x.triage && x.triage.state !== 'confirmed').length;
    process.stderr.write(`synor: the service found ${findings.length} findings (${counts}${triaged ? `; ${triaged} triaged away` : ''})\n`);
    process.stderr.write(`synor: ${remote.server}${a.links?.self ?? `/api/v1/analyses/${a.id}`}\n`);
    return failsOn(findings, failOn) ? 1 : 0;
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n`);
    return 2;
  }
}

/** `synor triage pull` / `synor triage push`: the service's triage and `.synor/triage.json`, one way or the other. */
export async function triageRemoteMain(direction: 'pull' | 'push', argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`Usage: synor triage pull|push --server <url> --project <id> [--file <triage.json>]

pull writes the service's triage of the project to .synor/triage.json (or --file);
push sets each decision of the file on the service (maintainer key). SYNOR_API_KEY holds the key.
`);
    return 0;
  }
  try {
    const { remote, flags } = takeRemote(argv);
    const file = flags.get('--file') ?? findUp('.', TRIAGE_FILE) ?? TRIAGE_FILE;
    if (direction === 'pull') {
      const r = await call(remote, 'GET', `/api/v1/projects/${remote.project}/triage`);
      if (r.status !== 200) throw failure('pull refused', r);
      const triage = parseTriage(r.text, `${remote.server} triage`);
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, renderTriage(triage));
      process.stderr.write(`synor: wrote ${Object.keys(triage.findings).length} decisions to ${file}\n`);
      return 0;
    }
    const triage = parseTriage(fs.readFileSync(file, 'utf8'), file);
    let n = 0;
    for (const [fp, e] of Object.entries(triage.findings)) {
      const r = await call(remote, 'PUT', `/api/v1/projects/${remote.project}/triage/${encodeURIComponent(fp)}`, { state: e.state, reason: e.reason || '(no reason given)', ...(e.author ? { author: e.author } : {}) });
      if (r.status !== 200) throw failure(`push of ${fp} refused`, r);
      n++;
    }
    process.stderr.write(`synor: pushed ${n} decisions from ${file}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`synor: ${(err as Error).message}\n`);
    return err instanceof RemoteUsage ? 2 : 2;
  }
}
