/**
 * The speed work's moving parts keep the answers the same: evmole in its worker
 * thread answers as evmole in this thread does, answers are reused by code (as
 * copies), and the hex codec agrees with a plain one. Real solc, real evmole.
 */
import assert from 'node:assert/strict';
import { analyzeBytecode } from '../../engine/src/bytecode';
import { recoverAbi, recoverAbiAsync } from '../../engine/src/bytecode/abi';
import { fromHexString, toHexString } from '../../engine/src/bytecode/opcodes';
import { byName, compileSolidity } from '../helpers/bytecode-contracts';

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Book {
    struct Entry { uint64 at; address who; }
    mapping(address => uint256) public credit;
    Entry[] public entries;
    uint8 public mode;
    address owner;
    function add(uint256 v) external { credit[msg.sender] += v; entries.push(Entry(uint64(block.timestamp), msg.sender)); }
    function setMode(uint8 m) external { require(msg.sender == owner); mode = m; }
    function count() external view returns (uint256) { return entries.length; }
}
`;

describe('bytecode: speed without changing the answers', function () {
  this.timeout(120_000);
  const c = byName(compileSolidity(SOURCE, { name: 'Book.sol' })).get('Book')!;

  it('evmole in its worker answers as evmole in this thread', async () => {
    // Each call on code evmole has not seen (a trailing byte it never reaches), so neither is a cached answer.
    const inWorker = await recoverAbiAsync(`${c.runtime}00`, { types: true, storage: true });
    const here = recoverAbi(`${c.runtime}0000`, { types: true, storage: true });
    assert.equal(inWorker.error, undefined);
    assert.ok(inWorker.storage && inWorker.storage.length >= 3, JSON.stringify(inWorker.storage));
    assert.deepEqual(inWorker.storage, here.storage);
    assert.deepEqual([...inWorker.functions].sort(), [...here.functions].sort());
    assert.equal(inWorker.functions.size, Object.keys(c.methods).length);
  });

  it('reuses an answer for the same code, as a copy the caller may change', async () => {
    const hex = `${c.runtime}000000`;
    const first = await recoverAbiAsync(hex, { types: false, storage: true });
    assert.ok(first.storage && first.storage.length > 0);
    first.storage[0].type = 'changed by the caller';
    first.storage[0].writes.push('ffffffff');
    const again = recoverAbi(hex, { types: false, storage: true });
    assert.equal(again.ms, 0, 'from the cache');
    assert.notEqual(again.storage![0].type, 'changed by the caller');
    assert.ok(!again.storage![0].writes.includes('ffffffff'));
    // Other options are another question.
    assert.ok(recoverAbi(hex, { types: true, storage: true }).functions.size > 0);
  });

  it('the whole analysis is the same with evmole in its worker', async () => {
    const a = await analyzeBytecode(c.runtime, { confirm: false });
    const b = await analyzeBytecode(c.runtime, { confirm: false });
    assert.ok(a.storage && a.storage.length > 0);
    assert.ok(a.selectors.every((s) => s.inputs && s.stateMutability));
    assert.deepEqual(b.selectors, a.selectors);
    assert.deepEqual(b.storage, a.storage);
    assert.equal(b.timings.abiMs, 0, 'the second time evmole is not run');
    assert.ok(a.timings.abiWaitMs !== undefined && a.timings.abiWaitMs >= 0);
  });

  it('reads and writes hex as a plain codec does', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff);
    const plain = [...bytes].map((x) => x.toString(16).padStart(2, '0')).join('');
    assert.equal(toHexString(bytes), plain);
    assert.deepEqual(fromHexString(`0x${plain.toUpperCase()}`), bytes);
    assert.equal(fromHexString('0xabc'), undefined);
    assert.equal(fromHexString('zz'), undefined);
    assert.deepEqual(fromHexString(''), new Uint8Array(0));
  });
});
