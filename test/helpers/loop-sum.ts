/** Solidity shared by the engine's and the language server's fix-all tests. */

/** The `sum()` function and the end of the contract, as lines. */
const SUM = ['  function sum() external {', '    uint256 s;', '    for (uint256 i = 0; i < xs.length; i++) {', '      s += xs[i];', '    }', '    total = s;', '  }', '}', ''];

/**
 * A contract that sums its `xs` array in a loop into `total`. The loop draws
 * several fixes that rewrite the same `for` statement (default-init,
 * cache-array-length, prefix-increment, unchecked-increment), so fix-all
 * must apply them round after round. `head` is the start of the contract: the
 * pragma, the contract line, `xs`, `total` and any other members.
 */
export function loopSumContract(head: readonly string[]): string {
  return [...head, ...SUM].join('\n');
}
