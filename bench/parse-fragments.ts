/**
 * Small Solidity files put together at random from fragments chosen for the
 * grammar's ambiguous and rarely seen corners (valid and invalid), for the
 * differential check of the fast parser (bench/parse-diff.ts). Real files
 * rarely reach these corners; these files reach little else.
 */

const STATEMENTS = `address payable;|address payable x;|address payable = 1;|payable(x).transfer(1);|a.b[] memory c;|a[1] b;|a[1] = b;|a[] b;|uint[] x;|uint[](1);
(a) = b;|(a, b) = c;|(uint a) = b;|(,) = c;|();|(,);|(a,);|(uint a,) = b;|(, uint a) = b;|(uint a, , ) = b;|(uint a, b) = c;|(uint a, uint b);
revert E();|revert(E());|revert E;|revert;|revert x = 1;|emit E();|emit E;|emit E().f();|emit E{value: 1}();|revert E.F(1);|emit from();
calldata x;|x calldata y;|x memory;|bytes calldata;|bytes calldata x;|x storage y = z;|var x;|var (a,) = b;|var () = b;|var (a, b);|var x = 1;
type(x).y;|type x;|function () internal f;|function () internal returns (uint) f = g;|function () external payable h;|function (uint) external view returns (bool)[] memory fs;
from x;|error e;|x.error;|from.from;|f{value: 1};|f{value: 1}{gas: 2}();|f{}();|x ? y : z = 1;|a = b ? c : d;|a ? b : c ? d : e;
-1 ** 2;|!a == b;|~a ** b;|++a++;|delete a.b[c];|new a.b[](1);|new uint[](1)[0];|new uint;|new address payable[](1);|a++ ++;|- -a;|!!a;
assembly { x }|assembly { x := 1 }|assembly { x, y := f() }|assembly { x.slot := 1 }|assembly { let x.y := 1 }|assembly { f() := 1 }|assembly { leave }
assembly { 1 ether }|assembly { "a" "b" }|assembly { x: }|assembly { return }|assembly { byte }|assembly { address := 1 }|assembly { for {} 1 {} {} }
assembly { switch x }|assembly { switch x default {} case 1 {} }|assembly { function f() -> {} }|assembly { if 1 {} else {} }|assembly { let (a, b) := f() }
assembly { a.b.c }|assembly { f(a.b) }|assembly { f(x := 1) }|assembly { true }|assembly { hex"00" }|assembly { =: x }|assembly { 1 =: x }|assembly { f (a) := 1 }
assembly { x (a, b) := f() }|assembly { let x := f() g() }|assembly { break continue }|assembly { f(,) }|assembly { f(1,) }|assembly { let x := 1 ether }
assembly ("memory-safe") {}|assembly "evmasm" ("a") {}|assembly ("a" "b") {}|assembly unicode"x" {}|assembly { for { } lt(i, 1) i { } }|assembly { let x, y }
try f() {} catch {}|try f() returns (uint) {} catch Foo() {}|try f() {} catch Error() {}|try f() {}|try f() {} catch () {}|try f{value: 1}() {} catch (bytes memory) {}
unchecked { }|unchecked x;|for (var i = 0; i < 1; i++) {}|for (;;) {}|for (x;;) {}|for (uint i;;) {}|for ((a, b) = f();;) {}|for (;;x++) y;|for (emit E();;) {}
do x; while (y);|while (x);|x[:];|x[1:][2];|x[:1:2];|a.b.c d;|a.b.c[1] d;|mapping(a => b) c;|mapping(a b => c d) e;|mapping(uint => mapping(uint => uint)) storage m;
x = [1, 2][0];|x = [];|x = ();|x = (1,);|payable x;|payable(x);|payable;|address x = address(0);|address(x).y;|address[] x;|address[2](x);|address[](x);
string(x);|bytes.concat(a);|string.concat(a);|uint.max;|this.f();|super.f();|x = 1 ether;|x = 1 ether ether;|x = 0x1 wei;|x = 1.5 days;
x = "a" hex"00";|x = hex"00" "a";|x = unicode"a" "b";|x = a.b{c: d};|x = a{b: c}.d;|if (a) if (b) c; else d;|{ uint x; { uint y; } }|return (1, 2);|return;|throw;
x = y = z;|x += y -= z;|x = a ** b ** c;|x = (a);|x = ((a, b));|x = f(g)(h);|f({a: 1, b: 2,});|f({,});|x = a.b.c.d;|x = a[b][c];|T[][2] memory t;|T[2][] memory t;
x = T[2][];|x = a[1][];|x = a.b[];|x = uint[2][3](y);|x = abi.decode(d, (uint[], T.U[2]));|x = 1 + 2 * 3 - 4 / 5 % 6 << 7 >> 8 & 9 ^ 10 | 11 < 12 == 13 && 14 || 15;
x = a < b > c;|x = a <= b >= c;|x = a == b != c;|x = a & b && c;|x = a | b || c;|a |= b;|a ^= b;|a &= b;|a <<= b;|a >>= b;|a *= b;|a /= b;|a %= b;
uint x = 1 years;|x = 1e18;|x = .5;|x = 1_000;|x = 0x_1;|x = 1.;|x = 1.2.3;|x = true false;|x = type;|x = layout;|x = at;|x = global;|x = callback;|x = leave;
x = receive;|x = constructor;|x = fallback;|x = transient;|x = error.selector;|x = from + 1;|x = a.address;|x = a.payable;|x = a.type;|x = a.constructor;`.split(/\||\n/);

