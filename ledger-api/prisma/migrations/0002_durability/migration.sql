-- AlterTable
ALTER TABLE "ChainLog" ADD COLUMN     "blockHash" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "RelayJob" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "blockHash" TEXT,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "notBefore" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "RelayLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RelayLease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "ChainLog_blockNumber_idx" ON "ChainLog"("blockNumber");

-- CreateIndex
CREATE INDEX "RelayJob_txHash_idx" ON "RelayJob"("txHash");

