/**
 * Re-analysis cheaper than a full re-parse. The parser is the floor of the
 * fast tier's cost (about 90% of it on large files), and most keystrokes
 * change one function or one comment. Given the previous parse and the new
 * text, this reuses the previous tree: an edit inside a comment, or of the
 * whitespace between two tokens, needs no parse at all, and an edit inside one
 * function or modifier re-parses just that member and splices it into the
 * tree. Positions after the edit are shifted.
 *
 * The previous parse is never changed: parses are shared (the engine's
 * project index caches them by content hash, an undo goes back to an earlier
 * text), so the new tree copies only the nodes whose positions move (those
 * at or after the edit) and the path down to a re-parsed member, and shares
 * every node before the edit with the old tree.
 *
 * Half-typed code is re-parsed the same way when every syntax error, old and
 * new, lies inside the edited member's body: recovery there depends only on
 * the member's own tokens, and tests check the result against a full parse
 * keystroke by keystroke. Otherwise (errors elsewhere, an edit not confined
 * to one member or comment, a member whose extent changed) it returns
 * undefined and the caller parses the whole file.
 *
 * A comment or whitespace edit leaves the tokens as they were, so the
 * previous findings stay true once moved with the text, unless a rule reads
 * what was edited: `triviaKeepsFindings` says when they may be moved.
 */
import { parse, isNode, forEachChild, forgetIndex, replacedInPlace, LineIndex, type Checkpoint, type Finding, type ParsedFile, type Range } from '../../engine/src';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { acceptedWhole, type RawComment } from '../../engine/src/parse/antlr';
import { shiftTree } from '../../engine/src/parse/recover';
import { parseDirectives } from '../../engine/src/config/suppress';

type Node = { type: string; range?: [number, number]; loc?: { start: { line: number; column: number }; end: { line: number; column: number } }; [k: string]: unknown };

/** How the new parse was obtained, for the log and the benchmark. */
export type ReparseKind = 'comment' | 'whitespace' | 'member' | 'members';

/** An edit, as the old text's span [start, oldEnd) replaced by the new text's [start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
  delta: number;
}

/** A comment-only or whitespace-only edit: the tokens, and so the tree, are unchanged but for positions. */
export interface TriviaEdit {
  kind: 'comment' | 'whitespace';
  change: TextChange;
  /** The new text of the edited span. */
  inserted: string;
  /** The whitespace between the two tokens, in the old text (a whitespace edit). */
  run?: [number, number];
  /** The edited comment before and after (a comment edit). */
  comment?: { before: RawComment; after: RawComment };
}

export interface Reparsed {
  parsed: ParsedFile;
  kind: ReparseKind;
  /** Set when only trivia changed. */
  trivia?: TriviaEdit;
  /**
   * Asked to be lazy (`ReparseOptions.lazy`) about a trivia edit: the tree's
   * positions are still those before these edits, and `settle` moves them.
   */
  pending?: TextChange[];
  /** For an edit inside one function or modifier (`member`): its fresh node in the new tree. */
  member?: ASTNode;
}

export interface ReparseOptions {
  /** Stops the parse of an edited member (it throws `AnalysisStopped`). */
  check?: Checkpoint;
  /** Trivia edits `prev`'s tree has not been moved through yet (a lazy result's `pending`). */
  pending?: readonly TextChange[];
  /**
   * For a trivia edit, leave the tree where it is and return the edits it
   * lags behind (`pending`): a caller that moves the previous findings needs
   * no tree, and moving every node after an edit near the top of a
   * 10,000-line file costs more than the rest of the keystroke.
   */
  lazy?: boolean;
  /**
   * The caller gives `prev` up: an edit inside a member moves the rest of
   * `prev`'s tree and puts the new member into it in place, instead of
   * copying every node after the edit. Every node outside the member keeps
   * its identity; `prev` must not be used again (its text is the old one).
   */
  inPlace?: boolean;
}

/**
 * The stand-in contract a member is re-parsed in. It bears the real contract's name: the AST
 * builder makes a function named like the contract around it a constructor (pre-0.5 code).
 */
const wrapperHead = (contract: string | undefined): string => `contract ${contract || '__synor_splice__'} {\n`;

