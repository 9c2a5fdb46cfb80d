/**
 * Gas measurement with real solc and the real EVM (@ethereumjs/evm): gas per
 * function for a known contract (as relations that must hold), reverts with
 * their reasons, constructor arguments, EIP-170 sizes (measured without the
 * limit), opcode counts. The realistic scenarios themselves are in
 * gas-scenarios.test.ts.
 */
import assert from 'node:assert/strict';
import { ResultCache, runAnalyze } from '../../engine/src/deep/run';
import type { ContractReport, DeepResult } from '../../engine/src/deep';
import { countOpcodes, codeLengthWithoutMetadata } from '../../engine/src/gas/bytecode';
import { decodeRevert, encodeArgs, splitArgs } from '../../engine/src/gas/abi';

async function deep(text: string, name = 'Gas'): Promise<DeepResult> {
  return runAnalyze({ path: `/tmp/synor-gas-${name}.sol`, text, root: '/tmp' }, { cancelled: () => false, cache: new ResultCache(4) });
}

function contract(r: DeepResult, name: string): ContractReport {
  const c = r.contracts.find((x) => x.name === name);
  assert.ok(c, `contract ${name} in ${JSON.stringify(r.contracts.map((x) => x.name))} (${r.unavailable ?? ''})`);
  return c;
}

function gasOf(c: ContractReport, signature: string): number | 'reverted' | 'not-called' {
  const f = c.functions.find((x) => x.signature === signature);
  assert.ok(f, `function ${signature}`);
  return f.gas;
}

const KNOWN = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IThing {
    function thing() external view returns (uint256);
}

abstract contract Base {
    function hook() internal virtual returns (uint256);
}

library Lib {
    function twice(uint256 x) external pure returns (uint256) {
        return x * 2;
    }
}

