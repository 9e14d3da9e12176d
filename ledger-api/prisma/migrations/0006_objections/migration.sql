-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "finalWithOpenObjections" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "finalWithOpenObjections" BOOLEAN;

-- CreateTable
CREATE TABLE "Objection" (
    "proposalId" BIGINT NOT NULL,
    "objectionId" INTEGER NOT NULL,
    "entryId" INTEGER NOT NULL,
    "signer" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "answerHash" TEXT,
    "answerTxHash" TEXT,
    "answerBlock" BIGINT,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("proposalId","objectionId")
);

