/**
 * Unit tests of the shared facts: the program model (inheritance, calls, state
 * reads and writes, external calls and whether their results are checked,
 * access control, reentrancy guards), taint, and the reentrancy analysis.
 */
import assert from 'node:assert/strict';
import { parse } from '../../engine/src/parse';
import { createFactContext } from '../../engine/src/analyze';
import { limitedGas, programFact, reentrancyFact, taintFact, type FunctionInfo, type Program } from '../../engine/src/facts';
import type { ASTNode } from '../../engine/src/rules/framework';

function factsOf(text: string) {
  const parsed = parse(text);
  assert.deepEqual(parsed.errors, [], 'the test source parses');
  const ctx = createFactContext(parsed, 'test.sol');
  const line = (n: ASTNode) => parsed.lines.positionAt(n.range![0]).line + 1;
  return { program: ctx.fact(programFact), taint: ctx.fact(taintFact), reentrancy: ctx.fact(reentrancyFact), line, ctx };
}

function fn(program: Program, contract: string, name: string): FunctionInfo {
  const f = program.functions.find((x) => x.contract.name === contract && x.name === name);
  assert.ok(f, `${contract}.${name} exists`);
  return f;
}

describe('facts: program model', () => {
  it('resolves inheritance, inherited state and modifiers within the file', () => {
    const { program } = factsOf(`pragma solidity ^0.8.0;
      contract A { address owner; modifier onlyOwner() { require(msg.sender == owner); _; } }
      contract B is A { uint x; function set(uint v) external onlyOwner { x = v; } }
      contract C is B, Imported { function f() external {} }`);
    const c = program.byName.get('C')!;
    assert.deepEqual(c.lineage.map((l) => l.name), ['C', 'B', 'A']);
    assert.deepEqual(c.externalBases, ['Imported']);
    assert.ok(c.stateVars.has('owner') && c.stateVars.has('x'));
    const set = fn(program, 'B', 'set');
    assert.equal(set.modifiers[0].target?.name, 'onlyOwner');
    assert.equal(program.isProtected(set), true);
  });

  it('follows internal calls and modifiers for state writes and reads', () => {
    const { program } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        uint a; uint b; mapping(address => uint) m;
        struct S { uint v; } mapping(uint => S) items;
        function outer() external { inner(); b = a; }
        function inner() internal { m[msg.sender] += 1; S storage s = items[1]; s.v = 2; }
      }`);
    const outer = fn(program, 'A', 'outer');
    assert.deepEqual([...program.writesOf(outer)].sort(), ['b', 'items', 'm']);
    assert.ok(program.readsOf(outer).has('a'));
    assert.deepEqual(program.entriesReaching(fn(program, 'A', 'inner')).map((f) => f.name), ['outer']);
  });

  it('classifies external calls, old and new syntax, and whether results are checked', () => {
    const { program, line } = factsOf(`pragma solidity ^0.4.24;
      interface IToken { function transfer(address, uint) external returns (bool); }
      contract A {
        IToken token;
        function f(address a) public {
          a.call.value(1)();
          require(a.send(1));
          a.transfer(1);
          bool ok = a.delegatecall("");
          if (!a.call("")) throw;
          token.transfer(a, 1);
          IToken(a).transfer(a, 2);
          this.g();
        }
        function g() public {}
      }`);
    const calls = fn(program, 'A', 'f').externalCalls.map((c) => `${line(c.node)}:${c.kind}:${c.member}:${c.checked ? 'checked' : 'unchecked'}${c.value ? ':value' : ''}`);
    assert.deepEqual(calls, ['6:call:call:unchecked:value', '7:send:send:checked:value', '8:transfer:transfer:checked:value', '9:delegatecall:delegatecall:unchecked', '10:call:call:checked', '11:high-level:transfer:unchecked', '12:high-level:transfer:unchecked', '13:high-level:g:unchecked']);
  });

  it('recognises access control in its common forms', () => {
    const { program } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        address owner; mapping(address => bool) admins; mapping(address => uint) balances;
        modifier auth() { if (msg.sender != owner) revert(); _; }
        function a() external auth {}
        function b() external { require(admins[msg.sender]); }
        function c() external onlyRole(0) {}
        function d() external { _checkOwner(); }
        function _checkOwner() internal view { require(owner == msg.sender); }
        function _looksLikeACheck() internal view { require(balances[msg.sender] > 0); }
        function i() external { _looksLikeACheck(); }
        function j() external { require(msg.sender == owner || balances[msg.sender] > 0); }
        function k() external { if (!admins[msg.sender]) revert(); }
        function l() external { require(isAdmin(msg.sender)); }
        function isAdmin(address who) public view returns (bool) { return admins[who]; }
        function m() external { _check(msg.sender); }
        function _check(address who) internal view { if (who != owner) revert(); }
        function e() external { if (msg.sender == owner) { owner = address(0); } }
        function f() external { require(balances[msg.sender] > 0); }
        function g() external { require(tx.origin == msg.sender); }
        struct Channel { address party; } mapping(uint => Channel) channels;
        function h(uint id) external { require(msg.sender == channels[id].party); }
      }`);
    const prot = (n: string) => program.isProtected(fn(program, 'A', n));
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(prot), [true, true, true, true, true, false, false]);
    // Decided by what the helper checks, not by its name; `||` gates only when both sides do.
    assert.deepEqual(['i', 'j', 'k', 'l', 'm'].map(prot), [false, false, true, true, true]);
    assert.ok(program.authority.has('owner') && program.authority.has('admins'));
    assert.ok(!program.authority.has('balances'));
    // A per-entry participant check guards the call but names no role.
    assert.equal(program.isProtected(fn(program, 'A', 'h')), true);
    assert.ok(!program.authority.has('channels'));
  });

  it('sees the caller through conversions in a context helper, and tells roles from per-item checks', () => {
    const { program } = factsOf(`pragma solidity ^0.8.0;
      abstract contract Ctx { function _sender() internal view virtual returns (address payable) { return payable(msg.sender); } }
      contract A is Ctx {
        address admin; struct Item { address holder; } mapping(uint => Item) items;
        modifier onlyAdmin() { require(admin == _sender(), "admin"); _; }
        modifier holds(uint id) { require(items[id].holder == address(msg.sender)); _; }
        modifier self() { require(msg.sender == address(this)); _; }
        constructor() { admin = msg.sender; }
        function a() external onlyAdmin {}
        function b(uint id) external holds(id) {}
        function c() external self {}
        function d() external {}
      }`);
    const f = (n: string) => fn(program, 'A', n);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((n) => program.isProtected(f(n))), [true, true, true, false]);
    // Only the role and the contract itself make a function privileged; the holder of an item is anyone.
    assert.deepEqual(['a', 'b', 'c', 'd'].map((n) => program.privileged(f(n))), [true, false, true, false]);
  });

  it('recognises reentrancy guards: named modifiers and lock flags', () => {
    const { program } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        bool locked;
        modifier lockIt() { require(!locked); locked = true; _; locked = false; }
        function a() external nonReentrant {}
        function b() external lockIt {}
        function c() external {}
      }`);
    assert.deepEqual(['a', 'b', 'c'].map((n) => program.isGuarded(fn(program, 'A', n))), [true, true, false]);
  });

  it('treats 0.4 constructor-named functions as constructors and default visibility as public', () => {
    const { program } = factsOf(`pragma solidity ^0.4.24;
      contract Wallet { address owner; function Wallet() { owner = msg.sender; } function pay() { } }`);
    assert.equal(fn(program, 'Wallet', 'Wallet').kind, 'constructor');
    const pay = fn(program, 'Wallet', 'pay');
    assert.equal(pay.isEntry, true);
    assert.equal(pay.defaultVisibility, true);
  });
});

describe('facts: taint', () => {
  it('carries parameters, msg values and block values through locals and internal calls', () => {
    const { program, taint, ctx } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        address target; address fixedTarget;
        constructor(address t) { fixedTarget = t; }
        function setTarget(address t) external { target = t; }
        function f(address p) external { address q = p; uint r = block.timestamp; g(q, r); }
        function g(address x, uint y) internal { x; y; }
      }`);
    const g = fn(program, 'A', 'g');
    const vars = taint.vars(g);
    assert.deepEqual([...vars.get('x')!], ['param']);
    assert.deepEqual([...vars.get('y')!], ['block']);
    assert.ok(taint.userState.has('target'), 'set by anyone from an argument');
    assert.ok(!taint.userState.has('fixedTarget'), 'set only in the constructor');
    const f = fn(program, 'A', 'f');
    const body = f.node.body!;
    const rDecl = body.statements[1] as ASTNode;
    assert.ok(taint.of(f, (rDecl as { initialValue: ASTNode }).initialValue).has('block'));
    void ctx;
  });

  it('does not treat a value looked up by a caller-chosen key as caller-chosen', () => {
    const { program, taint } = factsOf(`pragma solidity ^0.8.0;
      contract A { mapping(uint => address) payees; function f(uint i) external { address to = payees[i]; to; } }`);
    const f = fn(program, 'A', 'f');
    assert.deepEqual([...(taint.vars(f).get('to') ?? new Set())], []);
  });
});