/** The span where two texts differ, found from their common prefix and suffix. */
export function diffText(old: string, text: string): TextChange {
  const max = Math.min(old.length, text.length);
  // Whole blocks first (a native comparison), then characters: a keystroke in a 10,000-line file compares 400 KB.
  const BLOCK = 256;
  let p = 0;
  while (p + BLOCK <= max && old.slice(p, p + BLOCK) === text.slice(p, p + BLOCK)) p += BLOCK;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s + BLOCK <= max - p && old.slice(old.length - s - BLOCK, old.length - s) === text.slice(text.length - s - BLOCK, text.length - s)) s += BLOCK;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  return { start: p, oldEnd: old.length - s, newEnd: text.length - s, delta: text.length - old.length };
}

/** Solidity's whitespace: space, tab, line feed, carriage return, form feed. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12;
}

function allSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Parses `text` by reusing `prev` where an edit allows; undefined means "parse it all".
 * `prev` is left as it was.
 */
export function reparse(prev: ParsedFile, text: string, options: ReparseOptions = {}): Reparsed | undefined {
  // Statements left out for their depth have ranges this code does not move: parse it all.
  if (prev.omitted) return undefined;
  const { check, lazy } = options;
  const pending = options.pending ?? [];
  const old = prev.text;
  const change = diffText(old, text);
  const { start: p, oldEnd, newEnd, delta } = change;
  // A trivia edit's tree: moved now, or left behind with the edits it lags.
  const trivia = (parsed: Omit<ParsedFile, 'ast'>, kind: 'comment' | 'whitespace', edit: TriviaEdit): Reparsed => {
    const moves = [...pending, change];
    if (lazy) return { parsed: { ...parsed, ast: prev.ast }, kind, trivia: edit, pending: moves };
    if (options.inPlace) {
      // Every node keeps its identity (and the tree its index): positions move where they are.
      for (const m of moves) shiftInPlace(prev.ast as unknown as Node, m, () => false, parsed.lines);
      return { parsed: { ...parsed, ast: prev.ast }, kind, trivia: edit };
    }
    return { parsed: { ...parsed, ast: remapped(prev.ast as unknown as Node, moves, parsed.lines) as unknown as ParsedFile['ast'] }, kind, trivia: edit };
  };
  if (p === old.length && delta === 0) return trivia({ ...prev, text }, 'comment', { kind: 'comment', change, inserted: '' });

  const inserted = text.slice(p, newEnd);
  // 1. An edit inside one comment that leaves it the same kind of comment.
  const comment = prev.errors.length > 0 ? undefined : prev.comments.find((c) => c.start + 2 <= p && oldEnd <= (c.kind === 'block' ? c.end - 2 : c.end));
  if (comment) {
    const ok = comment.kind === 'line' ? !/[\r\n]/.test(inserted) : !text.slice(comment.start + 2, comment.end + delta - 2).includes('*/');
    if (ok) {
      const lines = new LineIndex(text);
      let after = comment;
      const comments = prev.comments.map((c) => {
        if (c === comment) {
          const end = c.end + delta;
          return (after = { ...c, end, value: text.slice(c.start + 2, c.kind === 'block' ? end - 2 : end) });
        }
        return c.start >= oldEnd ? { ...c, start: c.start + delta, end: c.end + delta } : c;
      });
      return trivia({ ...prev, text, lines, comments }, 'comment', { kind: 'comment', change, inserted, comment: { before: comment, after } });
    }
  }

  // 2. Whitespace between two tokens, changed to other whitespace between the same tokens.
  const run = prev.errors.length === 0 ? whitespaceBetweenTokens(prev, text, change, pending) : undefined;
  if (run) {
    const lines = new LineIndex(text);
    const comments = prev.comments.map((c) => (c.start >= oldEnd ? { ...c, start: c.start + delta, end: c.end + delta } : c));
    return trivia({ ...prev, text, lines, comments }, 'whitespace', { kind: 'whitespace', change, inserted, run });
  }

  // 3. An edit inside the body of one function or modifier of a top-level contract.
  const prevAst = remapped(prev.ast as unknown as Node, pending, prev.lines);
  const units = prevAst.children as unknown as Node[];
  for (let u = 0; u < units.length; u++) {
    const unit = units[u];
    if (unit.type !== 'ContractDefinition' || !unit.range || unit.range[0] >= p || unit.range[1] < oldEnd) continue;
    const members = (unit.subNodes as Node[] | undefined) ?? [];
    const index = members.findIndex((m) => (m.type === 'FunctionDefinition' || m.type === 'ModifierDefinition') && m.range && m.range[0] < p && oldEnd <= m.range[1]);
    if (index < 0) return options.inPlace ? reparseBetweenMembers(prev, prevAst, unit, text, change, check) : undefined;
    const member = members[index];
    const start = member.range![0];
    const oldMemberEnd = member.range![1];
    // Where the member cannot be re-parsed alone (its braces left open, errors around it), the stretch around it is.
    const around = (): Reparsed | undefined => (options.inPlace ? reparseBetweenMembers(prev, prevAst, unit, text, change, check) : undefined);
    // Syntax errors are allowed only inside the member being re-parsed: they
    // are replaced by the re-parse's own. Anywhere else, parse it all.
    const inMember = (r: { start: { line: number; character: number }; end: { line: number; character: number } }, lines: LineIndex, from: number, to: number) =>
      lines.offsetAt(r.start) > from && lines.offsetAt(r.end) <= to;
    if (!prev.errors.every((e) => inMember(e.range, prev.lines, start, oldMemberEnd))) return around();
    const end = oldMemberEnd + delta;
    const memberText = text.slice(start, end + 1);
    const WRAPPER_HEAD = wrapperHead(unit.name as string | undefined);
    const chunk = parse(WRAPPER_HEAD + memberText + '\n}\n', { check });
    if (chunk.omitted) return around();
    const wrapper = chunk.ast.children[0] as unknown as Node | undefined;
    const fresh = (wrapper?.subNodes as Node[] | undefined) ?? [];
    if (chunk.ast.children.length !== 1 || fresh.length !== 1 || fresh[0].type !== member.type) return around();
    const offset = start - WRAPPER_HEAD.length;
    if (!fresh[0].range || fresh[0].range[0] + offset !== start || fresh[0].range[1] + offset !== end) return around();
    // A half-typed statement: its errors must stay inside the member's body,
    // where recovery depends only on the member's own tokens.
    if (!chunk.errors.every((e) => inMember(e.range, chunk.lines, WRAPPER_HEAD.length, WRAPPER_HEAD.length + memberText.length - 1))) return around();
    const lines = new LineIndex(text);
    const errors = chunk.errors.map((e) => ({
      message: e.message,
      range: lines.range(chunk.lines.offsetAt(e.range.start) + offset, chunk.lines.offsetAt(e.range.end) + offset),
    }));
    if (options.inPlace) {
      // Everything after the edit moves where it is; the old member is left out (it is replaced).
      shiftInPlace(prevAst, change, (n) => n === member, lines);
      shiftTree(fresh[0], offset, (n) => setLoc(n as Node, lines));
      (unit.subNodes as Node[])[index] = fresh[0];
      // The tree's index (the last analysis made one) follows: only the member is indexed again.
      replacedInPlace(prevAst as unknown as ParsedFile['ast'], unit as unknown as ASTNode, member as unknown as ASTNode, fresh[0] as unknown as ASTNode);
      const comments = movedComments(prev.comments, chunk.comments, start, oldMemberEnd, delta, offset, WRAPPER_HEAD.length, memberText.length);
      return { parsed: { ...prev, text, lines, comments, errors, ast: prevAst as unknown as ParsedFile['ast'] }, kind: 'member', member: fresh[0] as unknown as ASTNode };
    }
    // The old member is left out of the shift (it is replaced), and so is
    // everything in the tree the edit does not move: only the path down to
    // the member and what follows the edit are new objects.
    const root = remapped(prevAst, [change], lines, member);
    const children = root === prevAst ? [...units] : (root.children as Node[]);
    const contract = children[u] === unit ? { ...unit, subNodes: [...members] } : children[u];
    // From wrapper offsets to file offsets, in place (nothing else holds the fresh subtree).
    shiftTree(fresh[0], offset, (n) => setLoc(n as Node, lines));
    (contract.subNodes as Node[])[index] = fresh[0];
    children[u] = contract;
    const ast = { ...root, children } as unknown as ParsedFile['ast'];
    const comments = movedComments(prev.comments, chunk.comments, start, oldMemberEnd, delta, offset, WRAPPER_HEAD.length, memberText.length);
    return { parsed: { ...prev, text, lines, comments, errors, ast }, kind: 'member', member: fresh[0] as unknown as ASTNode };
  }
  return undefined;
}

