/**
 * Storage layout: how many bytes a type takes in a slot, how many slots a run
 * of variables or fields takes in a given order, and the order that packs them
 * tightest. Type names resolve over the import closure, so an enum, contract or
 * user value type declared in another file packs as the compiler packs it.
 */
import type { ASTNode, TypeName } from '@solidity-parser/parser/dist/src/ast-types';
import type { FactContext, NodeOf } from '../rules/framework';
import { typeDeclaration } from './declarations';
import { upgradeableReason } from './upgradeable';

/**
 * The storage size in bytes of a type that can share a slot, or 32 for a type
 * that always starts a new slot (arrays, mappings, strings, structs, unknown
 * types). `whole` marks those: they also end their slot.
 */
interface Slotted {
  size: number;
  whole: boolean;
  /** Number of whole slots a multi-slot item takes; 1 for anything that fits in a slot. */
  slots: number;
}

function storageSize(ctx: FactContext, t: TypeName | null | undefined): Slotted {
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
    const d = typeDeclaration(ctx, t);
    if (d?.type === 'EnumDefinition') return { size: d.members.length > 256 ? 2 : 1, whole: false, slots: 1 };
    if (d?.type === 'ContractDefinition') return { size: 20, whole: false, slots: 1 };
    if (d?.type === 'TypeDefinition') return storageSize(ctx, d.definition as TypeName);
    // Structs, and types whose declaration is not in the closure: treated as occupying their own slots.
    return whole;
  }
  if (t.type === 'FunctionTypeName') return t.visibility === 'external' ? { size: 24, whole: false, slots: 1 } : { size: 8, whole: false, slots: 1 };
  return whole;
}

/** Slots used by items laid out in the given order. */
function slotsUsed(items: Slotted[]): number {
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
function packedOrder(items: Slotted[]): number[] {
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

/**
 * How a run of state variables or struct fields of these types packs: the
 * slots it takes in the declared order, the slots in the tightest order, and
 * that order (indices into `types`). Undefined when no order saves a slot.
 */
export function packing(ctx: FactContext, types: Array<TypeName | null | undefined>): { now: number; best: number; order: number[] } | undefined {
  const sizes = types.map((t) => storageSize(ctx, t));
  const now = slotsUsed(sizes);
  const order = packedOrder(sizes);
  const best = slotsUsed(order.map((i) => sizes[i]));
  return best < now ? { now, best, order } : undefined;
}

/**
 * Whether a contract's storage is (or belongs to) a proxy's, so that changing
 * its layout corrupts existing deployments and layout-changing fixes become
 * unsafe. Decided by what the code does (see `upgradeableReason`), over the
 * contract's lineage and the contracts that derive from it.
 */
export function looksUpgradeable(ctx: FactContext, contract: NodeOf<'ContractDefinition'>): boolean {
  return upgradeableReason(ctx, contract) !== undefined;
}
