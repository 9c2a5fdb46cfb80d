import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { defineRule } from '../framework';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';
import { isSender, unparen } from '../../facts/ast-util';
import { forEachChild } from '../../facts/ast-index';


export default defineRule({
  meta: {
    id: 'unprotected-ownership',
    title: 'Anyone can take an access-control role',
    category: 'security',
    // Production advice: test and script code is never deployed to hold value.
    testCode: false,
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A public function that checks no caller writes a variable that other functions use to decide who may act (owner, admins).',
    messages: { 'open-role-write': 'A function that checks no caller writes the state that decides who is privileged' },
    fix: 'none',
    aliases: { slither: ['unprotected-upgrade'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        if (program.authority.size === 0) return;
        for (const fn of program.functions) {
          // A one-time setup (an initializer) is unprotected-initializer's question.
          if (!fn.isEntry || program.isProtected(fn) || program.isOneShot(fn)) continue;
          const reach = program.reachable(fn);
          const hits: Array<{ name: string; node: ASTNode }> = [];
          for (const f of reach) {
            if (f.kind === 'modifier' || (f !== fn && program.isProtected(f))) continue;
            for (const [name, nodes] of f.writes) {
              if (!program.authority.has(name) || !fn.contract.stateVars.has(name)) continue;
              // `isOperator[msg.sender][op] = true` changes the caller's own entry, not someone else's power.
              // So does a helper's write keyed by a parameter that every call within the entry's
              // reach passes the caller to (`_enrol(msg.sender)` writing `members[who]`).
              const foreign = nodes.filter((n) => !ownEntry(program, n, f, reach));
              if (foreign.length > 0) hits.push({ name, node: foreign[0] });
            }
          }
          if (hits.length === 0) continue;
          const names = [...new Set(hits.map((h) => `\`${h.name}\``))].join(', ');
          ctx.report({
            node: fn.node,
            message: `${fn.name || fn.kind}() checks no caller, yet it writes ${names}, which decide${hits.length > 1 ? '' : 's'} who may call the guarded functions: anyone can make themselves privileged.${fn.name && fn.name.toLowerCase() === fn.contract.name.toLowerCase() ? ' (Was this meant to be the constructor? Its name does not match the contract exactly.)' : ''}`,
          });
        }
      },
    };
  },
});

/**
 * Whether a write changes only the caller's own entry: the first key of `m[a][b]` (through a
 * storage pointer to an entry, too) is the caller, or a parameter of `f` that each call of `f`
 * within `reach` passes the caller to.
 */
function ownEntry(program: Program, write: ASTNode, f: FunctionInfo, reach: ReadonlySet<FunctionInfo>): boolean {
  const target = write.type === 'BinaryOperation' ? write.left : write.type === 'UnaryOperation' ? write.subExpression : undefined;
  if (!target) return false;
  const firstKey = firstKeyOf(unparen(target), f, 0);
  return !!firstKey && callerValue(program, firstKey, f, reach, 0);
}

/** The innermost index of `m[a][b]`, `a`; through `S storage p = m[a];` for `p.x`. */
function firstKeyOf(e: ASTNode, f: FunctionInfo, depth: number): ASTNode | undefined {
  let n: ASTNode = e;
  let firstKey: ASTNode | undefined;
  while (n.type === 'IndexAccess' || n.type === 'MemberAccess') {
    if (n.type === 'IndexAccess') {
      firstKey = n.index ?? undefined;
      n = unparen(n.base);
    } else n = unparen(n.expression);
  }
  if (firstKey) return unparen(firstKey);
  if (n.type !== 'Identifier' || depth > 2) return undefined;
  const decl = f.locals.get(n.name) as { storageLocation?: string | null } | undefined;
  if (decl?.storageLocation !== 'storage') return undefined;
  const init = localInitOf(f, n.name);
  return init ? firstKeyOf(unparen(init), f, depth + 1) : undefined;
}

/** The value a local is declared with (`S storage p = m[a];`), when it is declared once with one. */
function localInitOf(f: FunctionInfo, name: string): ASTNode | undefined {
  let found: ASTNode | undefined;
  let count = 0;
  const visit = (n: ASTNode) => {
    if (n.type === 'VariableDeclarationStatement' && n.variables.length === 1 && (n.variables[0] as { name?: string } | null)?.name === name) {
      count++;
      found = n.initialValue ?? undefined;
    }
    forEachChild(n, visit);
  };
  if (f.node.body) visit(f.node.body);
  return count === 1 ? found : undefined;
}

/** The caller (`msg.sender`, `_msgSender()`, a local copy), or a parameter of `f` that every direct call of `f` from `reach` passes the caller to. */
function callerValue(program: Program, e: ASTNode, f: FunctionInfo, reach: ReadonlySet<FunctionInfo>, depth: number): boolean {
  if (isSender(e) || program.isCaller(f, e)) return true;
  if (e.type !== 'Identifier' || depth > 3) return false;
  const params = (f.node.parameters ?? []) as Array<{ name?: string | null }>;
  const at = params.findIndex((p) => p.name === e.name);
  if (at < 0) return false;
  let calls = 0;
  for (const g of reach) {
    for (const c of g.internalCalls) {
      if (c.target !== f) continue;
      // Only a direct call `f(…)`: a library call through `using for` shifts the arguments.
      if (unparen(c.node.expression).type !== 'Identifier') return false;
      const arg = c.node.arguments[at];
      if (!arg || !callerValue(program, unparen(arg), g, reach, depth + 1)) return false;
      calls++;
    }
  }
  return calls > 0;
}