/**
 * Whether the edit replaces whitespace between two tokens by other
 * whitespace between the same two tokens: not inside a comment or a string,
 * not joining two tokens (the whitespace around the edit is never empty),
 * not pulling code into a line comment (a line break removed after one),
 * and not inside a pragma, which is read from its text. Returns the old
 * whitespace run [start, end) around the edit when it is.
 */
function whitespaceBetweenTokens(prev: ParsedFile, text: string, change: TextChange, pending: readonly TextChange[]): [number, number] | undefined {
  const old = prev.text;
  const { start: p, oldEnd, newEnd } = change;
  if (!allSpace(old, p, oldEnd) || !allSpace(text, p, newEnd)) return undefined;
  // The whitespace runs around the edit, in the old and the new text.
  let a = p;
  while (a > 0 && isSpace(old.charCodeAt(a - 1))) a--;
  let b = oldEnd;
  while (b < old.length && isSpace(old.charCodeAt(b))) b++;
  const newB = b + change.delta;
  if (b === a || newB === a) return undefined;
  for (const c of prev.comments) {
    if (c.start < b && a < c.end) return undefined;
    // A line comment just before: the new whitespace must still end it with a line break.
    if (c.kind === 'line' && c.end === a && !/[\r\n]/.test(text.slice(a, newB))) return undefined;
  }
  if (insideString(old, prev.comments, p)) return undefined;
  for (const n of prev.ast.children as unknown as Node[]) if (n.type === 'PragmaDirective' && n.range && moveOffset(pending, n.range[0]) <= p && p <= moveOffset(pending, n.range[1])) return undefined;
  return [a, b];
}

