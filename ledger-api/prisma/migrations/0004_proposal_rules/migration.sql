-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "allowBallotChange" BOOLEAN,
ADD COLUMN     "objectionDays" INTEGER;

