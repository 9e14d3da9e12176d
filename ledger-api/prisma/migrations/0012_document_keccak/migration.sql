-- AlterTable
ALTER TABLE "StoredDocument" ADD COLUMN     "keccak256" TEXT;

-- CreateIndex
CREATE INDEX "StoredDocument_communityId_keccak256_idx" ON "StoredDocument"("communityId", "keccak256");

