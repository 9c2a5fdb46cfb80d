import type { RuleDefinition } from '../framework';
import arbitraryEthSend from './arbitrary-eth-send';
import arbitraryTransferfrom from './arbitrary-transferfrom';
import arrayLengthAndRef from './array-length-and-ref';
import badErcInterface from './bad-erc-interface';
import callsInLoopDos from './calls-in-loop-dos';
import centralization from './centralization';
import constructorName from './constructor-name';
import controlledDelegatecall from './controlled-delegatecall';
import defaultVisibility from './default-visibility';
import delegatecallInLoop from './delegatecall-in-loop';
import divideBeforeMultiply from './divide-before-multiply';
import ecrecoverMalleability from './ecrecover-malleability';
import encodePackedCollision from './encode-packed-collision';
import erc721Unsafe from './erc721-unsafe';
import frontRunning from './front-running';
import hardcodedGas from './hardcoded-gas';
import incorrectExponent from './incorrect-exponent';
import integerOverflow from './integer-overflow';
import lockedEther from './locked-ether';
import mappingStructDelete from './mapping-struct-delete';
import missingZeroCheck from './missing-zero-check';
import msgValueInLoop from './msg-value-in-loop';
import msgValueNonpayable from './msg-value-nonpayable';
import nonreentrantOrder from './nonreentrant-order';
import oracleChecks from './oracle-checks';
import reentrancyEth from './reentrancy-eth';
import reentrancyEvents from './reentrancy-events';
import reentrancyReadOnly from './reentrancy-read-only';
import reentrancyState from './reentrancy-state';
import returnBomb from './return-bomb';
import rtlo from './rtlo';
import shortAddress from './short-address';
import signatureReplay from './signature-replay';
import stateShadowing from './state-shadowing';
import strictBalanceEquality from './strict-balance-equality';
import timestamp from './timestamp';
import txOriginAuth from './tx-origin-auth';
import unboundedLoop from './unbounded-loop';
import uncheckedErc20Transfer from './unchecked-erc20-transfer';
import uncheckedLowLevelCall from './unchecked-low-level-call';
import uncheckedSend from './unchecked-send';
import uninitializedLocal from './uninitialized-local';
import uninitializedState from './uninitialized-state';
import uninitializedStoragePtr from './uninitialized-storage-ptr';
import unprotectedInitializer from './unprotected-initializer';
import unprotectedOwnership from './unprotected-ownership';
import unprotectedSelfdestruct from './unprotected-selfdestruct';
import unsafeDowncast from './unsafe-downcast';
import unusedReturn from './unused-return';
import weakPrng from './weak-prng';
import weirdErc20 from './weird-erc20';
import yulMisuse from './yul-misuse';

/** Security rules, one import per rule file, sorted by id. */
export const securityRules: RuleDefinition[] = [
  arbitraryEthSend,
  arbitraryTransferfrom,
  arrayLengthAndRef,
  badErcInterface,
  callsInLoopDos,
  centralization,
  constructorName,
  controlledDelegatecall,
  defaultVisibility,
  delegatecallInLoop,
  divideBeforeMultiply,
  ecrecoverMalleability,
  encodePackedCollision,
  erc721Unsafe,
  frontRunning,
  hardcodedGas,
  incorrectExponent,
  integerOverflow,
  lockedEther,
  mappingStructDelete,
  missingZeroCheck,
  msgValueInLoop,
  msgValueNonpayable,
  nonreentrantOrder,
  oracleChecks,
  reentrancyEth,
  reentrancyEvents,
  reentrancyReadOnly,
  reentrancyState,
  returnBomb,
  rtlo,
  shortAddress,
  signatureReplay,
  stateShadowing,
  strictBalanceEquality,
  timestamp,
  txOriginAuth,
  unboundedLoop,
  uncheckedErc20Transfer,
  uncheckedLowLevelCall,
  uncheckedSend,
  uninitializedLocal,
  uninitializedState,
  uninitializedStoragePtr,
  unprotectedInitializer,
  unprotectedOwnership,
  unprotectedSelfdestruct,
  unsafeDowncast,
  unusedReturn,
  weakPrng,
  weirdErc20,
  yulMisuse,
];
