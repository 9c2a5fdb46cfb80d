/**
 * Code actions for Synor's diagnostics: each fix (preferred when safe), fix
 * all of a rule in the file, `source.fixAll.synor` (safe fixes only), disable
 * the rule for the line, show the rule's documentation.
 *
 * `source.fixAll.synor` (also applied on save) is the engine's `fixAll`: every
 * safe fix of the file computed together, applied, re-analysed and re-checked
 * where the fast tier runs, so that fixes that would not parse, or would raise
 * a new finding together, are left out (`SynorService.fixAll`).
 *
 * Fixes come from the findings recorded when the diagnostics were published
 * (a diagnostic's `data.index`); nothing is analysed again here. Actions are
 * refused when the document has moved on from the version they were computed
 * for, and every edit is a versioned TextDocumentEdit where the client allows.
 */
import {
  CodeAction,
  CodeActionKind,
  CodeActionTriggerKind,
  type CodeActionContext,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
  type ChangeAnnotation,
} from 'vscode-languageserver/node';
import { applyEdits, type Finding, type FindingGas } from '../../../engine/src';
import type { SynorService } from '../service';
import type { DiagnosticData } from '../convert';
import { gasSummary, measuredEffect, measuredWithdrawn } from '../convert';
import { array, diagnostic, integer, literal, nullable, object, optional, range, string, textDocument, uinteger, validate } from './validate';

/** The `source.fixAll` kind for Synor, so `editor.codeActionsOnSave` can ask for it alone. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.synor`;

/** Carried on an unresolved action so that `codeAction/resolve` can find its fix. */
export interface ActionData {
  uri: string;
  version: number | null;
  kind: 'fix' | 'fixRule' | 'fixAll' | 'disable';
  index?: number;
  fixIndex?: number;
  ruleId?: string;
}

export const ACTION_DATA = object<ActionData>({
  uri: string,
  version: nullable(integer),
  kind: literal('fix', 'fixRule', 'fixAll', 'disable'),
  index: optional(uinteger),
  fixIndex: optional(uinteger),
  ruleId: optional(string),
});

const CODE_ACTION_PARAMS = object<CodeActionParams>({
  textDocument,
  range,
  context: object<CodeActionContext>({ diagnostics: array(diagnostic), only: optional(array(string)), triggerKind: optional(literal(1, 2)) }),
});

/** An action as the client sends it back to be resolved: `data` is what this server put there. */
const CODE_ACTION = object<CodeAction>({ title: string, kind: optional(string), data: optional(ACTION_DATA) });

/** How long resolving an action may spend measuring a fix's gas before it gives up. */
const MEASURE_TIMEOUT_MS = 8000;

