/**
 * Error recovery by parts. Full-LL recovery over a whole file costs about
 * half a second per 1,000 lines (5 s for a 10,000-line contract with one
 * half-typed declaration between two functions), and its recovery can carry
 * far: a stray word between two members lost 600 of a contract's 1,100
 * functions. A syntax error is nearly always inside one top-level unit or one
 * contract member, and the grammar recovers inside a member the same way
 * whatever surrounds it. So:
 *
 * 1. The file is cut into its parts by its tokens alone: top-level units
 *    (pragma, import, free function, struct, …, a contract's header) and the
 *    members of each contract body, each ending at a `;` or at the `}` that
 *    closes its braces.
 * 2. The part the clean parse stopped in is blanked (its characters turned to
 *    spaces, line breaks kept, so that every offset stays where it was) and
 *    the file parsed again without recovery; again while it stops in another
 *    part, up to `MAX_BROKEN_PARTS`.
 * 3. Each blanked part is parsed alone, with recovery (a contract member
 *    inside a stand-in contract, as the language server's member re-parse
 *    does), and its nodes and errors are moved to their places in the file's
 *    tree.
 *
 * Anything else (unbalanced braces, a broken contract header, a part that
 * will not yield a clean parse of the rest) returns undefined, and the
 * caller recovers over the whole file as before.
 */
import type { SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import type { RawComment, RawOmitted, RawParse, RawSyntaxError } from './antlr';
import type { Checkpoint } from '../stop';

/** A token as the lexer gives it (default channel only are looked at). */
export interface PartToken {
  type: number;
  channel: number;
  start: number;
  stop: number;
}

/** The token types the cut needs. */
export interface PartTokenTypes {
  lbrace: number;
  rbrace: number;
  semicolon: number;
  /** Keywords that begin a contract-like unit (`contract`, `interface`, `library`, `abstract`). */
  contractStart: ReadonlySet<number>;
  eof: number;
}

export interface Part {
  /** Offset of the part's first token. */
  start: number;
  /** Offset just after its last token. */
  end: number;
  /** A member of a contract body (parsed inside a stand-in contract), not a top-level unit. */
  member: boolean;
  /** A contract's header (`contract C is A {`): never blanked. */
  header: boolean;
}

/** How many broken parts are recovered one by one before the whole file is recovered instead. */
export const MAX_BROKEN_PARTS = 8;

/** Cuts the file into parts; undefined when its braces do not balance. */
export function partsOf(tokens: readonly PartToken[], types: PartTokenTypes): Part[] | undefined {
  const parts: Part[] = [];
  let depth = 0;
  /** Inside a contract's body: its members are at depth 1. */
  let inContract = false;
  let current: Part | undefined;
  let headerOpen = false;
  /** The end of the last token seen. */
  let lastEnd = 0;
  for (const t of tokens) {
    if (t.channel !== 0 || t.type === types.eof) continue;
    if (!current) {
      if (depth === 0 && types.contractStart.has(t.type)) {
        current = { start: t.start, end: t.stop + 1, member: false, header: true };
        headerOpen = true;
      } else current = { start: t.start, end: t.stop + 1, member: inContract && depth === 1, header: false };
    }
    const previousEnd = lastEnd;
    lastEnd = t.stop + 1;
    current.end = lastEnd;
    if (t.type === types.lbrace) {
      depth++;
      if (headerOpen && depth === 1) {
        // The header ends at the brace that opens the contract's body.
        parts.push(current);
        current = undefined;
        headerOpen = false;
        inContract = true;
      }
      continue;
    }
    if (t.type === types.rbrace) {
      depth--;
      if (depth < 0) return undefined;
      if (inContract && depth === 0) {
        // The contract's closing brace: a part of its own, after its last member (which may
        // lack its `;`: then it ends before the brace).
        if (current && current.start !== t.start) {
          current.end = previousEnd;
          parts.push(current);
        }
        parts.push({ start: t.start, end: t.stop + 1, member: false, header: true });
        current = undefined;
        inContract = false;
        continue;
      }
      if (depth === (inContract ? 1 : 0)) {
        parts.push(current);
        current = undefined;
      }
      continue;
    }
    if (t.type === types.semicolon && depth === (inContract ? 1 : 0) && !headerOpen) {
      parts.push(current);
      current = undefined;
    }
  }
  if (depth !== 0 || headerOpen || current) return undefined;
  return parts;
}

/** The text with [start, end) turned to spaces, line breaks kept. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

export interface PartParsers {
  /** A parse without recovery: the result, or the offset of the token it stopped at. */
  clean(text: string): { raw: RawParse } | { stoppedAt: number };
  /** A parse with recovery (never fails). */
  recover(text: string): RawParse;
}

const WRAPPER_TAIL = '\n}\n';

type Node = { type: string; range?: [number, number]; [k: string]: unknown };

