import type { ASTNode, ASTNodeTypeString, SourceUnit } from '@solidity-parser/parser/dist/src/ast-types';
import { every, NEVER_STOP, type Checkpoint } from '../stop';

/** Keys of AST nodes that hold positions or comments rather than children. */
const SKIP_KEYS = new Set(['loc', 'range', 'comments', 'type']);

export function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The property of a node that holds its children once an `AstIndex` has listed them. */
const CHILDREN = Symbol('synor.children');

/**
 * The children of every node an `AstIndex` was built over, as `forEachChild`
 * found them then. Trees are not changed once indexed (the parser finishes a
 * tree before anything indexes it, and the language server's incremental
 * re-parse copies the nodes it changes), so the many walks of facts and rules
 * over an indexed tree read these lists instead of enumerating every node's
 * keys again; a tree nothing indexed is enumerated as it is. The list is kept
 * on the node itself, not enumerable: a lookup there is about twice as fast
 * as in a `WeakMap`, and no copy of the node (`{ ...node }`, as the
 * incremental re-parse makes), JSON or enumeration of its keys carries it.
 */
const indexedChildren = {
  get(node: ASTNode): readonly ASTNode[] | undefined {
    return (node as unknown as { [CHILDREN]?: readonly ASTNode[] })[CHILDREN];
  },
  set(node: ASTNode, kids: readonly ASTNode[]): void {
    Object.defineProperty(node, CHILDREN, { value: kids, writable: true, configurable: true, enumerable: false });
  },
};

/**
 * Forgets the children an index listed for `node`: for a tree changed in place
 * (the language server's member re-parse puts a new member into its contract).
 */
export function forgetChildren(node: ASTNode): void {
  delete (node as unknown as { [CHILDREN]?: readonly ASTNode[] })[CHILDREN];
}

/** Calls `fn` for every direct child node of `node`, in source order. */
export function forEachChild(node: ASTNode, fn: (child: ASTNode) => void): void {
  const known = indexedChildren.get(node);
  if (known) {
    for (let i = 0; i < known.length; i++) fn(known[i]);
    return;
  }
  enumerateChildren(node, fn);
}

