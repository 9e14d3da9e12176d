-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "custodian" TEXT;

-- CreateTable
CREATE TABLE "FundEvent" (
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "communityId" BIGINT NOT NULL,
    "time" BIGINT NOT NULL,
    "eventName" TEXT NOT NULL,
    "args" JSONB NOT NULL,

    CONSTRAINT "FundEvent_pkey" PRIMARY KEY ("blockNumber","logIndex")
);

-- CreateIndex
CREATE INDEX "FundEvent_communityId_blockNumber_logIndex_idx" ON "FundEvent"("communityId", "blockNumber", "logIndex");