contract Counter is Base {
    error NotAllowed(address who);

    uint256 public count;
    mapping(address => uint256) public balances;
    struct Item { uint256 id; string label; }

    event Bumped(uint256 value);

    function increment() external {
        count += 1;
        emit Bumped(count);
    }

    function incrementAgain() external {
        count += 1;
        emit Bumped(count);
    }

    function read() external view returns (uint256) {
        return count;
    }

    function alwaysFails() external pure {
        revert("not today");
    }

    function forbidden() external view {
        revert NotAllowed(msg.sender);
    }

    function divide(uint256 d) external pure returns (uint256) {
        return 10 / d;
    }

    function takeDynamic(string calldata s, uint256[] memory xs, Item[] calldata items, Item memory one, bytes32[2] calldata pair) external pure returns (uint256) {
        return bytes(s).length + xs.length + items.length + one.id + uint256(pair[0]);
    }

    function pay() external payable {}

    function hook() internal override returns (uint256) {
        return 1;
    }
}
`;

describe('gas: measuring a known contract', function () {
  this.timeout(120_000);
  let r: DeepResult;
  before(async () => {
    r = await deep(KNOWN, 'known');
  });

  it('compiles and reports every contract of the file in source order with its kind', () => {
    assert.equal(r.unavailable, undefined);
    assert.equal(r.compiler?.version, '0.8.37');
    assert.deepEqual(
      r.contracts.map((c) => [c.name, c.kind]),
      [
        ['IThing', 'interface'],
        ['Base', 'abstract'],
        ['Lib', 'library'],
        ['Counter', 'contract'],
      ],
    );
    assert.equal(r.contracts[3].range?.start.line, 17);
    assert.equal(r.timings.cached, false);
    assert.ok(r.timings.compileMs > 0);
  });

  it('a function writing a fresh storage slot costs more than 20,000 gas; a view costs less', () => {
    const c = contract(r, 'Counter');
    const inc = gasOf(c, 'increment()');
    const read = gasOf(c, 'read()');
    assert.ok(typeof inc === 'number' && inc > 21000 + 20000, `increment: ${inc}`);
    assert.ok(typeof read === 'number' && read >= 21000 && read < inc - 20000, `read: ${read}`);
    // Every call starts from the deployed state: incrementAgain() runs after increment() and
    // still writes a fresh slot (22,100 gas), not a used one (5,000 gas).
    const again = gasOf(c, 'incrementAgain()');
    assert.ok(typeof again === 'number' && Math.abs(again - inc) < 100, `incrementAgain: ${again}, increment: ${inc}`);
    assert.ok(typeof gasOf(c, 'pay()') === 'number');
  });

  it('reports reverted calls as reverted, with the decoded reason, never as a number', () => {
    const c = contract(r, 'Counter');
    const byName = new Map(c.functions.map((f) => [f.name, f]));
    assert.equal(byName.get('alwaysFails')?.gas, 'reverted');
    assert.equal(byName.get('alwaysFails')?.revertReason, 'Error("not today")');
    assert.equal(byName.get('forbidden')?.gas, 'reverted');
    assert.equal(byName.get('forbidden')?.revertReason, 'custom error NotAllowed(address)');
    // A non-zero divisor is tried first: the call does what it is for instead of dividing by zero.
    assert.equal(typeof byName.get('divide')?.gas, 'number');
    assert.doesNotMatch(byName.get('divide')?.scenario ?? '', /only zero arguments/);
  });

  it('calls functions with non-empty arguments for dynamic, struct and fixed-array parameters', () => {
    const c = contract(r, 'Counter');
    const g = gasOf(c, 'takeDynamic(string,uint256[],(uint256,string)[],(uint256,string),bytes32[2])');
    assert.ok(typeof g === 'number', `takeDynamic: ${g}`);
  });

  it('gives function ranges, selectors, sizes and opcode counts', () => {
    const c = contract(r, 'Counter');
    const inc = c.functions.find((f) => f.name === 'increment')!;
    assert.equal(inc.selector, '0xd09de08a');
    assert.equal(inc.stateMutability, 'nonpayable');
    assert.equal(inc.range?.start.line, 26);
    assert.equal(c.functions.find((f) => f.name === 'count')?.range?.start.line, 20);
    assert.ok(c.selectors.some((s) => s.selector === '0xd09de08a' && s.signature === 'increment()'));
    assert.deepEqual(
      c.selectors.map((s) => s.selector),
      [...c.selectors.map((s) => s.selector)].sort(),
    );
    assert.ok('gas' in c.deploy && c.deploy.gas > 53000 + c.runtimeSize * 200);
    assert.ok(c.initcodeSize > c.runtimeSize);
    assert.equal(c.sizeLimit, 24576);
    assert.ok(c.opcodes.SSTORE >= 1 && c.opcodes.SLOAD >= 1);
    assert.ok(c.opcodes.LOG1 >= 1, 'the Bumped event');
    assert.equal(c.opcodes.DELEGATECALL, 0);
  });

  it('deploys a library but does not call it, and does not deploy interfaces or abstract contracts', () => {
    const lib = contract(r, 'Lib');
    assert.ok('gas' in lib.deploy);
    assert.ok(lib.functions.every((f) => f.gas === 'not-called'));
    assert.ok('failed' in contract(r, 'IThing').deploy);
    assert.ok('failed' in contract(r, 'Base').deploy);
  });
});

describe('gas: deployment', function () {
  this.timeout(120_000);

  it('uses @custom:synor-args for constructor arguments, and reports a failed deploy with its reason', async () => {
    const body = `contract Needs {
    uint256 public amount;
    address public owner;
    string public label;
    constructor(uint256 a, address o, string memory l) {
        require(a == 5 ether, "wrong amount");
        require(o != address(0), "zero owner");
        amount = a;
        owner = o;
        label = l;
    }
}
`;
    const head = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n';
    const withArgs = await deep(`${head}/// @notice Holds an amount.\n/// @custom:synor-args 5 ether, 0x00000000000000000000000000000000000000aa, "a, b"\n${body}`, 'args');
    const ok = contract(withArgs, 'Needs');
    assert.ok('gas' in ok.deploy, JSON.stringify(ok.deploy));
    const without = await deep(head + body, 'noargs');
    const failed = contract(without, 'Needs');
    assert.ok('failed' in failed.deploy, JSON.stringify(failed.deploy));
    // The reason of the most realistic argument set, and how many were tried.
    assert.match(failed.deploy.failed, /^deployment Error\("wrong amount"\) \(\d+ sets of constructor arguments tried; the first: a = /);
    assert.ok(failed.functions.every((f) => f.gas === 'not-called'));
  });

  it('measures a contract over the EIP-170 limit of 24,576 bytes (no size limit in the EVM) and reports its size', async () => {
    const fns = Array.from({ length: 140 }, (_, i) => `    function f${i}(uint256 x) external pure returns (uint256) { require(x != ${i}, "this revert string is long enough to take space ${i}"); return x * ${i + 3}; }`).join('\n');
    const text = `// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\ncontract Huge {\n${fns}\n}\ncontract Small {\n    function f() external {}\n}\n`;
    const r = await deep(text, 'huge');
    const huge = contract(r, 'Huge');
    assert.ok(huge.runtimeSize > 24576, `runtime size ${huge.runtimeSize}`);
    assert.equal(huge.sizeLimit, 24576);
    assert.ok('gas' in huge.deploy, JSON.stringify(huge.deploy));
    assert.equal(typeof gasOf(huge, 'f1(uint256)'), 'number');
    const small = contract(r, 'Small');
    assert.ok(small.runtimeSize < 24576 && 'gas' in small.deploy);
  });

  it('measures a contract compiled by an old compiler (0.4.26)', async () => {
    const r = await deep('pragma solidity ^0.4.24;\ncontract Old {\n    uint public x;\n    function set(uint v) public { x = v + 1; }\n}\n', 'old4');
    assert.equal(r.compiler?.version, '0.4.26');
    const old = contract(r, 'Old');
    const set = gasOf(old, 'set(uint256)');
    assert.ok(typeof set === 'number' && set > 41000, `set: ${set}`);
  });
});