/** Whether `offset` lies inside a string literal; strings do not span lines, so the scan starts at the line's start, skipping comments. */
function insideString(text: string, comments: readonly RawComment[], offset: number): boolean {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  let quote = 0;
  let k = 0;
  while (k < comments.length && comments[k].end <= i) k++;
  while (i < offset) {
    if (quote === 0 && k < comments.length && comments[k].start <= i) {
      i = comments[k].end;
      k++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    i++;
  }
  return quote !== 0;
}

/** A line break in the text. */
const BREAK = /[\r\n]/;

/** A line of this file named in a message (`line 24`; `line 24 of Other` is another file's). */
const LINE_MENTION = /\bline (\d+)\b(?! of )/g;

/**
 * A message that points at other lines of this file (`… (line 24) …`), with
 * those numbers moved through the edit: lines after it move by the lines it
 * added or removed, lines before it stay. Undefined when a named line is one
 * the edit touches (which side of the edit it meant is not known).
 */
export function moveLineMentions(message: string, before: LineIndex, trivia: TriviaEdit): string | undefined {
  if (!message.includes('line ')) return message;
  const first = before.positionAt(trivia.change.start).line;
  const last = before.positionAt(trivia.change.oldEnd).line;
  const delta = lineBreaks(trivia.inserted) - lineBreaks(before.text.slice(trivia.change.start, trivia.change.oldEnd));
  let ok = true;
  const out = message.replace(LINE_MENTION, (all, n: string) => {
    const line = Number(n) - 1;
    if (line < first) return all;
    if (line > last) return `line ${line + 1 + delta}`;
    ok = false;
    return all;
  });
  return ok ? out : undefined;
}

/** How many line breaks a text holds. */
export function lineBreaks(text: string): number {
  return text.length === 0 ? 0 : new LineIndex(text).lineCount - 1;
}

/** Comments whose text a rule or the suppression logic reads: suppression directives, Synor's own NatSpec tags. */
const DIRECTIVE_TEXT = /\b(?:synor|slither|solhint)-(?:disable|enable)|@custom:synor/i;

/** Declarations whose NatSpec a rule reads (private-constants: a constant documented for readers stays public). */
const NATSPEC_READ_BEFORE = new Set(['StateVariableDeclaration', 'VariableDeclaration', 'FileLevelConstant']);

function isNatspec(c: RawComment): boolean {
  return c.kind === 'line' ? c.value.startsWith('/') : c.value.startsWith('*') && c.value !== '*';
}

/**
 * Whether the findings of the text before a trivia edit, moved with the
 * text, are the findings of the text after it. Not when the edited comment is
 * one a rule reads (a suppression directive, `@custom:synor-…`, NatSpec
 * before a declaration a rule reads it for); not when a line break comes or
 * goes next to a line-scoped suppression (`disable-line`,
 * `disable-next-line`), whose reach is counted in lines; not when the edit
 * touches a finding or a fix's edit (a message or a fix may quote that text).
 * Returns why not, or undefined when they may be moved.
 */
export function triviaKeepsFindings(prev: ParsedFile, trivia: TriviaEdit, findings: readonly Finding[], pending: readonly TextChange[] = []): string | undefined {
  const { start: p, oldEnd } = trivia.change;
  const c = trivia.comment;
  if (c) {
    if (DIRECTIVE_TEXT.test(c.before.value) || DIRECTIVE_TEXT.test(c.after.value)) return 'a suppression or Synor comment';
    if ((isNatspec(c.before) || isNatspec(c.after)) && documentsReadDeclaration(prev, c.before, pending)) return 'NatSpec a rule reads';
  }
  const removed = prev.text.slice(p, oldEnd);
  if (lineBreaks(removed) !== lineBreaks(trivia.inserted) && findings.some((f) => moveLineMentions(f.message, prev.lines, trivia) === undefined)) return 'a message names a line inside the edit';
  if (BREAK.test(removed) || BREAK.test(trivia.inserted)) {
    const first = prev.lines.positionAt(p).line;
    const last = prev.lines.positionAt(oldEnd).line;
    for (const d of parseDirectives(prev.comments, prev.lines)) {
      if ((d.scope === 'line' || d.scope === 'next-line') && d.range.end.line >= first - 1 && d.range.start.line <= last) return 'a line break next to a line-scoped suppression';
    }
  }
  // Findings sit on tokens: one that ends before the whitespace or starts after it moves with
  // its tokens; one reaching into the whitespace (a fix that takes whole lines) or across it
  // (its message may quote the text) is computed again. Inside a comment, anything touching the edit is.
  const run = trivia.run;
  const touches = run
    ? (r: Range) => !(prev.lines.offsetAt(r.end) <= run[0] || prev.lines.offsetAt(r.start) >= run[1])
    : (r: Range) => prev.lines.offsetAt(r.start) <= oldEnd && prev.lines.offsetAt(r.end) >= p;
  for (const f of findings) {
    if (touches(f.range)) return 'inside a finding';
    for (const fix of f.fixes) for (const e of fix.edits) if (touches(e.range)) return "inside a fix's edit";
  }
  return undefined;
}

/** Whether the comment (NatSpec) documents a declaration whose NatSpec a rule reads. */
function documentsReadDeclaration(prev: ParsedFile, comment: RawComment, pending: readonly TextChange[]): boolean {
  const text = prev.text;
  let at = comment.end;
  for (;;) {
    while (at < text.length && isSpace(text.charCodeAt(at))) at++;
    const next = prev.comments.find((c) => c.start === at);
    if (!next) break;
    at = next.end;
  }
  const stack = [...(prev.ast.children as unknown as Node[])];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (!n.range) continue;
    const from = moveOffset(pending, n.range[0]);
    if (moveOffset(pending, n.range[1]) < at || from > at) continue;
    if (from === at && NATSPEC_READ_BEFORE.has(n.type)) return true;
    if (n.type === 'ContractDefinition') stack.push(...((n.subNodes as Node[] | undefined) ?? []));
  }
  return false;
}