const MEMBERS = `uint x;|uint public x = 1;|uint constant public x = 1;|function f() payable;|function f() payable m;|function f() m payable {}|function f() external payable returns (uint);
function() external payable;|function () payable;|function () payable {}|function () external payable f;|function () internal f;|function () m;|function () m {}
constructor() payable {}|constructor;|receive;|receive() external payable;|fallback() external;|fallback;|fallback(bytes calldata) external returns (bytes memory) {}
modifier m;|modifier m virtual;|modifier m() override(A) {}|modifier m override virtual {}|event E(uint indexed);|event E(uint indexed indexed);|event E() anonymous;
error E;|error E();|error public x;|struct S {}|struct S { uint a }|enum E {,A}|enum E {A,}|enum E {}|using L for uint global;|using L for *;|using {f} for uint;
using {f as +} for uint;|using {f as !} for uint;|type T is uint;|type T is address payable;|uint override x;|uint override(A) override(B) x;|uint transient x;
uint immutable public x;|mapping(address => uint) public override m;|function f() public override(A,) {}|function f() virtual virtual {}|function f() public private {}
function f() pure view {}|function f() payable payable {}|function f() m(1) m2() m3 {}|function f() returns (uint) returns (uint) {}|function f(uint a, ) {}
function f(uint calldata) {}|function f(uint calldata x) {}|function f(address payable calldata x) {}|function f() returns (address payable, uint) {}
address payable p;|address payable public p;|address payable;|address payable = x;|address payable constant p = payable(0);|address public payable;
function f(function () external) {}|function f(function () external payable) {}|function f() returns (function () external payable x) {}|function f(C) {}
function C() {}|function f() constant returns (uint);|uint x = y {a: 1};|uint[] x = [1];|bytes32 constant h = keccak256("x");`.split(/\||\n/);

const FILE_ITEMS = `uint constant x = 1;|uint x = 1;|function f() {}|function () {}|event E();|error E();|using L for uint global;|type T is uint;|contract C layout at 1 {}
abstract interface I {}|abstract library L {}|import "a" as b;|import * from "a";|import {} from "a";|import {a,} from "a";|pragma solidity;|pragma solidity ^0.8.0 ^0.9.0;
pragma x y z;|pragma solidity 1;|pragma solidity ~1.2.3;|pragma solidity "x";|pragma solidity ^0.8.0 || 0.9;|pragma solidity >= 0.8 < 0.9;|import "a" as from;
import from from "a";|import {from} from "a";|import * as x from "a";|import x as y from "a";|contract D is C(1), E {}|contract D is {}|interface I is J, K {}
struct S { uint a; }|enum E { A }|constructor() {}|receive() external payable {}|contract C {} function C() {}|function receive() {}|function error() {}`.split(/\||\n/);

/** A small, fast PRNG, for reproducible choices. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` small files from the fragments, with a fixed seed. */
export function fragmentFiles(count: number, seed = 7): string[] {
  const rand = mulberry32(seed);
  const pick = (list: string[]): string => list[Math.floor(rand() * list.length)].trim();
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const nFile = Math.floor(rand() * 2);
    for (let j = 0; j < nFile; j++) parts.push(pick(FILE_ITEMS));
    const members: string[] = [];
    const nMembers = Math.floor(rand() * 3);
    for (let j = 0; j < nMembers; j++) members.push(pick(MEMBERS));
    const statements: string[] = [];
    const nStatements = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < nStatements; j++) statements.push(pick(STATEMENTS));
    parts.push(`contract C {\n  ${members.join('\n  ')}\n  function g() public {\n    ${statements.join('\n    ')}\n  }\n}`);
    files.push(parts.join('\n'));
  }
  return files;
}
