-- CreateTable
CREATE TABLE "AnchoredBatch" (
    "batchId" BIGINT NOT NULL,
    "root" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "anchoredAt" BIGINT NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,

    CONSTRAINT "AnchoredBatch_pkey" PRIMARY KEY ("batchId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AnchoredBatch_root_key" ON "AnchoredBatch"("root");

