/** The API-independent verifier: reads the chain directly and checks a proposal end to end. */
export { readChain, createVerifierClient, MAX_BLOCK_RANGE } from "./readChain";
export type { ReadChainParameters, ReadChainReturnType } from "./readChain";
export { rebuildRegistry, rollInputOf } from "./rebuildRegistry";
export type { CommunityState, UnitState, BindingState, RegistrySnapshot, RegistryAnomaly } from "./rebuildRegistry";
export { recount, compareTallies } from "./recount";
export type { CountedBallot, OptionTotals, RecountResult, TallyMismatch } from "./recount";
export {
  verifyProposal,
  evaluateProposal,
  rollAtPublish,
  addressEntries,
  readOnChainState,
} from "./verifyProposal";
export type {
  Check,
  Problem,
  VerificationReport,
  RollDetails,
  RecountDetails,
  ResultDetails,
  ResultSummary,
  MyBallotDetails,
  MyEntry,
  OnChainState,
  OnChainProposal,
} from "./verifyProposal";
export * from "./events";
export { checkProposal } from "./checkProposal";
export type { AddressSource, CheckId, ProposalCheck, ProposalCheckReport, CheckProposalParameters } from "./checkProposal";
export { checkText, textHashOf } from "./textCheck";
export type { TextCheck, TextSource } from "./textCheck";
export { compareBallots, compareSummary, fetchApiView, ApiUnreachableError } from "./compareWithApi";
export type { ApiView, ApiProposal, ApiBallot, BallotDifference, BallotComparison } from "./compareWithApi";
export { probeNode, checkChainId, checkContracts, checkProposalExists } from "./reachability";
export type { CheckFailure, NodeInfo } from "./reachability";
export { formatReport, reportJson } from "./reportText";