/** A range of the text before a trivia edit, moved through it (`triviaKeepsFindings` made sure it does not reach into the edited span). */
export function moveRange(r: Range, before: LineIndex, after: LineIndex, change: TextChange): Range {
  const move = (o: number) => (o >= change.oldEnd ? o + change.delta : o);
  return after.range(move(before.offsetAt(r.start)), move(before.offsetAt(r.end)));
}

/** An offset of the text before `moves` (trivia edits, in order), in the text after them. */
export function moveOffset(moves: readonly TextChange[], offset: number): number {
  let o = offset;
  for (const m of moves) if (o >= m.oldEnd) o += m.delta;
  return o;
}

/**
 * A tree as the previous one was before trivia edits (lazy results), moved
 * through them. Its nodes stay the parser's objects: the parser has settled.
 */
export function settle(parsed: ParsedFile, pending: readonly TextChange[]): ParsedFile {
  return pending.length === 0 ? parsed : { ...parsed, ast: remapped(parsed.ast as unknown as Node, pending, parsed.lines) as unknown as ParsedFile['ast'] };
}

/**
 * The tree with every position moved through `moves` (edits that no node's
 * range starts or ends inside): nodes that move are copied, nodes wholly
 * before the first edit are shared. `skip` (a node being replaced) is shared
 * as it is. When nothing moves the root itself is returned.
 */