function isNodeLike(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/**
 * Moves a subtree's ranges by `offset`, in place (it was just built and
 * nothing else holds it); a node listed twice (a state variable's
 * initializer) moves once. `moved` is called on each node that moved.
 */
export function shiftTree(root: Node, offset: number, moved?: (n: Node) => void): void {
  const stack: Node[] = [root];
  const seen = new Set<Node>();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    if (n.range) {
      n.range = [n.range[0] + offset, n.range[1] + offset];
      moved?.(n);
    }
    for (const key in n) {
      if (key === 'range' || key === 'loc' || key === 'type' || key === 'comments') continue;
      const v = n[key];
      if (Array.isArray(v)) {
        for (const item of v) {
          if (isNodeLike(item)) stack.push(item);
          else if (Array.isArray(item)) for (const inner of item) if (isNodeLike(inner)) stack.push(inner);
        }
      } else if (isNodeLike(v)) stack.push(v);
    }
  }
}

/**
 * Recovers from the syntax errors of `text` part by part (see the file's
 * comment); `stoppedAt` is where the clean parse of the whole text stopped.
 */
export function recoverByParts(text: string, tokens: readonly PartToken[], types: PartTokenTypes, stoppedAt: number, parsers: PartParsers, check: Checkpoint): RawParse | undefined {
  const parts = partsOf(tokens, types);
  if (!parts || parts.length < 2) return undefined;
  const partAt = (offset: number): Part | undefined => {
    // The part holding the offset; an offset past the last token (the end of the input) is the last part's.
    let lo = 0;
    let hi = parts.length - 1;
    if (offset >= parts[hi].end) return parts[hi];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = parts[mid];
      if (offset < p.start) hi = mid - 1;
      else if (offset >= p.end) lo = mid + 1;
      else return p;
    }
    // Between two parts (whitespace or a comment): the part that follows.
    return parts[lo];
  };
  const broken: Part[] = [];
  let masked = text;
  let at = stoppedAt;
  let rest: RawParse | undefined;
  while (!rest) {
    check();
    let part = partAt(at);
    // Stopped at the first token of a part: the part before it most likely lacks its end (a `;`).
    const i = part ? parts.indexOf(part) : -1;
    if (part && i > 0 && at <= part.start && !parts[i - 1].header && !broken.includes(parts[i - 1])) part = parts[i - 1];
    if (!part || part.header || broken.includes(part) || broken.length >= MAX_BROKEN_PARTS) return undefined;
    broken.push(part);
    masked = blank(masked, part.start, part.end);
    const r = parsers.clean(masked);
    if ('raw' in r) rest = r.raw;
    else at = r.stoppedAt;
  }
  const ast = rest.ast as unknown as Node & { children: Node[] };
  const errors: RawSyntaxError[] = [...rest.errors];
  const omitted: RawOmitted[] = [...rest.omitted];
  let dropped = rest.droppedNodes;
  const comments: RawComment[] = [...rest.comments];
  for (const part of broken.sort((a, b) => a.start - b.start)) {
    check();
    const body = text.slice(part.start, part.end);
    // A member goes into the contract holding it, and is parsed inside a stand-in of that name (the
    // AST builder makes a function named like the contract around it a constructor, in pre-0.5 code).
    const host = part.member ? (ast.children.find((c) => c.type === 'ContractDefinition' && c.range && c.range[0] < part.start && part.end <= c.range[1] + 1) as (Node & { subNodes: Node[]; name?: string }) | undefined) : undefined;
    if (part.member && !host) return undefined;
    const head = host ? `contract ${host.name || '__synor_part__'} {\n` : '';
    const sub = parsers.recover(head + body + (part.member ? WRAPPER_TAIL : ''));
    const offset = part.start - head.length;
    const inside = (s: number) => s >= head.length && s < head.length + body.length;
    // The part's own nodes: a member's are the stand-in contract's members.
    let nodes: Node[] = (sub.ast.children as unknown as Node[]).filter(Boolean);
    if (part.member) {
      const wrapper = nodes.find((n) => n.type === 'ContractDefinition');
      nodes = wrapper ? ((wrapper.subNodes as Node[] | undefined) ?? []).filter(Boolean) : [];
    }
    nodes = nodes.filter((n) => !n.range || inside(n.range[0]));
    for (const n of nodes) shiftTree(n, offset);
    // Into the tree, in source order.
    const list: Node[] = host ? host.subNodes : ast.children;
    for (const n of nodes) {
      const pos = n.range ? list.findIndex((m) => !!m.range && m.range[0] > n.range![0]) : -1;
      if (pos < 0) list.push(n);
      else list.splice(pos, 0, n);
    }
    for (const e of sub.errors) {
      if (e.start !== undefined && inside(e.start)) errors.push({ ...e, start: e.start + offset, ...(e.stop !== undefined ? { stop: e.stop + offset } : {}) });
      else errors.push({ message: e.message, line: 0, column: 0, start: Math.max(part.start, part.end - 1), stop: Math.max(part.start, part.end - 1) });
    }
    for (const o of sub.omitted) if (inside(o.start)) omitted.push({ ...o, start: o.start + offset, end: o.end + offset });
    dropped += sub.droppedNodes;
    // The blanked text had no comments; the part's own come from its parse.
    for (const c of sub.comments) if (inside(c.start)) comments.push({ ...c, start: c.start + offset, end: c.end + offset });
  }
  comments.sort((a, b) => a.start - b.start);
  errors.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  omitted.sort((a, b) => a.start - b.start);
  return { ast: ast as unknown as SourceUnit, errors, comments, droppedNodes: dropped, omitted, slowPath: true };
}
