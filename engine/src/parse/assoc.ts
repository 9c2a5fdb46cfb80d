/**
 * Assignment is right-associative in Solidity (`a = b = c` is `a = (b = c)`,
 * `s += x = f()` is `s += (x = f())`), but the grammar's AST builder nests a
 * chain of assignments to the left, as if it were `(a = b) = c`. Read that way,
 * the second target looks like the value of the first, and the first like the
 * target of the whole: rules would see `x` read where it is written, and a fix
 * that rewrites the outer assignment would produce code that does not compile.
 * This puts every chain the way the compiler reads it, in place.
 */
import type { ASTNode, BinaryOperation } from '@solidity-parser/parser/dist/src/ast-types';
import { forEachChild } from '../facts/ast-index';

const ASSIGNMENT = new Set(['=', '+=', '-=', '*=', '/=', '%=', '|=', '&=', '^=', '<<=', '>>=', '>>>=']);

const isAssignment = (n: ASTNode | null | undefined): n is BinaryOperation => !!n && n.type === 'BinaryOperation' && ASSIGNMENT.has(n.operator);

/** Re-nests left-nested assignment chains to the right, keeping the outermost node (and so its parent's link). */
export function rightAssociateAssignments(root: ASTNode): void {
  // An explicit stack: trees can be very deep.
  const stack: ASTNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (isAssignment(n)) {
      // (a opL b) opN c  →  a opL (b opN c), until the left side is no assignment.
      // A partial tree may hold half-built operations: those are left as they are.
      while (isAssignment(n.left) && n.left.left && n.left.right && n.right) {
        const inner = n.left;
        const a = inner.left;
        const b = inner.right;
        const c = n.right;
        const opL = inner.operator;
        inner.operator = n.operator;
        inner.left = b;
        inner.right = c;
        if (b.range && c.range) inner.range = [b.range[0], c.range[1]];
        n.operator = opL;
        n.left = a;
        n.right = inner;
      }
    }
    forEachChild(n, (c) => stack.push(c));
  }
}
