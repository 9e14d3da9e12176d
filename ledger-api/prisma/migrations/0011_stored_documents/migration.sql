-- CreateTable
CREATE TABLE "StoredDocument" (
    "id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mediaType" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "communityId" BIGINT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "uploader" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "batchId" INTEGER,
    "leafIndex" INTEGER,

    CONSTRAINT "StoredDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentBatch" (
    "id" SERIAL NOT NULL,
    "root" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "jobDigest" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "DocumentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StoredDocument_communityId_recordType_recordId_idx" ON "StoredDocument"("communityId", "recordType", "recordId");

-- CreateIndex
CREATE INDEX "StoredDocument_batchId_idx" ON "StoredDocument"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "StoredDocument_sha256_communityId_recordType_recordId_key" ON "StoredDocument"("sha256", "communityId", "recordType", "recordId");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentBatch_root_key" ON "DocumentBatch"("root");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentBatch_jobDigest_key" ON "DocumentBatch"("jobDigest");

