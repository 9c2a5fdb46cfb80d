/**
 * The typed index (engine/src/facts/typed.ts): solc's compact AST of every
 * source unit of a compilation, found from the fast parser's nodes by range,
 * and the facts' answers from it: expression types, call kinds with their
 * callee, and the fall-back to the fast resolver where it has nothing. Real
 * solc (bundled), in process.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { ASTNode } from '@solidity-parser/parser/dist/src/ast-types';
import { parse, Project } from '../../engine/src';
import { createFactContext } from '../../engine/src/analyze';
import { prepareCompile, runCompile } from '../../engine/src/compile/compile';
import { typedIndexOf, withEveryAst } from '../../engine/src/deep/typed';
import { typeOf } from '../../engine/src/facts/declarations';
import { programFact, type FunctionInfo, type Program } from '../../engine/src/facts/program';
import { typedExpression, typeNameFromString, TypedIndex } from '../../engine/src/facts/typed';
import type { FactContext } from '../../engine/src/rules/framework';

const CASES = path.resolve(__dirname, '../fixtures/typed/cases');

/** Compiles a file with every source unit's AST and indexes it. */
function compileTyped(file: string, text = fs.readFileSync(file, 'utf8')): TypedIndex {
  const prepared = withEveryAst(prepareCompile({ path: file, text }));
  const out = runCompile(prepared);
  assert.ok(!out.failed && out.output, `${path.basename(file)} compiles: ${out.unavailable ?? out.findings.map((f) => f.message).join('; ')}`);
  return typedIndexOf(prepared, out.output);
}

/** The fact context of a file over its project, with or without the typed index. */
function contextOf(file: string, typed?: TypedIndex): FactContext {
  const text = fs.readFileSync(file, 'utf8');
  return createFactContext(parse(text), file, Project.forFile(file), undefined, typed);
}

const fnNamed = (p: Program, contract: string, name: string, params?: number): FunctionInfo => {
  const f = p.allContracts.find((c) => c.name === contract)!.functions.find((x) => x.name === name && (params === undefined || (x.node.parameters ?? []).length === params));
  assert.ok(f, `${contract}.${name}`);
  return f;
};

/** What the model records of a function's calls, in words. */
function calls(p: Program, fn: FunctionInfo): string[] {
  const out = [
    ...fn.internalCalls.map((c) => `internal ${c.target.contract.name || '<file>'}.${c.target.name}/${(c.target.node.parameters ?? []).length}${c.via ? ` via ${c.via}` : ''} [${p.callKind(c.node)}]`),
    ...fn.externalCalls.map((c) => `external ${c.kind} ${c.member}${c.callee ? ` -> ${c.callee.contract.name}.${c.callee.name}` : ''}${c.static ? ' static' : ''}${c.targetTypeName ? ` on ${c.targetTypeName}` : ''}${c.value ? ' +value' : ''} [${p.callKind(c.node)}]`),
    ...fn.events.filter((e) => e.type === 'FunctionCall').map(() => 'event'),
    ...fn.selfdestructs.map(() => 'selfdestruct'),
    ...fn.unresolvedCalls.map((u) => `unresolved ${u.name}`),
  ];
  return out.sort();
}

