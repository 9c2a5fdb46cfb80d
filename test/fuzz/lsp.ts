/**
 * Mutated edit streams into the real language server over stdio: documents
 * are opened, then changed the way an editor sends it (incremental changes of
 * one span, now and then the whole text), with `\r`, `\r\n` and `\n` line
 * breaks, fast or with pauses. Afterwards every publish is checked against
 * the text of the version it was published for, and the last one of each
 * document against an in-process analysis of the final text.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyze } from '../../engine/src';
import { TestClient, waitUntil } from '../server/client';
import { lineLengths, rangeProblem, type Problem } from './check';
import { mutateOnce, type Rng } from './mutate';

export interface StreamDoc {
  uri: string;
  text: string;
}

export interface StreamResult {
  edits: number;
  publishes: number;
  problems: Problem[];
}

/** The place of each diagnostic, for comparing with an in-process analysis. */
export function summary(d: Array<{ code?: unknown; range: { start: { line: number; character: number } } }>): string[] {
  return d.map((x) => `${String(x.code)}@${x.range.start.line}:${x.range.start.character}`).sort();
}

/** The one change that turns `before` into `after`: the span between their common prefix and suffix. */
function changeOf(doc: TextDocument, after: string): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const before = doc.getText();
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  // Never split a \r\n pair: a position between them does not exist in LSP.
  while (p > 0 && before[p - 1] === '\r' && before[p] === '\n') p--;
  while (s > 0 && before[before.length - s - 1] === '\r' && before[before.length - s] === '\n') s--;
  return { range: { start: doc.positionAt(p), end: doc.positionAt(before.length - s) }, text: after.slice(p, after.length - s) };
}

/**
 * Sends `edits` mutations spread over `docs` (opened first), then waits for
 * the final version of each to be published. `pool` supplies code to splice in.
 */
export async function runEditStream(client: TestClient, rng: Rng, docs: StreamDoc[], edits: number, pool: string[], finalTimeoutMs = 60000): Promise<StreamResult> {
  const problems: Problem[] = [];
  const texts = new Map<string, Map<number, string>>();
  for (const d of docs) {
    client.open(d.uri, d.text, 1);
    texts.set(d.uri, new Map([[1, d.text]]));
  }
  for (let i = 0; i < edits; i++) {
    const d = rng.pick(docs);
    const doc = client.docs.get(d.uri)!;
    let next = mutateOnce(rng, doc.getText(), rng.pick(pool));
    // Keep documents editor-sized: a stream of pastes would otherwise grow without end.
    if (next.length > 40000) next = next.slice(0, 20000);
    const version = rng.chance(0.1) ? client.replaceAll(d.uri, next) : client.change(d.uri, [changeOf(doc, next)]);
    texts.get(d.uri)!.set(version, client.text(d.uri));
    // Mostly typing speed; now and then a short pause, or a wait until this version is published.
    if (rng.chance(0.1)) await client.diagnosticsFor(d.uri, version, finalTimeoutMs).catch(() => undefined);
    else if (rng.chance(0.3)) await new Promise((r) => setTimeout(r, rng.int(40)));
  }
  for (const d of docs) {
    const final = client.docs.get(d.uri)!.version;
    let diags: Diagnostic[] = [];
    try {
      diags = await client.diagnosticsFor(d.uri, final, finalTimeoutMs);
    } catch (err) {
      problems.push({ kind: 'exception', detail: `${d.uri}: ${(err as Error).message}` });
      continue;
    }
    const text = client.text(d.uri);
    const expected = analyze(text, { path: d.uri }).findings.map((f) => ({ code: f.ruleId, range: f.range }));
    const got = summary(diags);
    const want = summary(expected);
    if (got.join() !== want.join()) problems.push({ kind: 'exception', detail: `${d.uri} v${final}: published ${got.length} diagnostics, in-process analysis ${want.length}: only published ${got.filter((x) => !want.includes(x)).slice(0, 3).join(', ')}; only in-process ${want.filter((x) => !got.includes(x)).slice(0, 3).join(', ')}` });
  }
  let publishes = 0;
  for (const d of docs) {
    let last = -Infinity;
    for (const p of client.published(d.uri)) {
      publishes++;
      if (p.version === undefined || p.version === null) continue;
      if (p.version < last) problems.push({ kind: 'exception', detail: `${d.uri}: published version ${p.version} after ${last}` });
      last = p.version;
      const text = texts.get(d.uri)!.get(p.version);
      if (text === undefined) {
        problems.push({ kind: 'exception', detail: `${d.uri}: published for version ${p.version}, which was never sent` });
        continue;
      }
      const lines = lineLengths(text);
      for (const diag of p.diagnostics) {
        const why = rangeProblem(diag.range, lines);
        if (why) problems.push({ kind: 'range', detail: `${d.uri} v${p.version} ${String(diag.code)}: ${why}` });
      }
    }
  }
  for (const line of client.logs) if (/^\[error\]|rule failed/.test(line)) problems.push({ kind: 'rule-error', detail: line.slice(0, 300) });
  if (!client.alive) problems.push({ kind: 'exception', detail: `the server exited: ${client.stderr.slice(-500)}` });
  for (const d of docs) client.close(d.uri);
  await waitUntil(() => docs.every((d) => client.latest(d.uri)?.diagnostics.length === 0) || undefined, 'documents closed', 10000).catch(() => undefined);
  return { edits, publishes, problems };
}
