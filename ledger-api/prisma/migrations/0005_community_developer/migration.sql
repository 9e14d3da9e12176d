-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "developer" TEXT;

