/**
 * Re-analysis cheaper than a full re-parse. The parser is the floor of the
 * fast tier's cost (about 90% of it on large files), and most keystrokes
 * change one function or one comment. Given the previous parse and the new
 * text, this reuses the previous tree: an edit inside a comment needs no
 * parse at all, and an edit inside one function or modifier re-parses just
 * that member and splices it into the old tree. Positions after the edit are
 * shifted.
 *
 * Half-typed code is re-parsed the same way when every syntax error, old and
 * new, lies inside the edited member's body: recovery there depends only on
 * the member's own tokens, and tests check the result against a full parse
 * keystroke by keystroke. Otherwise (errors elsewhere, an edit not confined
 * to one member or comment, a member whose extent changed) it returns
 * undefined and the caller parses the whole file.
 */
import { parse, LineIndex, type Checkpoint, type ParsedFile } from '../../engine/src';
import { forEachChild } from '../../engine/src';

type Node = { type: string; range?: [number, number]; loc?: { start: { line: number; column: number }; end: { line: number; column: number } }; [k: string]: unknown };

/** How the new parse was obtained, for the log and the benchmark. */
export type ReparseKind = 'comment' | 'member';

const WRAPPER_HEAD = 'contract __synor_splice__ {\n';

/**
 * Parses `text` by reusing `prev` where an edit allows; undefined means "parse it all". `prev` is consumed (mutated).
 * `check` may stop the parse of the edited member (it throws `AnalysisStopped`).
 */
export function reparse(prev: ParsedFile, text: string, check?: Checkpoint): { parsed: ParsedFile; kind: ReparseKind } | undefined {
  // Statements left out for their depth have ranges this code does not move: parse it all.
  if (prev.omitted) return undefined;
  const old = prev.text;
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const oldEnd = old.length - s;
  const newEnd = text.length - s;
  const delta = text.length - old.length;
  if (p === old.length && delta === 0) return { parsed: { ...prev, text }, kind: 'comment' };

  const inserted = text.slice(p, newEnd);
  // 1. An edit inside one comment that leaves it the same kind of comment.
  const comment = prev.errors.length > 0 ? undefined : prev.comments.find((c) => c.start + 2 <= p && oldEnd <= (c.kind === 'block' ? c.end - 2 : c.end));
  if (comment) {
    const ok = comment.kind === 'line' ? !/[\r\n]/.test(inserted) : !text.slice(comment.start + 2, comment.end + delta - 2).includes('*/');
    if (ok) {
      const lines = new LineIndex(text);
      shiftTree(prev.ast as unknown as Node, oldEnd, delta, lines);
      const comments = prev.comments.map((c) => {
        if (c === comment) {
          const end = c.end + delta;
          return { ...c, end, value: text.slice(c.start + 2, c.kind === 'block' ? end - 2 : end) };
        }
        return c.start >= oldEnd ? { ...c, start: c.start + delta, end: c.end + delta } : c;
      });
      return { parsed: { ...prev, text, lines, comments }, kind: 'comment' };
    }
  }

  // 2. An edit inside the body of one function or modifier of a top-level contract.
  for (const unit of prev.ast.children as unknown as Node[]) {
    if (unit.type !== 'ContractDefinition' || !unit.range || unit.range[0] >= p || unit.range[1] < oldEnd) continue;
    const members = (unit.subNodes as Node[] | undefined) ?? [];
    const index = members.findIndex((m) => (m.type === 'FunctionDefinition' || m.type === 'ModifierDefinition') && m.range && m.range[0] < p && oldEnd <= m.range[1]);
    if (index < 0) return undefined;
    const member = members[index];
    const start = member.range![0];
    const oldMemberEnd = member.range![1];
    // Syntax errors are allowed only inside the member being re-parsed: they
    // are replaced by the re-parse's own. Anywhere else, parse it all.
    const inMember = (r: { start: { line: number; character: number }; end: { line: number; character: number } }, lines: LineIndex, from: number, to: number) =>
      lines.offsetAt(r.start) > from && lines.offsetAt(r.end) <= to;
    if (!prev.errors.every((e) => inMember(e.range, prev.lines, start, oldMemberEnd))) return undefined;
    const end = oldMemberEnd + delta;
    const memberText = text.slice(start, end + 1);
    const chunk = parse(WRAPPER_HEAD + memberText + '\n}\n', { check });
    if (chunk.omitted) return undefined;
    const wrapper = chunk.ast.children[0] as unknown as Node | undefined;
    const fresh = (wrapper?.subNodes as Node[] | undefined) ?? [];
    if (chunk.ast.children.length !== 1 || fresh.length !== 1 || fresh[0].type !== member.type) return undefined;
    const offset = start - WRAPPER_HEAD.length;
    if (!fresh[0].range || fresh[0].range[0] + offset !== start || fresh[0].range[1] + offset !== end) return undefined;
    // A half-typed statement: its errors must stay inside the member's body,
    // where recovery depends only on the member's own tokens.
    if (!chunk.errors.every((e) => inMember(e.range, chunk.lines, WRAPPER_HEAD.length, WRAPPER_HEAD.length + memberText.length - 1))) return undefined;
    const lines = new LineIndex(text);
    const errors = chunk.errors.map((e) => ({
      message: e.message,
      range: lines.range(chunk.lines.offsetAt(e.range.start) + offset, chunk.lines.offsetAt(e.range.end) + offset),
    }));
    shiftTree(prev.ast as unknown as Node, oldEnd, delta, lines);
    moveTree(fresh[0], offset, lines);
    members[index] = fresh[0];
    const comments = [
      ...prev.comments.filter((c) => c.end <= start),
      ...chunk.comments.filter((c) => c.start >= WRAPPER_HEAD.length && c.end <= WRAPPER_HEAD.length + memberText.length).map((c) => ({ ...c, start: c.start + offset, end: c.end + offset })),
      ...prev.comments.filter((c) => c.start > oldMemberEnd).map((c) => ({ ...c, start: c.start + delta, end: c.end + delta })),
    ];
    return { parsed: { ...prev, text, lines, comments, errors }, kind: 'member' };
  }
  return undefined;
}

/** Shifts every position at or after `from` (an old offset) by `delta`, in place. */
function shiftTree(root: Node, from: number, delta: number, lines: LineIndex): void {
  if (delta === 0) return;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const r = n.range;
    if (r) {
      // A node wholly before the edit, and its subtree, cannot move.
      if (r[1] < from && n !== root) continue;
      const a = r[0] >= from ? r[0] + delta : r[0];
      const b = r[1] >= from ? r[1] + delta : r[1];
      n.range = [a, b];
      setLoc(n, lines);
    }
    forEachChild(n as never, (c) => stack.push(c as unknown as Node));
  }
}

/** Moves a freshly parsed subtree from wrapper offsets to file offsets, in place. */
function moveTree(root: Node, offset: number, lines: LineIndex): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.range) {
      n.range = [n.range[0] + offset, n.range[1] + offset];
      setLoc(n, lines);
    }
    forEachChild(n as never, (c) => stack.push(c as unknown as Node));
  }
}

function setLoc(n: Node, lines: LineIndex): void {
  if (!n.loc || !n.range) return;
  const a = lines.positionAt(n.range[0]);
  const b = lines.positionAt(n.range[1]);
  n.loc = { start: { line: a.line + 1, column: a.character }, end: { line: b.line + 1, column: b.character } };
}