describe('facts: reentrancy analysis', () => {
  it('finds writes after a call, through branches, helpers and modifiers', () => {
    const { reentrancy, line } = factsOf(`pragma solidity ^0.4.24;
      interface Bank { function supportsToken() external returns (bytes32); }
      contract A {
        mapping(address => uint) balances;
        modifier checkBank() { require(Bank(msg.sender).supportsToken() == 0); _; }
        function withdraw(uint amount) public {
          if (msg.sender.call.value(amount)()) { balances[msg.sender] -= amount; }
        }
        function withdrawAll() public { require(msg.sender.call.value(1)()); clear(); }
        function clear() internal { balances[msg.sender] = 0; }
        function air() public checkBank { balances[msg.sender] += 20; }
        function safe() public { balances[msg.sender] = 0; msg.sender.transfer(1); }
      }`);
    const got = reentrancy.hazards.map((h) => `${h.entry.name}:${line(h.call.node)}:${h.sendsEth ? 'eth' : 'no-eth'}:${h.writes.map((w) => `${w.name}@${line(w.node)}`).join(',')}`).sort();
    assert.deepEqual(got, ['air:5:no-eth:balances@11', 'withdraw:7:eth:balances@7', 'withdrawAll:9:eth:balances@10']);
  });

  it('skips guarded functions and calls that cannot re-enter', () => {
    const { reentrancy } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        uint x;
        function a() external nonReentrant { (bool ok, ) = msg.sender.call(""); require(ok); x = 1; }
        function b() external { payable(msg.sender).transfer(1); x = 2; }
        function c() external { (bool ok, ) = msg.sender.staticcall(""); require(ok); x = 3; }
        function d() external { this.e(); x = 4; }
        function e() external {}
      }`);
    // Only the 2300-gas transfer remains, marked as such (reported at info severity).
    assert.deepEqual(reentrancy.hazards.map((h) => [h.entry.name, h.call.kind, limitedGas(h.call)]), [['b', 'transfer', true]]);
  });

  it('sees a call late in a loop body as preceding a write early in the next iteration', () => {
    const { reentrancy } = factsOf(`pragma solidity ^0.8.0;
      contract A {
        uint n;
        function f(address[] calldata to) external {
          for (uint i = 0; i < to.length; i++) { n += 1; (bool ok, ) = to[i].call(""); require(ok); }
        }
      }`);
    assert.equal(reentrancy.hazards.length, 1);
    assert.deepEqual(reentrancy.hazards[0].writes.map((w) => w.name), ['n']);
  });
});

describe('facts: bounded work', () => {
  it('analyses a dense, deep internal call graph without blowing up', function () {
    this.timeout(120_000);
    let src = 'pragma solidity ^0.8.0;\ncontract Big {\n uint x;\n';
    const n = 300;
    for (let i = 0; i < n; i++) {
      const calls = [1, 2, 3].map((k) => (i + k < n ? `f${i + k}(a);` : '')).join(' ');
      src += ` function f${i}(address a) public { if (x > ${i}) { ${calls} } else { ${calls} } (bool ok, ) = a.call(""); require(ok); x = ${i}; }\n`;
    }
    src += '}\n';
    const { reentrancy } = factsOf(src);
    assert.ok(reentrancy.hazards.length > 0, 'the call-then-write in each function is still found');
  });
});
