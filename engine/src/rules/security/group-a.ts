import type { RuleDefinition } from '../framework';
import txOriginAuth from './tx-origin-auth';
import uncheckedLowLevelCall from './unchecked-low-level-call';
import uncheckedSend from './unchecked-send';
import unprotectedSelfdestruct from './unprotected-selfdestruct';
import controlledDelegatecall from './controlled-delegatecall';
import reentrancyEth from './reentrancy-eth';
import reentrancyState from './reentrancy-state';
import reentrancyEvents from './reentrancy-events';
import nonreentrantOrder from './nonreentrant-order';
import arbitraryEthSend from './arbitrary-eth-send';
import arbitraryTransferfrom from './arbitrary-transferfrom';
import delegatecallInLoop from './delegatecall-in-loop';
import msgValueInLoop from './msg-value-in-loop';
import msgValueNonpayable from './msg-value-nonpayable';
import uncheckedErc20Transfer from './unchecked-erc20-transfer';
import unusedReturn from './unused-return';
import uninitializedState from './uninitialized-state';
import uninitializedStoragePtr from './uninitialized-storage-ptr';
import uninitializedLocal from './uninitialized-local';
import unprotectedInitializer from './unprotected-initializer';
import weakPrng from './weak-prng';
import timestamp from './timestamp';
import strictBalanceEquality from './strict-balance-equality';
import lockedEther from './locked-ether';
import callsInLoopDos from './calls-in-loop-dos';
import missingZeroCheck from './missing-zero-check';
import integerOverflow from './integer-overflow';
import signatureReplay from './signature-replay';
import unboundedLoop from './unbounded-loop';
import hardcodedGas from './hardcoded-gas';
import unprotectedOwnership from './unprotected-ownership';
import frontRunning from './front-running';
import shortAddress from './short-address';

/** Security rules built on the shared facts: calls, reentrancy, access control, taint. */
export const securityRulesA: RuleDefinition[] = [
  txOriginAuth,
  uncheckedLowLevelCall,
  uncheckedSend,
  unprotectedSelfdestruct,
  controlledDelegatecall,
  reentrancyEth,
  reentrancyState,
  reentrancyEvents,
  nonreentrantOrder,
  arbitraryEthSend,
  arbitraryTransferfrom,
  delegatecallInLoop,
  msgValueInLoop,
  msgValueNonpayable,
  uncheckedErc20Transfer,
  unusedReturn,
  uninitializedState,
  uninitializedStoragePtr,
  uninitializedLocal,
  unprotectedInitializer,
  weakPrng,
  timestamp,
  strictBalanceEquality,
  lockedEther,
  callsInLoopDos,
  missingZeroCheck,
  integerOverflow,
  signatureReplay,
  unboundedLoop,
  hardcodedGas,
  unprotectedOwnership,
  frontRunning,
  shortAddress,
];