export async function onCodeAction(svc: SynorService, raw: CodeActionParams): Promise<CodeAction[]> {
  const params = validate(raw, CODE_ACTION_PARAMS, 'textDocument/codeAction');
  const uri = params.textDocument.uri;
  const doc = svc.documents.get(uri);
  const state = svc.store.get(uri);
  const published = state?.published;
  if (!doc || !published || published.version !== doc.version) return [];
  const version = doc.version;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const actions: CodeAction[] = [];
  const lazy = svc.features.codeActionResolve;

  if (wants(CodeActionKind.QuickFix)) {
    // The order is the menu's: the fixes first (the safe one preferred, so a reflex Ctrl+. Enter
    // applies it), then fix-all of a rule, then suppressing, then the documentation, whatever the
    // order of the diagnostics under the cursor.
    const fixes: CodeAction[] = [];
    const fixRules: CodeAction[] = [];
    const disables: CodeAction[] = [];
    const docs: CodeAction[] = [];
    const triages: CodeAction[] = [];
    const seenRules = new Set<string>();
    const seenDisable = new Set<string>();
    for (const d of params.context.diagnostics) {
      const f = findingOf(svc, uri, d);
      if (!f) continue;
      const index = (d.data as DiagnosticData).index;
      let preferredGiven = false;
      f.finding.fixes.forEach((fix, fixIndex) => {
        // A fix measured as a loss or as no change is withdrawn, as the CLI withdraws it; a measured
        // saving or trade-off says so in the title. Only what resolve already measured is known here.
        const gas = measuredGas(svc, uri, f.finding, index, fixIndex);
        if (measuredWithdrawn(gas)) return;
        const data: ActionData = { uri, version, kind: 'fix', index, fixIndex };
        const action = CodeAction.create(fixTitle(fix.title, fix.safety, measuredEffect(gas)), CodeActionKind.QuickFix);
        action.diagnostics = [d];
        if (fix.safety === 'safe' && !preferredGiven) {
          action.isPreferred = true;
          preferredGiven = true;
        }
        // For Synor's VS Code client an unsafe fix runs its synor.applyUnsafeFix, which asks in a
        // modal dialog that says why the fix may change behaviour, then has the server apply it
        // (synor.applyFix): VS Code opened an edit that needs confirmation in the Refactor Preview
        // with every change unticked, where Apply did nothing.
        if (fix.safety === 'unsafe' && confirmsUnsafeFixes(svc)) action.command = unsafeCommand(action.title, { ...data, ruleId: f.finding.ruleId }, fix.title, [fix.reason], f.finding.message);
        else if (lazy) action.data = data;
        else action.edit = editFor(svc, uri, version, fix.edits, fix.safety === 'unsafe' ? unsafeAnnotation(fix.title, fix.reason) : undefined);
        fixes.push(action);
      });
      const ruleId = f.finding.ruleId;
      if (!seenRules.has(ruleId)) {
        seenRules.add(ruleId);
        const fixable = published.findings.filter((x) => x.ruleId === ruleId && x.fixes.length > 0);
        if (fixable.length > 1) {
          const action = CodeAction.create(`Fix all ${ruleId} problems in this file (${fixable.length})`, CodeActionKind.QuickFix);
          action.diagnostics = [d];
          const data: ActionData = { uri, version, kind: 'fixRule', ruleId };
          const unsafe = fixable.map((x) => x.fixes[0]).filter((x) => x.safety === 'unsafe');
          if (unsafe.length > 0 && confirmsUnsafeFixes(svc)) action.command = unsafeCommand(action.title, data, `Fix all ${ruleId} problems in this file`, unsafe.map((x) => x.reason), `${unsafe.length} of the ${fixable.length} fixes may change behaviour.`);
          else if (lazy) action.data = data;
          else action.edit = resolveEdit(svc, data);
          fixRules.push(action);
        }
      }
      const disableKey = `${ruleId}@${f.finding.range.start.line}`;
      if (!seenDisable.has(disableKey) && ruleId !== 'syntax-error' && ruleId !== 'unused-suppression') {
        seenDisable.add(disableKey);
        const action = CodeAction.create(`Disable ${ruleId} for this line`, CodeActionKind.QuickFix);
        action.diagnostics = [d];
        const data: ActionData = { uri, version, kind: 'disable', index };
        if (lazy) action.data = data;
        else action.edit = resolveEdit(svc, data);
        disables.push(action);
      }
      if (f.finding.fingerprint && ruleId !== 'syntax-error' && ruleId !== 'analysis-incomplete') triages.push(...triageActions(uri, f.finding, d));
      if (!seenRules.has(`docs:${ruleId}`)) {
        seenRules.add(`docs:${ruleId}`);
        const action = CodeAction.create(`Show documentation for ${ruleId}`, { title: `Show documentation for ${ruleId}`, command: 'synor.showDocumentation', arguments: [ruleId] }, CodeActionKind.QuickFix);
        action.diagnostics = [d];
        docs.push(action);
      }
    }
    // One preferred action at most: with several diagnostics, the first safe fix.
    let preferred = false;
    for (const a of fixes) {
      if (a.isPreferred && preferred) delete a.isPreferred;
      else if (a.isPreferred) preferred = true;
    }
    actions.push(...fixes, ...fixRules, ...disables, ...triages, ...docs);
  }

  // Fix-all analyses the file again, several times: computed when asked for (by kind, on save, or a
  // request the user made), not for the light bulb's automatic requests on every cursor move.
  const automatic = params.context.triggerKind === CodeActionTriggerKind.Automatic;
  if (wants(FIX_ALL_KIND) && (only !== undefined || (!automatic && params.context.diagnostics.some((d) => d.source === 'synor')))) {
    const safe = published.findings.filter((f) => f.fixes.some((x) => x.safety === 'safe'));
    if (safe.length > 0 && lazy && only === undefined) {
      // Asked from the light bulb or Ctrl+.: the menu shows at once, and the edit is computed
      // when the action is chosen (on a large file fix-all takes a good part of a second).
      const action = CodeAction.create('Fix all safely fixable Synor problems', FIX_ALL_KIND);
      action.data = { uri, version, kind: 'fixAll' } satisfies ActionData;
      actions.push(action);
    } else if (safe.length > 0) {
      // `editor.codeActionsOnSave` applies the edit it is given; resolve would cost a round-trip on save.
      const edit = await fixAllEdit(svc, uri, version);
      if (edit) {
        const action = CodeAction.create('Fix all safely fixable Synor problems', FIX_ALL_KIND);
        action.edit = edit;
        actions.push(action);
      }
    }
  }
  return actions;
}