function remapped(root: Node, moves: readonly TextChange[], lines: LineIndex, skip?: Node): Node {
  if (moves.every((m) => m.delta === 0)) return root;
  // A position below every edit's old end is moved by none of them, nor is anything before it.
  let below = Infinity;
  for (const m of moves) below = Math.min(below, m.oldEnd);
  const visit = (n: Node): Node => {
    if (n === skip) return n;
    const r = n.range;
    if (r && r[1] < below) return n;
    const out: Node = { ...n };
    if (r) {
      out.range = [moveOffset(moves, r[0]), moveOffset(moves, r[1])];
      setLoc(out, lines);
    }
    for (const key in n) {
      if (key === 'range' || key === 'loc' || key === 'type' || key === 'comments') continue;
      const v = n[key];
      if (Array.isArray(v)) out[key] = v.map((item: unknown) => (isNode(item) ? visit(item as unknown as Node) : Array.isArray(item) ? item.map((inner: unknown) => (isNode(inner) ? visit(inner as unknown as Node) : inner)) : item));
      else if (isNode(v)) out[key] = visit(v as unknown as Node);
    }
    return out;
  };
  return visit(root);
}

/**
 * 4. An edit of a contract's body outside any function or modifier body
 * (between members, or in a state variable, event, struct…; half-typed code
 * above all: a new function being written): the stretch from the end of the
 * last member before the edit to the start of the first member after it (or
 * the contract's closing brace) is parsed alone inside a stand-in contract,
 * with recovery, as recovery by parts parses a broken member; its members
 * replace those the stretch held, in place, and everything after it moves.
 * A node the stand-in's closing brace had to end (a function whose braces
 * the edit left open) is left out, with the error that says so. Undefined
 * when the edit touches the contract's header, when the previous parse has
 * errors outside the stretch, or when the stretch alone and the whole text
 * disagree on whether there are errors.
 */
