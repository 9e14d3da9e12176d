/**
 * Documents anchored on chain: the pure rules the API, the web client and the verifier share
 * (what a document is and who may read it, its leaf, the RFC 6962-style log, proof bundles).
 */
export * from "./kinds";
export * from "./leaf";
export * from "./merkleLog";
export * from "./bundle";
export * from "./chainRecords";
