-- AlterTable
ALTER TABLE "PendingAction" ADD COLUMN     "idempotencyKey" TEXT,
ADD COLUMN     "requestHash" TEXT,
ADD COLUMN     "supervisorSignature" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "PendingAction_idempotencyKey_key" ON "PendingAction"("idempotencyKey");

