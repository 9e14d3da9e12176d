-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "language" TEXT;

