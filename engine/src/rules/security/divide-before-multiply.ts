import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule, type NodeOf } from '../framework';
import { isAssignment, isNumberLiteral, unparen } from '../../facts/ast-util';
import { declarationOf, isCompileTimeConstant } from '../../facts/declarations';

type Division = NodeOf<'BinaryOperation'>;

function isDivision(n: ASTNode | null | undefined): n is Division {
  return !!n && n.type === 'BinaryOperation' && n.operator === '/';
}

export default defineRule({
  meta: {
    id: 'divide-before-multiply',
    title: 'Division before multiplication',
    category: 'security',
    severity: 'medium',
    confidence: 'medium',
    description: 'Integer division truncates; multiplying its result multiplies the rounding error.',
    messages: { 'divide-then-multiply': 'The result of a division is multiplied, multiplying its rounding error' },
    fix: 'unsafe',
    aliases: { slither: ['divide-before-multiply'], aderyn: ['division-before-multiplication'], '4naly3er': ['L/MultiplicationBeforeDivision', 'L/precisionLoss', 'L/possibleRounding'] },
  },
  create(ctx) {
    const atom = (n: ASTNode): string => {
      const t = ctx.text(n);
      return n.type === 'BinaryOperation' || n.type === 'Conditional' ? `(${t})` : t;
    };
    /** The division a variable was initialised with, when it is a local assigned exactly once. */
    const divisionBehind = (n: ASTNode): Division | undefined => {
      if (n.type !== 'Identifier') return undefined;
      const decl = declarationOf(ctx, n, n.name);
      if (!decl || decl.isStateVar) return undefined;
      const stmt = ctx.parent(decl);
      if (!stmt || stmt.type !== 'VariableDeclarationStatement' || stmt.variables.length !== 1 || !stmt.initialValue) return undefined;
      const init = unparen(stmt.initialValue);
      if (!isDivision(init)) return undefined;
      const fn = ctx.index.enclosing(n, 'FunctionDefinition', 'ModifierDefinition');
      if (!fn || !fn.body) return undefined;
      // A later reassignment breaks the link between the name and the division.
      for (const d of ctx.index.descendants(fn.body)) {
        if (d.type === 'BinaryOperation' && /^[-+*/%|&^]?=$|^<<=$|^>>=$/.test(d.operator) && d.operator !== '==' && unparen(d.left).type === 'Identifier' && (unparen(d.left) as NodeOf<'Identifier'>).name === n.name) return undefined;
      }
      return init;
    };
    const isProduct = (n: ASTNode): boolean => {
      const e = unparen(n);
      return e.type === 'BinaryOperation' && e.operator === '*';
    };
    /** The product is the left side of a division by a compile-time constant. */
    const rescaledByConstant = (mul: NodeOf<'BinaryOperation'>): boolean => {
      if (mul.operator !== '*') return false;
      let child: ASTNode = mul;
      let p = ctx.parent(mul);
      while (p && p.type === 'TupleExpression' && p.components.length === 1) (child = p), (p = ctx.parent(p));
      return !!p && p.type === 'BinaryOperation' && p.operator === '/' && p.left === child && isCompileTimeConstant(ctx, p.right);
    };
    /** The same expression also uses `x % d` for the division `x / d`. */
    const remainderKept = (mul: NodeOf<'BinaryOperation'>, div: Division): boolean => {
      let top: ASTNode = mul;
      for (let p = ctx.parent(top); p && (p.type === 'BinaryOperation' || p.type === 'TupleExpression') && !isAssignment(p); p = ctx.parent(p)) top = p;
      const l = ctx.text(unparen(div.left));
      const r = ctx.text(unparen(div.right));
      return ctx.index.descendants(top).some((d) => d.type === 'BinaryOperation' && d.operator === '%' && ctx.text(unparen(d.left)) === l && ctx.text(unparen(d.right)) === r);
    };
    /**
     * The quotient held in local `n` is a search point, not an amount: `n` is declared in a
     * loop that feeds it back into a variable the division is computed from
     * (`mid = (low + high) / 2; … low = mid;` / `high = mid - 1`). Each round rounds afresh,
     * and the search, not this product, decides the result.
     */
    const searchIterate = (n: ASTNode, div: Division): boolean => {
      if (n.type !== 'Identifier') return false;
      const decl = declarationOf(ctx, n, n.name);
      const loop = decl && ctx.index.enclosing(decl, 'ForStatement', 'WhileStatement', 'DoWhileStatement');
      if (!decl || !loop) return false;
      const inputs = new Set(ctx.index.descendants(div).filter((d) => d.type === 'Identifier').map((d) => (d as NodeOf<'Identifier'>).name));
      inputs.delete(n.name);
      const isN = (e: ASTNode) => {
        const x = unparen(e);
        return x.type === 'Identifier' && x.name === n.name;
      };
      return ctx.index.descendants(loop).some((d) => {
        if (d.type !== 'BinaryOperation' || d.operator !== '=') return false;
        const l = unparen(d.left);
        if (l.type !== 'Identifier' || !inputs.has(l.name)) return false;
        const r = unparen(d.right);
        return isN(r) || (r.type === 'BinaryOperation' && (r.operator === '+' || r.operator === '-') && isN(r.left));
      });
    };
    const check = (mul: NodeOf<'BinaryOperation'>, operand: ASTNode, other: ASTNode) => {
      const u = unparen(operand);
      const direct = isDivision(u);
      const div = direct ? u : divisionBehind(u);
      if (!div) return false;
      if (!direct && searchIterate(u, div)) return false;
      // Literal arithmetic is evaluated exactly by the compiler.
      if (isCompileTimeConstant(ctx, div) && isCompileTimeConstant(ctx, other)) return false;
      // With a literal divisor and a literal factor (`n / 3 * 4`, chunk counts)
      // the error is below the factor in base units, and the intent is plain.
      if (isNumberLiteral(div.right) && isNumberLiteral(other)) return false;
      // `x / unit * unit` rounds down to a multiple of `unit`: truncation is the intent.
      if (ctx.text(unparen(div.right)) === ctx.text(unparen(other))) return false;
      // Fixed-point arithmetic: the quotient was scaled up before dividing (`a * b / UNIT`,
      // `a * UNIT / b`) and the product is scaled back down by a constant (`q * c / UNIT`), so
      // each step keeps the unit's precision and loses at most one unit of it.
      if (isProduct(div.left) && rescaledByConstant(mul)) return false;
      // `x / d * y + (x % d) * y / d`: the remainder the division drops is added back.
      if (remainderKept(mul, div)) return false;
      const fixes = [];
      if (direct && mul.operator === '*') {
        const product = operand === mul.left ? `${atom(div.left)} * ${atom(other)}` : `${atom(other)} * ${atom(div.left)}`;
        const parent = ctx.parent(mul);
        const wrap = !!parent && (parent.type === 'BinaryOperation' || parent.type === 'UnaryOperation' || parent.type === 'MemberAccess' || parent.type === 'IndexAccess');
        const text = `${product} / ${atom(div.right)}`;
        fixes.push({ title: 'Multiply before dividing', safety: 'unsafe' as const, edits: [ctx.edit.replace(mul, wrap ? `(${text})` : text)] });
      }
      ctx.report({
        node: mul,
        message: `${ctx.text(div)} is truncated before it is multiplied, which multiplies the rounding error. Multiply first, then divide.`,
        fixes,
      });
      return true;
    };
    return {
      BinaryOperation(node: NodeOf<'BinaryOperation'>) {
        // A partial tree may hold a half-built operation: there is nothing to judge.
        if (!node.left || !node.right) return;
        if (node.operator === '*') {
          if (!check(node, node.left, node.right)) check(node, node.right, node.left);
        } else if (node.operator === '*=') {
          check(node, node.left, node.right);
        }
      },
    };
  },
});
