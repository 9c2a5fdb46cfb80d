import type { ASTNode, ASTNodeTypeString, SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import { every, NEVER_STOP, type Checkpoint } from '../stop';

/** Keys of AST nodes that hold positions or comments rather than children. */
const SKIP_KEYS = new Set(['loc', 'range', 'comments', 'type']);

export function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Calls `fn` for every direct child node of `node`, in source order. */
export function forEachChild(node: ASTNode, fn: (child: ASTNode) => void): void {
  for (const key in node) {
    if (SKIP_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (isNode(item)) fn(item);
        else if (Array.isArray(item)) for (const inner of item) if (isNode(inner)) fn(inner);
      }
    } else if (isNode(value)) fn(value);
  }
}

/** `node` and every node below it, in pre-order (an explicit stack: trees can be deep). */
export function subtree(node: ASTNode | null | undefined): ASTNode[] {
  const out: ASTNode[] = [];
  if (!node) return out;
  const stack: ASTNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const kids: ASTNode[] = [];
    forEachChild(n, (c) => kids.push(c));
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

const NO_CHILDREN: readonly ASTNode[] = [];

/**
 * Parents and nodes by type for one file, built by a single pre-order walk.
 * Rules and facts use it to look up and down the tree without walking again.
 */
export class AstIndex {
  private readonly parents = new Map<ASTNode, ASTNode>();
  private readonly kids = new Map<ASTNode, ASTNode[]>();
  private readonly byType = new Map<string, ASTNode[]>();
  /** Every node in pre-order. */
  readonly nodes: ASTNode[] = [];

  /** `check` may stop the indexing of a large tree (it throws `AnalysisStopped`). */
  constructor(
    readonly root: SourceUnit,
    check: Checkpoint = NEVER_STOP,
  ) {
    const checkNow = every(4096, check);
    const stack: ASTNode[] = [root];
    while (stack.length > 0) {
      checkNow();
      const node = stack.pop()!;
      this.nodes.push(node);
      let list = this.byType.get(node.type);
      if (!list) this.byType.set(node.type, (list = []));
      list.push(node);
      const all: ASTNode[] = [];
      const children: ASTNode[] = [];
      forEachChild(node, (c) => {
        all.push(c);
        if (!this.parents.has(c) && c !== root) {
          this.parents.set(c, node);
          children.push(c);
        }
      });
      if (all.length > 0) this.kids.set(node, all);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  /**
   * A node's children in source order, as `forEachChild` gives them. The
   * parser shares a state variable's initializer between two parents, so a
   * node can be the child of two; `parent()` gives the first.
   */
  children(node: ASTNode): readonly ASTNode[] {
    return this.kids.get(node) ?? NO_CHILDREN;
  }

  parent(node: ASTNode): ASTNode | undefined {
    return this.parents.get(node);
  }

  /** Ancestors from the nearest outwards. */
  ancestors(node: ASTNode): ASTNode[] {
    const out: ASTNode[] = [];
    for (let p = this.parents.get(node); p; p = this.parents.get(p)) out.push(p);
    return out;
  }

  /** The nearest ancestor of one of the given types. */
  enclosing<T extends ASTNodeTypeString>(node: ASTNode, ...types: T[]): Extract<ASTNode, { type: T }> | undefined {
    for (let p = this.parents.get(node); p; p = this.parents.get(p)) {
      if ((types as string[]).includes(p.type)) return p as Extract<ASTNode, { type: T }>;
    }
    return undefined;
  }

  ofType<T extends ASTNodeTypeString>(type: T): Array<Extract<ASTNode, { type: T }>> {
    return (this.byType.get(type) ?? []) as Array<Extract<ASTNode, { type: T }>>;
  }

  /** Every node below `node` (not including it), in pre-order. */
  descendants(node: ASTNode): ASTNode[] {
    if (!this.kids.has(node) && !this.parents.has(node) && node !== this.root) return subtree(node).slice(1);
    const out: ASTNode[] = [];
    const stack = [...this.children(node)].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      out.push(n);
      const k = this.kids.get(n);
      if (k) for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
    }
    return out;
  }
}
