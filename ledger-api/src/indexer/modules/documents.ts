/**
 * DocumentAnchor's events in the index: one AnchoredBatch row per anchored root, with the
 * transaction and block that carry it, so a document's proof bundle can name them and the
 * anchoring worker can tell a batch it sent from one it must still send.
 */
import { documentAnchorAbi } from "../../../../chain/abi";
import { moduleHandlers } from "../handlers";

export const documentEvents = moduleHandlers(documentAnchorAbi, {
  events: {
    BatchAnchored: async (tx, log) => {
      await tx.anchoredBatch.create({
        data: {
          batchId: log.args.batchId,
          root: log.args.root.toLowerCase(),
          size: log.args.size,
          anchoredAt: log.args.anchoredAt,
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
          txHash: log.transactionHash,
        },
      });
    },
  },
  runs: {},
});