describe('typed index: solc types behind the facts', function () {
  this.timeout(120_000);

  it('reads solc type strings as type names', () => {
    const t = (s: string, id?: string) => JSON.stringify(typeNameFromString(s, id));
    assert.equal(t('uint256'), JSON.stringify({ type: 'ElementaryTypeName', name: 'uint256', stateMutability: null }));
    assert.equal(t('address payable'), JSON.stringify({ type: 'ElementaryTypeName', name: 'address', stateMutability: 'payable' }));
    assert.equal(t('bytes calldata'), JSON.stringify({ type: 'ElementaryTypeName', name: 'bytes', stateMutability: null }));
    assert.equal(t('string storage pointer'), JSON.stringify({ type: 'ElementaryTypeName', name: 'string', stateMutability: null }));
    assert.equal(t('contract IERC20'), JSON.stringify({ type: 'UserDefinedTypeName', namePath: 'IERC20' }));
    assert.equal(t('struct Pool.Slot storage ref'), JSON.stringify({ type: 'UserDefinedTypeName', namePath: 'Pool.Slot' }));
    assert.equal(t('Shares', 't_userDefinedValueType$_Shares_$3'), JSON.stringify({ type: 'UserDefinedTypeName', namePath: 'Shares' }));
    const nested = typeNameFromString('mapping(address => mapping(uint256 => struct M.S storage ref[] storage ref))') as unknown as { type: string; keyType: { name: string }; valueType: { type: string; valueType: { type: string; length: null; baseTypeName: { namePath: string } } } };
    assert.equal(nested.type, 'Mapping');
    assert.equal(nested.keyType.name, 'address');
    assert.equal(nested.valueType.type, 'Mapping');
    assert.equal(nested.valueType.valueType.type, 'ArrayTypeName');
    assert.equal(nested.valueType.valueType.length, null);
    assert.equal(nested.valueType.valueType.baseTypeName.namePath, 'M.S');
    const fixed = typeNameFromString('uint256[][3] memory') as unknown as { type: string; length: { number: string }; baseTypeName: { type: string; length: null } };
    assert.equal(fixed.type, 'ArrayTypeName');
    assert.equal(fixed.length.number, '3');
    assert.equal(fixed.baseTypeName.type, 'ArrayTypeName');
    // No declared type: literals, tuples, functions, types themselves, magic variables.
    for (const s of ['int_const 5', 'rational_const 1 / 2', 'literal_string "a"', 'tuple(bool,bytes memory)', 'function (uint256) returns (bool)', 'type(contract IERC20)', 'contract super Vault', 'msg']) assert.equal(typeNameFromString(s), undefined, s);
  });

  it('finds every expression of the compiled files by its range, and nothing in a changed text', () => {
    const file = path.join(CASES, 'AttachedCollision.sol');
    const typed = compileTyped(file);
    const ctx = contextOf(file, typed);
    let expressions = 0;
    let found = 0;
    for (const n of ctx.index.nodes as ASTNode[]) {
      if (!['FunctionCall', 'MemberAccess', 'IndexAccess', 'BinaryOperation', 'NumberLiteral', 'StringLiteral'].includes(n.type)) continue;
      expressions++;
      if (typedExpression(ctx, n)) found++;
    }
    assert.ok(expressions > 5);
    assert.equal(found, expressions, 'every call, member, index, operation and literal has its typed twin');
    // A text that differs from the one compiled finds nothing: the fast resolver answers.
    const edited = contextOf(file, typed);
    const changed = createFactContext(parse(edited.source + '\n'), file, Project.forFile(file), undefined, typed);
    assert.ok(changed.index.nodes.every((n) => typedExpression(changed, n) === undefined));
  });

  it('gives the callee of a call attached with `using for`, and of an interface method of the same name', () => {
    const file = path.join(CASES, 'AttachedCollision.sol');
    const typed = compileTyped(file);
    const fast = contextOf(file).fact(programFact);
    const deep = contextOf(file, typed).fact(programFact);
    // payOne: both tiers see the attached library function, run here.
    assert.deepEqual(calls(fast, fnNamed(fast, 'Payer', 'payOne')), ['internal TokenOps.transfer/2 [internal]']);
    assert.deepEqual(calls(deep, fnNamed(deep, 'Payer', 'payOne')), ['internal TokenOps.transfer/2 [internal]']);
    // pay: the fast tier takes the library function too; the compiler says it is the interface's.
    assert.deepEqual(calls(fast, fnNamed(fast, 'Payer', 'pay')), ['internal TokenOps.transfer/2 [internal]']);
    assert.deepEqual(calls(deep, fnNamed(deep, 'Payer', 'pay')), ['external high-level transfer -> IToken.transfer on IToken [external]']);
    const call = fnNamed(deep, 'Payer', 'pay').externalCalls[0];
    const t = typedExpression(contextOf(file, typed), call.node, fnNamed(deep, 'Payer', 'pay').file);
    assert.equal(t?.call?.calleeType, 'function (address,uint256) external returns (bool)');
    assert.equal(t?.call?.functionKind, 'external');
    assert.equal(t?.call?.callee?.kind, 'function');
    assert.equal(t?.call?.objectType, 'contract IToken');
  });

  it('resolves overloads by type, not by argument count', () => {
    const file = path.join(CASES, 'Overloads.sol');
    const typed = compileTyped(file);
    // The first parameter's type of each settle that `book` reaches, as the model records it.
    const reached = (p: Program) => fnNamed(p, 'Payouts', 'book').internalCalls.map((c) => ((c.target.node.parameters ?? [])[0] as unknown as { typeName: { name: string } }).typeName.name);
    assert.deepEqual(reached(contextOf(file).fact(programFact)), ['address'], 'the fast tier picks the first settle with two parameters');
    assert.deepEqual(reached(contextOf(file, typed).fact(programFact)), ['uint256'], 'the compiler picks settle(uint256, uint256)');
  });

  it('answers expression types the declarations cannot: call results, this, user value types', () => {
    const file = path.join(CASES, 'ValueTypes.sol');
    const ctx = contextOf(file, compileTyped(file));
    const plain = contextOf(file);
    const node = (text: string, type = 'FunctionCall') => ctx.index.nodes.find((n) => n.type === type && ctx.text(n) === text)!;
    const unwrap = node('Shares.unwrap(total)');
    assert.equal(typeOf(plain, plainNode(plain, 'Shares.unwrap(total)')), undefined, 'the fast tier does not type a call');
    assert.deepEqual(typeOf(ctx, unwrap), { type: 'ElementaryTypeName', name: 'uint256', stateMutability: null });
    // `total + amount` is the global operator on Shares: the same answer from either tier.
    const sum = node('total + amount', 'BinaryOperation');
    assert.equal((typeOf(ctx, sum) as { namePath: string }).namePath, 'Shares');
    assert.equal((typeOf(plain, plainNode(plain, 'total + amount', 'BinaryOperation')) as { namePath: string }).namePath, 'Shares');
  });

  it('classifies the calls of a 0.4 file as the fast tier does where it is right', () => {
    const file = path.join(CASES, 'Old04.sol');
    const typed = compileTyped(file);
    const fast = contextOf(file).fact(programFact);
    const deep = contextOf(file, typed).fact(programFact);
    const expected = [
      'event',
      'external call call +value [low-level]',
      'external high-level g -> C.g on C [external]',
      'external high-level transfer -> T.transfer on T [external]',
      'external send send +value [transfer]',
      'external transfer transfer +value [transfer]',
      'internal L.inc/1 [internal]',
      'internal L.pub/1 [library]',
      'selfdestruct',
    ];
    assert.deepEqual(calls(deep, fnNamed(deep, 'C', 'g')), expected);
    assert.deepEqual(calls(fast, fnNamed(fast, 'C', 'g')), expected);
  });
});

/** A node of a context by its text and type. */
function plainNode(ctx: FactContext, text: string, type = 'FunctionCall'): ASTNode {
  return ctx.index.nodes.find((n) => n.type === type && ctx.text(n) === text)!;
}
