import type { ASTNode, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import type { RuleContext } from '../../framework';

/**
 * The storage size in bytes of a type that can share a slot, or 32 for a type
 * that always starts a new slot (arrays, mappings, strings, structs, unknown
 * types). `whole` marks those: they also end their slot.
 */
export interface Slotted {
  size: number;
  whole: boolean;
  /** Number of whole slots a multi-slot item takes; 1 for anything that fits in a slot. */
  slots: number;
}

export function storageSize(ctx: RuleContext, t: TypeName | null | undefined): Slotted {
  const whole: Slotted = { size: 32, whole: true, slots: 1 };
  if (!t) return whole;
  if (t.type === 'ElementaryTypeName') {
    const n = t.name;
    if (n === 'bool') return { size: 1, whole: false, slots: 1 };
    if (n === 'address' || n === 'address payable') return { size: 20, whole: false, slots: 1 };
    let m = /^u?int(\d+)?$/.exec(n);
    if (m) return { size: m[1] ? Number(m[1]) / 8 : 32, whole: false, slots: 1 };
    m = /^bytes(\d+)$/.exec(n);
    if (m) return { size: Number(m[1]), whole: false, slots: 1 };
    if (n === 'byte') return { size: 1, whole: false, slots: 1 };
    return whole;
  }
  if (t.type === 'UserDefinedTypeName') {
    const name = t.namePath.split('.').pop()!;
    const en = ctx.index.ofType('EnumDefinition').find((e) => e.name === name);
    if (en) return { size: en.members.length > 256 ? 2 : 1, whole: false, slots: 1 };
    if (ctx.index.ofType('ContractDefinition').some((c) => c.name === name)) return { size: 20, whole: false, slots: 1 };
    const udvt = ctx.index.ofType('TypeDefinition').find((d) => d.name === name);
    if (udvt) return storageSize(ctx, udvt.definition as TypeName);
    // Structs and types from other files: treated as occupying their own slots.
    return whole;
  }
  if (t.type === 'FunctionTypeName') return t.visibility === 'external' ? { size: 24, whole: false, slots: 1 } : { size: 8, whole: false, slots: 1 };
  return whole;
}

/** Slots used by items laid out in the given order. */
export function slotsUsed(items: Slotted[]): number {
  let slots = 0;
  let used = 32; // bytes used in the current slot; 32 means "start a new one"
  for (const it of items) {
    if (it.whole) {
      slots += it.slots;
      used = 32;
      continue;
    }
    if (used + it.size > 32) {
      slots++;
      used = 0;
    }
    used += it.size;
  }
  return slots;
}

/**
 * A packed order: whole-slot items keep their relative order at the front,
 * then the rest by first-fit decreasing. Returns indices into `items`.
 */
export function packedOrder(items: Slotted[]): number[] {
  const idx = items.map((_, i) => i);
  const whole = idx.filter((i) => items[i].whole);
  const small = idx.filter((i) => !items[i].whole).sort((a, b) => items[b].size - items[a].size || a - b);
  const bins: Array<{ free: number; members: number[] }> = [];
  for (const i of small) {
    const bin = bins.find((b) => b.free >= items[i].size);
    if (bin) {
      bin.free -= items[i].size;
      bin.members.push(i);
    } else bins.push({ free: 32 - items[i].size, members: [i] });
  }
  return [...whole, ...bins.flatMap((b) => b.members)];
}

/** True when a comment lies inside [start, end). */
export function hasCommentIn(ctx: RuleContext, start: number, end: number): boolean {
  return ctx.parsed.comments.some((c) => c.start >= start && c.start < end);
}

/**
 * When every node stands on its own line(s), with at most a trailing line
 * comment, and the lines follow one another, returns each node's full lines
 * (without the final newline) and the span they cover. Reordering these
 * lines moves each node with its comment.
 */
export function ownLines(ctx: RuleContext, nodes: ASTNode[], withSemicolon: boolean): { lines: string[]; start: number; end: number } | undefined {
  const src = ctx.source;
  const out: string[] = [];
  let spanStart = -1;
  let prevEnd = -1;
  for (const n of nodes) {
    const [s, e0] = ctx.offsets(n);
    let e = e0;
    if (withSemicolon) {
      while (e < src.length && (src[e] === ' ' || src[e] === '\t')) e++;
      if (src[e] !== ';') return undefined;
      e++;
    }
    const ls = src.lastIndexOf('\n', s - 1) + 1;
    if (src.slice(ls, s).trim() !== '') return undefined;
    let le = src.indexOf('\n', e);
    if (le < 0) le = src.length;
    const rest = src.slice(e, le).trim();
    if (rest !== '' && !rest.startsWith('//')) return undefined;
    // The lines must follow one another directly.
    if (prevEnd >= 0 && prevEnd !== ls) return undefined;
    if (spanStart < 0) spanStart = ls;
    out.push(src.slice(ls, le).replace(/\r$/, ''));
    prevEnd = le + 1;
  }
  return { lines: out, start: spanStart, end: prevEnd - 1 };
}