/** Fills in the edit of an action, and measures a gas fix's saving where the deep tier can. */
export async function onCodeActionResolve(svc: SynorService, raw: CodeAction): Promise<CodeAction> {
  const action = validate(raw, CODE_ACTION, 'codeAction/resolve');
  const data = action.data as ActionData | undefined;
  if (!data || action.edit) return action;
  const doc = svc.documents.get(data.uri);
  if (!doc || doc.version !== data.version) {
    svc.log.info('code action refused: the document changed since it was computed', { file: svc.displayPath(data.uri), version: data.version ?? 'disk', now: doc?.version });
    return action;
  }
  let annotation: ChangeAnnotation | undefined;
  if (data.kind === 'fix' && data.index !== undefined && data.fixIndex !== undefined) {
    const finding = svc.store.get(data.uri)?.published?.findings[data.index];
    const fix = finding?.fixes[data.fixIndex];
    if (finding && fix) {
      const gas = finding.category === 'gas' ? await measure(svc, data.uri, finding, data.index, data.fixIndex) : finding.gas;
      const summary = gasSummary(gas);
      // Measured only now: the title gains the effect, and a fix measured as a loss asks to be confirmed
      // (the next request for actions withdraws it).
      const effect = measuredEffect(gas);
      if (effect) action.title = fixTitle(fix.title, fix.safety, effect);
      const loss = measuredWithdrawn(gas);
      if (fix.safety === 'unsafe' || summary) {
        annotation = { label: fix.title, needsConfirmation: fix.safety === 'unsafe' || loss, description: [fix.safety === 'unsafe' ? `may change behaviour: ${fix.reason ?? 'review it'}` : undefined, summary].filter(Boolean).join('; ') };
      }
    }
  }
  if (data.kind === 'fixAll') {
    const edit = await fixAllEdit(svc, data.uri, data.version);
    if (edit) action.edit = edit;
    return action;
  }
  // The version check above and the versioned edit below both guard against applying to newer text.
  if (svc.documents.get(data.uri)?.version !== data.version) return action;
  const edit = resolveEdit(svc, data, annotation);
  if (edit) action.edit = edit;
  return action;
}

/**
 * What was measured for one fix of this text, if it has been: ahead of time by
 * the deep tier (after a save or idle, deepTier.ts's FixPremeasurer), or when
 * a quick fix was resolved. Found by the text's hash and the fix's id, so an
 * edit makes it unknown until the fix is measured again.
 */
export function measuredGas(svc: SynorService, uri: string, finding: Finding, index: number, fixIndex: number): FindingGas | undefined {
  const state = svc.store.get(uri);
  const doc = svc.documents.get(uri);
  const file = state?.path;
  const cached = file && doc ? svc.deepEngine?.measuredFix?.(file, doc.getText(), finding, fixIndex) : undefined;
  if (cached) return cached;
  const known = state?.fast ? (state.measured.get(`${state.fast.hash}|${index}|${fixIndex}`) as FindingGas | undefined) : undefined;
  return known ?? (fixIndex === 0 && finding.gas?.verdict ? finding.gas : undefined);
}

/** Measured gas for one fix, cached per text; undefined when the deep tier cannot tell. */
async function measure(svc: SynorService, uri: string, finding: Finding, index: number, fixIndex: number): Promise<FindingGas | undefined> {
  const state = svc.store.get(uri);
  const deep = svc.deepEngine;
  if (!state?.fast) return finding.gas;
  const key = `${state.fast.hash}|${index}|${fixIndex}`;
  const known = measuredGas(svc, uri, finding, index, fixIndex);
  if (known?.measured || known?.unmeasured) return known;
  if (!deep) return finding.gas;
  const controller = new AbortController();
  const req = await svc.deepRequest(uri, controller.signal);
  if (!req) return finding.gas;
  const timer = setTimeout(() => controller.abort(), MEASURE_TIMEOUT_MS);
  try {
    const t0 = performance.now();
    const gas = await Promise.race([
      deep.measureFix(req, finding, fixIndex),
      new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('timed out')))),
    ]);
    svc.log.debug('measured fix', { file: svc.displayPath(uri), rule: finding.ruleId, ms: performance.now() - t0, measured: !!gas.measured });
    state.measured.set(key, gas);
    finding.gas = { ...finding.gas, ...gas };
    return gas;
  } catch (err) {
    svc.log.warn('could not measure fix', { file: svc.displayPath(uri), rule: finding.ruleId, error: (err as Error).message });
    return finding.gas;
  } finally {
    clearTimeout(timer);
  }
}