describe('gas: bytecode and ABI helpers', () => {
  it('counts opcodes, stepping over PUSH data and the metadata tail', () => {
    // PUSH32 of 0x55 bytes (data, not SSTOREs), SSTORE, PUSH1 0xf1 (data), CALL, STOP, then a CBOR tail full of 0x55.
    const code = new Uint8Array([0x7f, ...new Array(32).fill(0x55), 0x55, 0x60, 0xf1, 0xf1, 0x00, 0xa1, 0x55, 0x55, 0x00, 0x03]);
    assert.equal(codeLengthWithoutMetadata(code), 38);
    const counts = countOpcodes(code);
    assert.equal(counts.SSTORE, 1);
    assert.equal(counts.CALL, 1);
    assert.equal(counts.SLOAD, 0);
  });

  it('decodes revert data and encodes arguments', () => {
    assert.equal(decodeRevert(new Uint8Array(), new Map()), 'reverted without a reason');
    assert.equal(decodeRevert(new Uint8Array([0xde, 0xad, 0xbe, 0xef]), new Map([['deadbeef', 'Nope()']])), 'custom error Nope()');
    assert.deepEqual(splitArgs('1, "a, b", [1,2], 0xff'), ['1', '"a, b"', '[1,2]', '0xff']);
    // A single string argument: offset 0x20, length 2, "hi".
    const enc = encodeArgs([{ type: 'string' }], ['"hi"']);
    assert.equal(enc.length, 96);
    assert.equal(enc[31], 0x20);
    assert.equal(enc[63], 2);
    assert.equal(String.fromCharCode(enc[64], enc[65]), 'hi');
    assert.equal(encodeArgs([{ type: 'int256' }], ['-1'])[0], 0xff);
  });
});