function enumerateChildren(node: ASTNode, fn: (child: ASTNode) => void): void {
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
  const kids: ASTNode[] = [];
  const push = (c: ASTNode) => kids.push(c);
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const known = indexedChildren.get(n);
    if (known) {
      for (let i = known.length - 1; i >= 0; i--) stack.push(known[i]);
      continue;
    }
    kids.length = 0;
    enumerateChildren(n, push);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

const NO_CHILDREN: readonly ASTNode[] = [];

/**
 * The index of each whole tree that asked for one through `AstIndex.of`, by
 * root: a tree the language server changes in place (a member re-parsed) has
 * its index brought up to date (`replacedInPlace`) instead of built again.
 */
const indexes = new WeakMap<SourceUnit, AstIndex>();

/** Forgets the index of a tree whose `parent` had its children changed in place: the next `AstIndex.of` builds it again. */
export function forgetIndex(root: SourceUnit, parent: ASTNode): void {
  indexes.delete(root);
  forgetChildren(parent);
}

/**
 * Brings the index of a tree (if `AstIndex.of` made one) up to date after
 * `old`, a child of `parent`, was replaced in place by `fresh`, everything
 * else keeping its identity. Without a registered index, the parent's listed
 * children are forgotten; if anything does not add up, so is the index.
 */
export function replacedInPlace(root: SourceUnit, parent: ASTNode, old: ASTNode, fresh: ASTNode): void {
  const index = indexes.get(root);
  forgetChildren(parent);
  if (!index) return;
  try {
    index.replace(parent, old, fresh);
  } catch {
    indexes.delete(root);
  }
}

/**
 * Parents and nodes by type for one file, built by a single pre-order walk.
 * Rules and facts use it to look up and down the tree without walking again.
 */
export class AstIndex {
  private readonly parents = new Map<ASTNode, ASTNode>();
  private readonly byType = new Map<string, ASTNode[]>();
  /** Every node in pre-order. */
  readonly nodes: ASTNode[] = [];
  /**
   * Nodes listed as a child more than once (the parser shares a state
   * variable's initializer between two parents): the only nodes a walk over
   * `children` can meet twice.
   */
  readonly shared = new Set<ASTNode>();

  /**
   * `check` may stop the indexing of a large tree (it throws `AnalysisStopped`).
   * With `skip`, the nodes it returns true for are left out with all below them:
   * an index of part of a tree (see `analyzeMember`).
   */
  constructor(
    readonly root: SourceUnit,
    check: Checkpoint = NEVER_STOP,
    skip?: (node: ASTNode) => boolean,
  ) {
    const checkNow = every(4096, check);
    this.indexBelow(
      root,
      (node) => {
        this.nodes.push(node);
        let list = this.byType.get(node.type);
        if (!list) this.byType.set(node.type, (list = []));
        list.push(node);
      },
      checkNow,
      skip,
    );
  }

  /**
   * Indexes `top` and every node below it, in pre-order: each one's children
   * (kept on the node) and parent, and `visit` on it. A child listed twice is
   * indexed where it is listed first, and counted as shared.
   */
  private indexBelow(top: ASTNode, visit: (node: ASTNode) => void, check: () => void = () => undefined, skip?: (node: ASTNode) => boolean): void {
    const stack: ASTNode[] = [top];
    let all: ASTNode[] = [];
    const add = (c: ASTNode) => all.push(c);
    while (stack.length > 0) {
      check();
      const node = stack.pop()!;
      visit(node);
      enumerateChildren(node, add);
      if (all.length === 0) {
        indexedChildren.set(node, NO_CHILDREN);
        continue;
      }
      const kids = all;
      all = [];
      indexedChildren.set(node, kids);
      // Pushed last to first, so that the first child is indexed next (pre-order); a
      // child listed twice belongs where it is listed first.
      const from = stack.length;
      for (const c of kids) {
        if (skip && skip(c)) continue;
        if (!this.parents.has(c) && c !== this.root) {
          this.parents.set(c, node);
          stack.push(c);
        } else this.shared.add(c);
      }
      for (let i = from, j = stack.length - 1; i < j; i++, j--) {
        const t = stack[i];
        stack[i] = stack[j];
        stack[j] = t;
      }
    }
  }

  /**
   * The index of a whole tree, shared by everything that asks for one of the
   * same tree (the facts and the rules of successive analyses of one parse).
   */
  static of(root: SourceUnit, check: Checkpoint = NEVER_STOP): AstIndex {
    const known = indexes.get(root);
    if (known) return known;
    const index = new AstIndex(root, check);
    indexes.set(root, index);
    return index;
  }

  /**
   * Replaces `old` (a child of `parent`) and all below it by `fresh` and all
   * below it, in the same place of every list (see `replacedInPlace`).
   */
  replace(parent: ASTNode, old: ASTNode, fresh: ASTNode): void {
    if (this.parents.get(old) !== parent) throw new Error('not a child of that parent');
    const gone: ASTNode[] = [old, ...this.descendants(old)];
    const at = this.nodes.indexOf(old);
    for (let k = 0; k < gone.length; k++) if (this.nodes[at + k] !== gone[k]) throw new Error('the old subtree is not where it was indexed');
    for (const n of gone) {
      this.parents.delete(n);
      this.shared.delete(n);
    }
    // The new subtree, indexed as the constructor does.
    const added: ASTNode[] = [];
    this.parents.set(fresh, parent);
    this.indexBelow(fresh, (node) => added.push(node));
    const kids: ASTNode[] = [];
    enumerateChildren(parent, (c) => kids.push(c));
    indexedChildren.set(parent, kids);
    this.nodes.splice(at, gone.length, ...added);
    // Each type's list: the old subtree's nodes of that type were one run; the new ones take its place.
    const goneSet = new Set(gone);
    const byType = new Map<string, ASTNode[]>();
    for (const n of added) {
      let list = byType.get(n.type);
      if (!list) byType.set(n.type, (list = []));
      list.push(n);
    }
    const types = new Set<string>([...gone.map((n) => n.type), ...byType.keys()]);
    const start = fresh.range?.[0] ?? 0;
    for (const type of types) {
      let list = this.byType.get(type);
      if (!list) this.byType.set(type, (list = []));
      let i = list.findIndex((n) => goneSet.has(n));
      let count = 0;
      if (i >= 0) while (i + count < list.length && goneSet.has(list[i + count])) count++;
      else {
        // Where the subtree's first node of this type goes: after every node that starts before it, and after its ancestors.
        i = 0;
        while (i < list.length && ((list[i].range?.[0] ?? 0) < start || list[i] === parent || list[i] === this.root)) i++;
      }
      list.splice(i, count, ...(byType.get(type) ?? []));
      if (list.length === 0) this.byType.delete(type);
    }
  }

  /** True for the nodes of this index's tree (of its part, when built with `skip`). */
  has(node: ASTNode): boolean {
    return node === this.root || this.parents.has(node);
  }

  /**
   * A node's children in source order, as `forEachChild` gives them. The
   * parser shares a state variable's initializer between two parents, so a
   * node can be the child of two; `parent()` gives the first.
   */
  children(node: ASTNode): readonly ASTNode[] {
    return this.has(node) ? (indexedChildren.get(node) ?? NO_CHILDREN) : NO_CHILDREN;
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
    if (!this.has(node)) return subtree(node).slice(1);
    const out: ASTNode[] = [];
    const stack = [...this.children(node)].reverse();
    while (stack.length > 0) {
      const n = stack.pop()!;
      out.push(n);
      const k = indexedChildren.get(n);
      if (k) for (let i = k.length - 1; i >= 0; i--) stack.push(k[i]);
    }
    return out;
  }
}