function reparseBetweenMembers(prev: ParsedFile, prevAst: Node, unit: Node, text: string, change: TextChange, check: Checkpoint | undefined): Reparsed | undefined {
  const { start: p, oldEnd, delta } = change;
  const members = (unit.subNodes as Node[] | undefined) ?? [];
  if (members.some((m) => !m.range)) return undefined;
  let before = -1;
  while (before + 1 < members.length && members[before + 1].range![1] < p) before++;
  let after = before + 1;
  while (after < members.length && members[after].range![0] < oldEnd) after++;
  // Members the previous parse recovered with errors (a function half written) are parsed again with the edit.
  const broken = prev.errors.map((e) => [prev.lines.offsetAt(e.range.start), prev.lines.offsetAt(e.range.end)] as const);
  const hasError = (m: Node) => broken.some(([a, b]) => a <= m.range![1] + 1 && b >= m.range![0]);
  // An error the stand-in's closing brace raised sits at the end of its stretch, after the member that lacks something.
  const errorAfter = (i: number) => broken.some(([a]) => a > members[i].range![1] && a < (i + 1 < members.length ? members[i + 1].range![0] : Infinity));
  while (before >= 0 && (hasError(members[before]) || errorAfter(before))) before--;
  while (after < members.length && hasError(members[after])) after++;
  // From the end of the member before, or from just after the brace that opens the contract's body.
  const start = before >= 0 ? members[before].range![1] + 1 : bodyOpen(prev.text, unit.range![0]) + 1;
  if (start <= 0) return undefined;
  // Exclusive, in the old text: the next member's first character, or the contract's closing brace.
  const oldStop = after < members.length ? members[after].range![0] : unit.range![1];
  if (!(start <= p && oldEnd <= oldStop) || text.charCodeAt(unit.range![1] + delta) !== 125) return undefined;
  const inOld = (r: Range) => prev.lines.offsetAt(r.start) >= start && prev.lines.offsetAt(r.end) <= oldStop;
  if (!prev.errors.every((e) => inOld(e.range))) return undefined;
  const stop = oldStop + delta;
  // The stretch must end where the text around it has a token boundary: typed letters that run
  // into the next member's keyword, or a comment or string left open, change what follows it.
  if ((isWordChar(text.charCodeAt(start - 1)) && isWordChar(text.charCodeAt(start))) || (isWordChar(text.charCodeAt(stop - 1)) && isWordChar(text.charCodeAt(stop)))) return undefined;
  if (!closesItsTokens(text, start, stop)) return undefined;
  const body = text.slice(start, stop);
  const head = wrapperHead(unit.name as string | undefined);
  const chunk = parse(head + body + '\n}\n', { check });
  if (chunk.omitted || chunk.ast.children.length !== 1) return undefined;
  const wrapper = chunk.ast.children[0] as unknown as Node;
  if (wrapper.type !== 'ContractDefinition') return undefined;
  // The stretch alone and the whole text must agree on whether there are errors. Half-typed code
  // may make one member with what follows the stretch (`function` typed just before
  // `constructor(…) {…}`, an old-style function of that name), and a stretch that parses may
  // still leave the file broken (a member the last parse had cut short now taken for whole).
  // The hand-written parser declines a file at its first error: asked on a broken stretch it
  // stops near the edit; on a clean one it parses the file, on the keystroke that completes a
  // member, which every rule then runs over anyway.
  if ((chunk.errors.length === 0) !== acceptedWhole(text, check)) return undefined;
  const lines = new LineIndex(text);
  const offset = start - head.length;
  const inside = (a: number, b: number) => a >= head.length && b < head.length + body.length;
  const fresh = ((wrapper.subNodes as Node[] | undefined) ?? []).filter((n) => n.range && inside(n.range[0], n.range[1]));
  const cut = ((wrapper.subNodes as Node[] | undefined) ?? []).length - fresh.length;
  // A member cut short by the stand-in's brace has an error of its own (the brace it lacks).
  if (cut > 0 && chunk.errors.length === 0) return undefined;
  const last = Math.max(start, stop - 1);
  const errors = chunk.errors.map((e) => {
    const a = chunk.lines.offsetAt(e.range.start);
    const b = chunk.lines.offsetAt(e.range.end);
    return inside(a, Math.max(a, b - 1)) ? { message: e.message, range: lines.range(a + offset, b + offset) } : { message: e.message, range: lines.range(last, last) };
  });
  const replaced = new Set(members.slice(before + 1, after));
  shiftInPlace(prevAst, change, (n) => replaced.has(n), lines);
  for (const n of fresh) shiftTree(n, offset, (x) => setLoc(x as Node, lines));
  members.splice(before + 1, after - before - 1, ...fresh);
  forgetIndex(prevAst as unknown as ParsedFile['ast'], unit as unknown as ASTNode);
  const comments = movedComments(prev.comments, chunk.comments, start, oldStop - 1, delta, offset, head.length, body.length);
  return { parsed: { ...prev, text, lines, comments, errors, ast: prevAst as unknown as ParsedFile['ast'] }, kind: 'members' };
}

/**
 * Where the comment or string that starts at `i` ends (just after it; a line
 * comment ends at its line break, a string at its closing quote or at the end
 * of its line); `i` when none starts there; -1 when it is still open at `stop`.
 */
