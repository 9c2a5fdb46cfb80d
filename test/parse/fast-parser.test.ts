import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from '../../engine/src/parse';
import { parseRaw, parseRawAntlr } from '../../engine/src/parse/antlr';
import { fastParseRaw, lastDecline } from '../../engine/src/parse/fast/parser';
import { AnalysisStopped, NEVER_STOP } from '../../engine/src/stop';
import { compare, compareTokens, runDiff, runFragments, solFiles } from '../../bench/parse-diff';
import { fragmentFiles } from '../../bench/parse-fragments';
import { syntheticContract } from '../server/synth';

const ROOT = resolve(__dirname, '..', '..');

/** Asserts that the fast parser accepts `text` and builds exactly what ANTLR builds. */
function same(text: string): void {
  const fast = fastParseRaw(text, NEVER_STOP);
  assert.ok(fast, `the fast parser declined: ${lastDecline}`);
  const diff = compare(text, fast, parseRawAntlr(text, NEVER_STOP));
  assert.equal(diff, undefined, diff);
}

function inFunction(body: string): string {
  return `contract C {\n  function f() public {\n${body}\n  }\n}\n`;
}

describe('fast parser', () => {
  it('builds the same results as ANTLR for OpenZeppelin, Solady and the fixtures, and for their mutants', function () {
    this.timeout(180000);
    const files = [
      ...solFiles(resolve(ROOT, 'node_modules', '@openzeppelin')),
      ...solFiles(resolve(ROOT, 'node_modules', 'solady')),
      ...solFiles(resolve(ROOT, 'test', 'fixtures')),
    ];
    assert.ok(files.length > 300, `only ${files.length} files`);
    const sum = runDiff(files, { mutantsPerFile: 3, timing: false });
    assert.deepEqual(sum.tokenMismatches, []);
    assert.deepEqual(sum.mismatches, []);
    assert.deepEqual(sum.mutantMismatches, []);
    assert.ok(sum.errorFree > 300);
    assert.ok(sum.acceptedErrorFree >= 0.98 * sum.errorFree, `accepted ${sum.acceptedErrorFree} of ${sum.errorFree}: ${[...sum.declines].join('; ')}`);
    // The mutants must exercise the comparison, not just be declined.
    assert.ok(sum.mutantsAccepted > 100, `only ${sum.mutantsAccepted} mutants accepted`);
  });

  it('builds the same results as ANTLR for files made of the grammar\'s corners', function () {
    this.timeout(120000);
    const sum = runFragments(fragmentFiles(1500));
    assert.deepEqual(sum.mismatches, []);
    assert.ok(sum.accepted > 400, `only ${sum.accepted} accepted`);
    assert.ok(sum.errorFree > sum.accepted, 'some error-free files are declined, so the check covers declining too');
  });

  it('the differential check notices a tree that differs', () => {
    const text = inFunction('    x = a + b;');
    const fast = fastParseRaw(text, NEVER_STOP)!;
    const body = (fast.ast.children[0] as any).subNodes[0].body;
    body.statements[0].expression.right.range[1]++;
    assert.match(compare(text, fast, parseRawAntlr(text, NEVER_STOP)) ?? '', /range/);
  });

  const cases: Record<string, string> = {
    'address payable as a type and as a name': `contract C {
  address payable p;
  mapping(uint => address payable) m;
  mapping(address k => uint v) named;
  using Address for address payable;
  function f(address payable, address payable b) external returns (address payable) {}
  function g() internal { address payable x = payable(msg.sender); address payable[] memory xs; }
  event E(address payable indexed who);
}`,
    'precedence and associativity': inFunction(
      '    x = a ? b : c ? d : e; a = b = c; x = a ** b ** c; x = -a ** b; x = a + b * c - d / e % f;\n' +
        '    x = a << 1 | b & c ^ d; t = a < b == c > d && e || !f; x += y -= 1; x = a ? b = 1 : c;',
    ),
    'prefix and postfix operators': inFunction('    !a.b[c]; delete x[1]; -x++; ++x.y; ~x--; +a; x = - -a;'),
    'type names in expressions': inFunction(
      '    abi.decode(d, (uint[], a.B[2][], bytes32)); uint[2](x); x = address(this); x = payable(y); x = type(uint).max; x = new uint[](n); x = new C{salt: s}(1); x = string(b); T[] memory arr;',
    ),
    'calls with names and options': inFunction('    c.f{value: 1, gas: 2}(x); f({a: 1, b: 2}); f({a: 1,}); f({}); f(); g(a, b)(c);'),
    'index ranges': inFunction('    x[1:]; x[:2]; x[:]; x[a:b]; x[i][j] = 1;'),
    'tuples and declarations': inFunction(
      '    (a, , b) = f(); (, uint y) = g(); (uint z,) = k(); (uint p, , bytes memory q) = h(); (,) = g(); [1, 2]; (a) = 1; (a, b) = (b, a); x = (1);',
    ),
    'emit and revert': inFunction('    emit E(1); emit L.E({a: 1}); revert Err(); revert L.Err(2); revert("x"); revert(); revert;'),
    'try and catch': inFunction(
      '    try c.f{value: 1}() returns (uint v) { x = v; } catch Error(string memory r) { } catch Panic(uint code) { } catch (bytes memory b) { } catch { }\n    try new C() { } catch { }',
    ),
    'statements of every kind': inFunction(
      '    if (a) b(); else if (c) { d(); } else e();\n    for (uint i = 0; i < n; i++) { continue; }\n    for (;;) break;\n    for (i = 0; ; ) {}\n' +
        '    while (x) x--;\n    do { x++; } while (x < 10);\n    unchecked { x += 1; }\n    { }\n    return;',
    ),
    'old Solidity': `pragma solidity ^0.4.24;
contract Old {
  uint constant x = 1 years + 2 finney + 3 szabo;
  function Old() public {}
  function() payable {}
  function f() constant returns (uint) { var y = 1; var (a, , b) = g(); throw; suicide(msg.sender); return y; }
}
function Old() {}`,
    'function types': `contract C {
  function (uint) internal returns (uint) f;
  function (uint) external view returns (bool)[] public gs;
  function () external payable h;
  function () external payable {}
  function g(function (uint) external pure returns (uint) cb, function () internal) internal {
    function (uint) internal returns (uint) local = f;
  }
}`,
    'inline assembly': inFunction(`    assembly ("memory-safe") {
      let x, y := f(1)
      let z
      x := add(x, 0x20)
      r.slot := s.slot
      mstore(0, calldataload(data.offset))
      function g(a, b) -> c, d { if iszero(a) { leave } c := a }
      for { let i := 0 } lt(i, n) { i := add(i, 1) } { continue }
      switch x case 0 { break } case "ab" { } case hex"00" {} default { pop(return(0, 0)) }
      x
      1
      "s"
      hex"0011"
      true
      pop(byte(0, address()))
    }
    assembly "evmasm" { }`),
    'comments, line endings and strings': '// SPDX-License-Identifier: MIT\r\n/// @notice natspec\r\n/** @dev block\r\n */\rcontract C { /* 😀 */ string s = unicode"😀" "a\\"b" \'c\\\'d\'; bytes h = hex"00_11" hex\'\'; }\n// trailing',
    'numbers': inFunction('    x = 1e18 + 1_000 + 0xff_ff + .5 + 1.5e3 + 2 ether + 1e-5 + 0XAB + 3 gwei + 7 weeks;'),
    'pragmas and imports': `pragma solidity >=0.4.22 <0.9.0;
pragma solidity 0.8.20 || ^0.9.0;
pragma solidity =0.8.1;
pragma solidity 0.8;
pragma experimental ABIEncoderV2;
pragma abicoder v2;
import "a.sol";
import "b.sol" as B;
import * as D from "d.sol";
import E from "e.sol";
import E2 as F from 'e.sol';
import {G, H as I} from "g.sol";`,
    'file-level items': `type Price is uint128;
using {add as +, sub as -, eq as ==} for Price global;
using L for uint;
uint constant LIMIT = 10;
error Bad(uint code);
event Done(address indexed a) anonymous;
struct S { uint a; mapping(uint => S) m; }
enum E { A, B }
enum None {}
function add(Price a, Price b) pure returns (Price) { return Price.wrap(Price.unwrap(a) + Price.unwrap(b)); }
abstract contract A is B(1), C { }
interface I is J { function f() external; }
library L { }
contract Last { }
function Last() {}`,
    'contract members': `contract C is A, B {
  uint public constant X = 1;
  uint private immutable y;
  uint internal transient t;
  uint override(A, B) public z;
  constructor(uint a) A(a) B() payable {}
  receive() external payable {}
  fallback(bytes calldata) external returns (bytes memory) {}
  modifier m(uint a) virtual override(A) { _; }
  modifier n;
  function f(bytes calldata data, uint[] memory) external view virtual override(A, B) m(1) n returns (uint r) {}
  function g() public pure override {}
  error E();
  event Ev(uint indexed a, bytes b);
  struct S { address payable owner; }
  using L for *;
}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`matches ANTLR: ${name}`, () => same(text));
  }

  it('accepts a 10,000-line synthetic contract as ANTLR parses it', () => same(syntheticContract(10000)));

  it('matches ANTLR on empty, blank and comment-only files', () => {
    for (const text of ['', '   \n\t ', '// only a comment', '/* a */ /* b */\r\n', 'pragma solidity ^0.8.0;   // x\n/* y */']) same(text);
  });

  it('declines a half-typed file, which then gets ANTLR\'s errors', () => {
    const text = 'contract A { function f() public { uint x = 1 +; foo( } }';
    assert.equal(fastParseRaw(text, NEVER_STOP), undefined);
    const viaDefault = parse(text);
    assert.ok(viaDefault.errors.length > 0);
    const saved = process.env.SYNOR_PARSER;
    process.env.SYNOR_PARSER = 'antlr';
    try {
      assert.deepEqual(parse(text).errors, viaDefault.errors);
    } finally {
      if (saved === undefined) delete process.env.SYNOR_PARSER;
      else process.env.SYNOR_PARSER = saved;
    }
  });

  it('declines expressions nested deeper than it measures, which ANTLR then omits', () => {
    const text = inFunction(`    x = ${Array.from({ length: 600 }, (_, i) => `a${i}`).join(' + ')};`);
    assert.equal(fastParseRaw(text, NEVER_STOP), undefined);
    assert.match(lastDecline, /nests too deeply/);
    assert.equal(parseRaw(text).omitted.length, 1);
  });

  it('lexes words as the ANTLR lexer does', () => {
    const words = 'fixed fixed8x0 fixed0x8 fixed7x1 fixed256x80 fixed264x1 ufixed128x18 ufixed1x1 int int8 int7 int264 uint256 uint0 bytes bytes1 bytes32 bytes33 byte ' +
      'true false wei gwei szabo finney ether seconds minutes hours days weeks years after alias apply auto case copyof default define final implements in inline let ' +
      'macro match mutable null of partial promise reference relocatable sealed sizeof static supports switch typedef typeof var unchecked transient global layout at ' +
      'callback leave constructor fallback receive emit revert error from hex unicode this super _ $ a$_1';
    assert.equal(compareTokens(words), undefined);
    assert.equal(compareTokens('1e18 1E5 1e-5 1_000 1__0 0x1_ 1. 1.e5 .5e3 1.2 1.2.3 0.8.20 0X1F 0x 1ether 01 hex"00_11" hex"" unicode"é" "a\\x" >>> >>>= **= !== ==='), undefined);
  });

  it('declines what the ANTLR lexer rejects', () => {
    for (const text of ['contract Ä {}', 'contract C { string s = "abc', 'contract C { /* open', 'contract C { uint x = 1 @ 2; }', 'contract C { bytes b = hex"0g"; }', 'contract C { uint x = 0x_ff; }', 'contract C { function f() { (,); } }']) {
      assert.equal(fastParseRaw(text, NEVER_STOP), undefined, text);
    }
  });

  it('gives parse() the same results with SYNOR_PARSER=antlr and by default', () => {
    const files = [
      resolve(ROOT, 'node_modules', '@openzeppelin', 'contracts', 'token', 'ERC20', 'ERC20.sol'),
      resolve(ROOT, 'node_modules', 'solady', 'src', 'utils', 'LibString.sol'),
      ...solFiles(resolve(ROOT, 'test', 'fixtures')).slice(0, 5),
    ];
    const saved = process.env.SYNOR_PARSER;
    try {
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        delete process.env.SYNOR_PARSER;
        assert.ok(fastParseRaw(text, NEVER_STOP), `${file}: ${lastDecline}`);
        const fast = parse(text);
        process.env.SYNOR_PARSER = 'antlr';
        const slow = parse(text);
        const pick = (r: ReturnType<typeof parse>): string => JSON.stringify({ ast: r.ast, errors: r.errors, comments: r.comments, omitted: r.omitted, solc: r.solc });
        assert.equal(pick(fast), pick(slow), file);
      }
    } finally {
      if (saved === undefined) delete process.env.SYNOR_PARSER;
      else process.env.SYNOR_PARSER = saved;
    }
  });

  it('lets AnalysisStopped from the checkpoint through', () => {
    let calls = 0;
    const check = (): void => {
      if (++calls > 5) throw new AnalysisStopped('budget');
    };
    assert.throws(() => fastParseRaw(syntheticContract(5000), check), AnalysisStopped);
  });
});