/** The edit of an action, computed from the recorded findings of its version. */
export function resolveEdit(svc: SynorService, data: ActionData, annotation?: ChangeAnnotation | null): WorkspaceEdit | undefined {
  const state = svc.store.get(data.uri);
  const doc = svc.documents.get(data.uri);
  const published = state?.published;
  if (!doc || !published || published.version !== data.version || doc.version !== data.version) return undefined;
  switch (data.kind) {
    case 'fix': {
      const fix = published.findings[data.index ?? -1]?.fixes[data.fixIndex ?? -1];
      // `null`: confirmed by the user already (synor.applyFix), so no annotation asks again.
      return fix ? editFor(svc, data.uri, data.version, fix.edits, annotation === null ? undefined : (annotation ?? (fix.safety === 'unsafe' ? unsafeAnnotation(fix.title, fix.reason) : undefined))) : undefined;
    }
    case 'fixRule': {
      const fixes = published.findings.filter((f) => f.ruleId === data.ruleId && f.fixes.length > 0).map((f) => f.fixes[0]);
      const unsafe = fixes.some((f) => f.safety === 'unsafe');
      return editFor(svc, data.uri, data.version, nonOverlapping(doc.getText(), fixes.flatMap((f) => f.edits)), unsafe && annotation !== null ? unsafeAnnotation(`Fix all ${data.ruleId}`) : undefined);
    }
    case 'fixAll':
      // Computed together and re-checked by the engine, asynchronously: see fixAllEdit.
      return undefined;
    case 'disable': {
      const f = published.findings[data.index ?? -1];
      return f ? editFor(svc, data.uri, data.version, [disableEdit(doc.getText(), f)]) : undefined;
    }
  }
}

/**
 * The edit of "fix all safely fixable problems" (of one rule, with `rules`) for
 * this version: the engine's safe fixes, computed together and re-checked.
 * Undefined when nothing can be fixed safely or the document moved on.
 */
export async function fixAllEdit(svc: SynorService, uri: string, version: number | null, rules?: string[]): Promise<WorkspaceEdit | undefined> {
  if (version === null) return undefined;
  const fix = await svc.fixAll(uri, version, rules ? { rules } : {});
  if (!fix || fix.edits.length === 0 || svc.documents.get(uri)?.version !== version) return undefined;
  return editFor(svc, uri, version, fix.edits);
}

/** Leaves out edits that overlap an earlier one (as applyEdits would skip them), so the client never rejects the whole edit. */
function nonOverlapping(text: string, edits: TextEdit[]): TextEdit[] {
  const { skipped } = applyEdits(text, edits);
  if (skipped.length === 0) return edits;
  const skip = new Set(skipped);
  return edits.filter((e) => !skip.has(e));
}

/** Inserts `// synor-disable-next-line <id>` above the finding's line, or adds the id to such a comment already there. */
export function disableEdit(text: string, f: Finding): TextEdit {
  const lines = text.split(/\r?\n/);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = f.range.start.line;
  const current = lines[line] ?? '';
  const indent = /^[ \t]*/.exec(current)![0];
  const above = line > 0 ? lines[line - 1] : undefined;
  const m = above !== undefined ? /^([ \t]*\/\/\s*synor-disable-next-line\s+)([^\n]*?)\s*$/.exec(above) : null;
  if (m && !m[2].includes('--')) {
    const ids = m[2].split(/[\s,]+/).filter(Boolean);
    if (!ids.includes(f.ruleId)) {
      return { range: { start: { line: line - 1, character: above!.length }, end: { line: line - 1, character: above!.length } }, newText: `, ${f.ruleId}` };
    }
  }
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// synor-disable-next-line ${f.ruleId}${eol}` };
}

function editFor(svc: SynorService, uri: string, version: number | null, edits: TextEdit[], annotation?: ChangeAnnotation): WorkspaceEdit {
  if (svc.features.documentChanges && version !== null) {
    const useAnnotation = annotation && svc.features.changeAnnotations;
    const id = 'synor-fix';
    return {
      documentChanges: [{ textDocument: { uri, version }, edits: useAnnotation ? edits.map((e) => ({ ...e, annotationId: id })) : edits }],
      ...(useAnnotation ? { changeAnnotations: { [id]: annotation! } } : {}),
    };
  }
  return { changes: { [uri]: edits } };
}

const unsafeConfirmers = new WeakSet<SynorService>();