function pastCommentOrString(text: string, i: number, stop: number): number {
  const c = text.charCodeAt(i);
  if (c === 47 && text.charCodeAt(i + 1) === 47) {
    let j = i + 2;
    while (j < stop && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
    return j < stop ? j : -1;
  }
  if (c === 47 && text.charCodeAt(i + 1) === 42) {
    const end = text.indexOf('*/', i + 2);
    return end < 0 || end + 2 > stop ? -1 : end + 2;
  }
  if (c === 34 || c === 39) {
    let j = i + 1;
    while (j < stop && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j += text.charCodeAt(j) === 92 ? 2 : 1;
    return j < stop ? j + 1 : -1;
  }
  return i;
}

/**
 * The offset of the `{` that opens a contract's body: the first brace outside
 * parentheses (a base's arguments may hold braces) after `from`, comments and
 * strings skipped; -1 if there is none.
 */
function bodyOpen(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; ) {
    const past = pastCommentOrString(text, i, text.length);
    if (past < 0) return -1;
    if (past > i) {
      i = past;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (c === 123 && depth === 0) return i;
    i++;
  }
  return -1;
}

/** A letter, digit, `_` or `$`: characters one identifier, keyword or number is made of. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/**
 * Whether text[start, stop) leaves no comment or string open at its end (a
 * line comment counts as closed only by a line break before `stop`).
 */
function closesItsTokens(text: string, start: number, stop: number): boolean {
  for (let i = start; i < stop; ) {
    const past = pastCommentOrString(text, i, stop);
    if (past < 0) return false;
    i = past > i ? past : i + 1;
  }
  return true;
}

/** The comments before the member, the re-parsed member's own (from wrapper offsets), and those after it, moved. */
function movedComments(prev: readonly RawComment[], chunk: readonly RawComment[], start: number, oldMemberEnd: number, delta: number, offset: number, head: number, length: number): RawComment[] {
  return [
    ...prev.filter((c) => c.end <= start),
    ...chunk.filter((c) => c.start >= head && c.end <= head + length).map((c) => ({ ...c, start: c.start + offset, end: c.end + offset })),
    ...prev.filter((c) => c.start > oldMemberEnd).map((c) => ({ ...c, start: c.start + delta, end: c.end + delta })),
  ];
}

/**
 * Moves, in place, every node of `root` that reaches past the edit (`remapped`
 * with one edit, without copying): a node that ends before the edit's old end
 * is not moved, nor is anything below it; `skip` (the member being replaced)
 * is left as it is. A node listed twice (a state variable's initializer, both
 * the declaration's `initialValue` and the variable's `expression`) moves once.
 */
function shiftInPlace(root: Node, change: TextChange, skip: (n: Node) => boolean, lines: LineIndex): void {
  if (change.delta === 0) return;
  const moves = [change];
  // Shared nodes hang below declarations only: their children are checked against those already met.
  const seen = new Set<Node>();
  let dedupe = false;
  const stack: Node[] = [root];
  const push = (c: ASTNode) => {
    const node = c as unknown as Node;
    if (dedupe) {
      if (seen.has(node)) return;
      seen.add(node);
    }
    stack.push(node);
  };
  while (stack.length > 0) {
    const n = stack.pop()!;
    const r = n.range;
    if ((r && r[1] < change.oldEnd) || skip(n)) continue;
    if (r) {
      n.range = [moveOffset(moves, r[0]), moveOffset(moves, r[1])];
      setLoc(n, lines);
    }
    dedupe = n.type === 'StateVariableDeclaration' || n.type === 'VariableDeclaration' || n.type === 'FileLevelConstant';
    // The children an index listed (the last analysis indexed this tree), else its keys.
    forEachChild(n as unknown as ASTNode, push);
  }
}

function setLoc(n: Node, lines: LineIndex): void {
  if (!n.loc || !n.range) return;
  const a = lines.positionAt(n.range[0]);
  const b = lines.positionAt(n.range[1]);
  n.loc = { start: { line: a.line + 1, column: a.character }, end: { line: b.line + 1, column: b.character } };
}
