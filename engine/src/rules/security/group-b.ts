import type { RuleDefinition } from '../framework';
import arrayLengthAndRef from './array-length-and-ref';
import badErcInterface from './bad-erc-interface';
import centralization from './centralization';
import constructorName from './constructor-name';
import defaultVisibility from './default-visibility';
import divideBeforeMultiply from './divide-before-multiply';
import ecrecoverMalleability from './ecrecover-malleability';
import encodePackedCollision from './encode-packed-collision';
import erc721Unsafe from './erc721-unsafe';
import incorrectExponent from './incorrect-exponent';
import mappingStructDelete from './mapping-struct-delete';
import oracleChecks from './oracle-checks';
import returnBomb from './return-bomb';
import rtlo from './rtlo';
import stateShadowing from './state-shadowing';
import unsafeDowncast from './unsafe-downcast';
import weirdErc20 from './weird-erc20';
import yulMisuse from './yul-misuse';

/** Security rules that are mostly local patterns: ERC interfaces, oracles, Yul, versions. */
export const securityRulesB: RuleDefinition[] = [
  arrayLengthAndRef,
  badErcInterface,
  centralization,
  constructorName,
  defaultVisibility,
  divideBeforeMultiply,
  ecrecoverMalleability,
  encodePackedCollision,
  erc721Unsafe,
  incorrectExponent,
  mappingStructDelete,
  oracleChecks,
  returnBomb,
  rtlo,
  stateShadowing,
  unsafeDowncast,
  weirdErc20,
  yulMisuse,
];