/**
 * Whether the client asks the user itself before an unsafe fix (initialization option
 * `confirmUnsafeFixes`, sent by Synor's VS Code client). Such a client gets a command
 * (`synor.applyUnsafeFix`) instead of an edit; other clients get the edit with a change
 * annotation that needs confirmation, LSP's own way to ask.
 */
export function setConfirmsUnsafeFixes(svc: SynorService, on: boolean): void {
  if (on) unsafeConfirmers.add(svc);
  else unsafeConfirmers.delete(svc);
}

function confirmsUnsafeFixes(svc: SynorService): boolean {
  return unsafeConfirmers.has(svc);
}

/** The argument of the client's `synor.applyUnsafeFix`: what to apply, and what to tell the user first. */
export interface UnsafeFixArgs extends ActionData {
  title: string;
  /** Why the fix may change behaviour, as the rules say it (empty when a rule gives no reason). */
  reasons: string[];
  /** What was found, so that the dialog can say what the fix is for. */
  finding: string;
}

function unsafeCommand(title: string, data: ActionData, fixTitle: string, reasons: Array<string | undefined>, finding: string): { title: string; command: string; arguments: [UnsafeFixArgs] } {
  const said = [...new Set(reasons.map((r) => r?.trim()).filter((r): r is string => !!r))];
  return { title, command: 'synor.applyUnsafeFix', arguments: [{ ...data, title: fixTitle, reasons: said, finding }] };
}

/**
 * `synor.applyFix`: applies one fix (`kind: 'fix'`) or the first fix of every finding of a rule
 * (`kind: 'fixRule'`) of the published findings of `version`, safe or not (the client confirmed
 * an unsafe one), through workspace/applyEdit as one versioned edit.
 */
export async function applyFix(svc: SynorService, data: ActionData): Promise<{ applied: boolean; reason?: string }> {
  const doc = svc.documents.get(data.uri);
  if (!doc) return { applied: false, reason: 'the document is not open' };
  if (doc.version !== data.version) return { applied: false, reason: `the document changed (version ${doc.version}, the fix is for ${data.version ?? 'the file on disk'})` };
  if (data.kind !== 'fix' && data.kind !== 'fixRule') return { applied: false, reason: `not a fix: ${data.kind}` };
  const edit = resolveEdit(svc, data, null);
  if (!edit) return { applied: false, reason: 'the fix is no longer offered for this text' };
  const r = await svc.connection.workspace.applyEdit({ label: data.kind === 'fix' ? 'Synor: apply fix' : `Synor: fix all ${data.ruleId}`, edit });
  svc.log.info('fix applied on request', { file: svc.displayPath(data.uri), version: data.version ?? 'disk', kind: data.kind, rule: data.ruleId ?? '', applied: r.applied });
  return r.applied ? { applied: true } : { applied: false, reason: r.failureReason ?? 'the client did not apply the edit' };
}

function unsafeAnnotation(title: string, reason?: string): ChangeAnnotation {
  return { label: title, needsConfirmation: true, description: `may change behaviour: ${reason ?? 'review it'}` };
}

function fixTitle(title: string, safety: 'safe' | 'unsafe', effect?: string): string {
  const t = effect ? `${title} — ${effect}` : title;
  return safety === 'unsafe' ? `${t} (review: may change behaviour)` : t;
}

function findingOf(svc: SynorService, uri: string, d: Diagnostic): { finding: Finding } | undefined {
  if (d.source !== 'synor') return undefined;
  const data = d.data as DiagnosticData | undefined;
  const published = svc.store.get(uri)?.published;
  if (!data || typeof data.index !== 'number' || !published || data.version !== published.version) return undefined;
  const finding = published.findings[data.index];
  return finding && finding.ruleId === d.code ? { finding } : undefined;
}

/**
 * "Mark as false positive…" and "Accept risk…": the client's `synor.triageFinding`
 * asks for a reason, then `synor.triage` writes `.synor/triage.json` (server/src/triage.ts).
 */
function triageActions(uri: string, f: Finding, d: Diagnostic): CodeAction[] {
  const make = (title: string, state: 'false-positive' | 'accepted-risk') => {
    const arg = { uri, fingerprint: f.fingerprint, state, ruleId: f.ruleId, message: f.message };
    const action = CodeAction.create(title, { title, command: 'synor.triageFinding', arguments: [arg] }, CodeActionKind.QuickFix);
    action.diagnostics = [d];
    return action;
  };
  return [make(`Mark ${f.ruleId} as false positive…`, 'false-positive'), make(`Accept risk of ${f.ruleId}…`, 'accepted-risk')];
}
