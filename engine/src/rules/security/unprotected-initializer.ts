import { defineRule, type ASTNode } from '../framework';
import { forEachChild } from '../../facts/ast-index';
import { isSelfAddress, requireCondition, unparen } from '../../facts/ast-util';
import { programFact, type FunctionInfo, type Program } from '../../facts/program';


export default defineRule({
  meta: {
    id: 'unprotected-initializer',
    title: 'Initializer anyone can call',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    swc: 'SWC-105',
    description: 'A public initializer sets up ownership or configuration but nothing stops a stranger from calling it (again), or from initialising the implementation behind a proxy.',
    messages: { 'open-initializer': 'An initializer anyone can call first, on a contract that holds selfdestruct or delegatecall' },
    fix: 'none',
    aliases: { slither: ['unprotected-upgrade'], aderyn: ['unprotected-initializer'], '4naly3er': ['L/frontRunnableInitializer', 'L/disableInitImpl', 'L/upgradeableNotInit'] },
  },
  create(ctx) {
    return {
      'SourceUnit:exit'() {
        const program = ctx.fact(programFact);
        for (const fn of program.functions) {
          // An initializer, by what it does: a one-time guard (storage checked, then set for good).
          if (!fn.isEntry || program.isProtected(fn) || !program.isOneShot(fn)) continue;
          if (program.writesOf(fn).size === 0 && program.storeKeysOf(fn).size === 0) continue;
          // The first caller decides nothing: a function that takes no input and reads neither
          // the caller nor the call leaves the same state whoever calls it (a switch anyone may
          // flip once its own conditions hold), so there is nothing to take by calling first.
          if (!takesInput(program, fn)) continue;
          // It reverts unless run through a proxy's delegatecall (`onlyProxy`): the deployed code itself
          // cannot be initialised, so no caller can take or destroy what every proxy runs.
          if (onlyDelegated(program, fn)) continue;
          const c = fn.contract;
          // Initialised (or disabled) at deployment: the constructor sets the guard's storage.
          // A mapping checked and set is a once-per-key record (an order, a claim, a cooldown),
          // not a once-per-contract initializer: every new key passes it again.
          const keys = new Set([...program.oneShotKeys(fn)].filter((k) => c.stateVars.get(k)?.typeName?.type !== 'Mapping'));
          if (keys.size === 0) continue;
          const ctors = c.lineage.flatMap((l) => l.functions.filter((f) => f.kind === 'constructor'));
          if (ctors.some((ctor) => program.reachable(ctor).has(fn) || [...program.storeKeysOf(ctor)].some((k) => keys.has(k)))) continue;
          // Whoever calls first takes it: harmful where the contract can be destroyed or hijacked
          // (selfdestruct, delegatecall), as with a wallet library or a proxy's implementation.
          const dangerous = c.allFunctions.some((f) => {
            const reach = program.reachable(f);
            return [...reach].some((g) => g.selfdestructs.length > 0 || g.externalCalls.some((x) => x.kind === 'delegatecall'));
          });
          if (!dangerous) continue;
          ctx.report({ node: fn.node, message: `${c.name} can be initialised by whoever calls ${fn.name}() first (it sets ${describe(program, fn)} once), and its deployment never does so; it also holds selfdestruct or delegatecall, so the first caller can destroy or hijack it (and every proxy or wallet that uses it).` });
        }
      },
    };
  },
});

function describe(program: Program, fn: FunctionInfo): string {
  const writes = [...program.writesOf(fn)].filter((w) => w !== '<assembly>');
  return writes.length ? writes.slice(0, 4).map((w) => `\`${w}\``).join(', ') : 'its configuration';
}

const CALL_MEMBERS = new Set(['msg.sender', 'msg.value', 'msg.data', 'msg.sig', 'tx.origin']);
const CALL_OPCODES = new Set(['caller', 'origin', 'callvalue', 'calldataload', 'calldatacopy', 'calldatasize']);

/** Whether what `fn` does can depend on who calls it or on what the call carries: parameters, the caller, value or calldata, in anything it runs. */
function takesInput(program: Program, fn: FunctionInfo): boolean {
  if (fn.params.size > 0 || fn.payable) return true;
  for (const g of program.reachable(fn)) {
    if (!g.node.body) continue;
    let found = false;
    const visit = (n: ASTNode) => {
      if (found) return;
      if (n.type === 'MemberAccess' && n.expression.type === 'Identifier' && CALL_MEMBERS.has(`${n.expression.name}.${n.memberName}`)) found = true;
      else if (n.type === 'AssemblyCall' && CALL_OPCODES.has(n.functionName)) found = true;
      else forEachChild(n, visit);
    };
    // The modifiers it runs are in its reach too.
    visit(g.node.body);
    if (found) return true;
  }
  return false;
}

/**
 * A check that dominates `fn` (in its modifiers or its own first statements) requires
 * `address(this) != self`, `self` an immutable holding the deployed address: the function runs
 * only in another contract's storage, through delegatecall.
 */
function onlyDelegated(program: Program, fn: FunctionInfo): boolean {
  /** The expression a statement `e;` evaluates. */
  const evaluated = (st: ASTNode): ASTNode | undefined => (st.type === 'ExpressionStatement' && st.expression ? (st.expression as ASTNode) : undefined);
  /** `name = address(this);` */
  const storesSelf = (st: ASTNode, name: string): boolean => {
    const e = evaluated(st);
    if (!e || e.type !== 'BinaryOperation' || e.operator !== '=') return false;
    const left = unparen(e.left);
    return left.type === 'Identifier' && left.name === name && isSelfAddress(unparen(e.right));
  };
  const deployedSelf = (g: FunctionInfo, e: ASTNode): boolean => {
    const x = unparen(e);
    if (x.type !== 'Identifier') return false;
    const r = program.resolve(g, x.name);
    if (r?.kind !== 'state' || !r.v.immutable) return false;
    const init = r.v.decl.initialValue;
    if (init) return isSelfAddress(unparen(init));
    return r.v.contract.functions.some((c) => c.kind === 'constructor' && !!c.node.body && (c.node.body.statements as ASTNode[]).some((st) => storesSelf(st, x.name)));
  };
  const differs = (g: FunctionInfo, cond: ASTNode): boolean => {
    const c = unparen(cond);
    if (c.type !== 'BinaryOperation' || c.operator !== '!=') return false;
    return (isSelfAddress(unparen(c.left)) && deployedSelf(g, c.right)) || (isSelfAddress(unparen(c.right)) && deployedSelf(g, c.left));
  };
  const checks = (g: FunctionInfo): boolean =>
    !!g.node.body &&
    (g.node.body.statements as ASTNode[]).some((st) => {
      const e = evaluated(st);
      const cond = e ? requireCondition(e) : undefined;
      return !!cond && differs(g, cond);
    });
  return checks(fn) || fn.modifiers.some((m) => !!m.target && checks(m.target));
}
