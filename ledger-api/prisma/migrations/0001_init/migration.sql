-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "IndexCursor" (
    "name" TEXT NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "blockHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndexCursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ChainLog" (
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "args" JSONB NOT NULL,

    CONSTRAINT "ChainLog_pkey" PRIMARY KEY ("blockNumber","logIndex")
);

-- CreateTable
CREATE TABLE "Community" (
    "id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "supervisor" TEXT NOT NULL,
    "noticeDays" INTEGER NOT NULL,
    "adHocNoticeDays" INTEGER NOT NULL,
    "objectionDays" INTEGER NOT NULL,
    "allowBallotChange" BOOLEAN NOT NULL,
    "excludeParkingArea" BOOLEAN NOT NULL,
    "committeeEpoch" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "members" JSONB NOT NULL,
    "createdBlock" BIGINT NOT NULL,

    CONSTRAINT "Community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Building" (
    "communityId" BIGINT NOT NULL,
    "buildingId" INTEGER NOT NULL,
    "compound" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Building_pkey" PRIMARY KEY ("communityId","buildingId")
);

-- CreateTable
CREATE TABLE "Unit" (
    "communityId" BIGINT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "buildingId" INTEGER NOT NULL,
    "areaCm2" BIGINT NOT NULL,
    "areaSource" INTEGER NOT NULL,
    "kind" INTEGER NOT NULL,
    "developerHeld" BOOLEAN NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("communityId","unitId")
);

-- CreateTable
CREATE TABLE "OwnerBinding" (
    "communityId" BIGINT NOT NULL,
    "unitId" INTEGER NOT NULL,
    "owner" TEXT NOT NULL,
    "identityHash" TEXT NOT NULL,
    "evidenceHash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "OwnerBinding_pkey" PRIMARY KEY ("communityId","unitId","owner")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" BIGINT NOT NULL,
    "communityId" BIGINT NOT NULL,
    "matter" INTEGER NOT NULL,
    "scopeKind" INTEGER NOT NULL,
    "scopeIds" JSONB NOT NULL,
    "adHoc" BOOLEAN NOT NULL,
    "votingStart" BIGINT NOT NULL,
    "votingEnd" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "rollRoot" TEXT NOT NULL,
    "totalAreaCm2" BIGINT NOT NULL,
    "totalHeadcount" INTEGER NOT NULL,
    "entryCount" INTEGER NOT NULL,
    "publishedAt" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "winningOption" INTEGER,
    "participatingAreaCm2" BIGINT,
    "participatingHeadcount" INTEGER,
    "quorumMet" BOOLEAN,
    "objectionEnd" BIGINT,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "rollMatches" BOOLEAN NOT NULL DEFAULT true,
    "namedChoice" BOOLEAN NOT NULL DEFAULT false,
    "txHash" TEXT NOT NULL,
    "blockNumber" BIGINT NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "hash" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "RollEntry" (
    "proposalId" BIGINT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "areaCm2" BIGINT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "unitIds" JSONB NOT NULL,
    "voters" JSONB NOT NULL,

    CONSTRAINT "RollEntry_pkey" PRIMARY KEY ("proposalId","entryId")
);

-- CreateTable
CREATE TABLE "RollVoter" (
    "proposalId" BIGINT NOT NULL,
    "voter" TEXT NOT NULL,
    "entryId" INTEGER NOT NULL,

    CONSTRAINT "RollVoter_pkey" PRIMARY KEY ("proposalId","voter","entryId")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "proposalId" BIGINT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "choice" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "nonce" INTEGER NOT NULL,
    "signer" TEXT NOT NULL,
    "areaCm2" BIGINT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockNumber" BIGINT NOT NULL,

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("proposalId","entryId")
);

-- CreateTable
CREATE TABLE "BallotLog" (
    "proposalId" BIGINT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "choice" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "nonce" INTEGER NOT NULL,
    "signer" TEXT NOT NULL,
    "areaCm2" BIGINT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "counted" BOOLEAN NOT NULL,
    "scanHash" TEXT,
    "txHash" TEXT NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,

    CONSTRAINT "BallotLog_pkey" PRIMARY KEY ("blockNumber","logIndex")
);

-- CreateTable
CREATE TABLE "Mandate" (
    "proposalId" BIGINT NOT NULL,
    "entryId" INTEGER NOT NULL,
    "proxy" TEXT NOT NULL,
    "mandateHash" TEXT NOT NULL,

    CONSTRAINT "Mandate_pkey" PRIMARY KEY ("proposalId","entryId")
);

-- CreateTable
CREATE TABLE "RelayJob" (
    "id" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "proposalId" BIGINT,
    "entryId" INTEGER,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "txHash" TEXT,
    "blockNumber" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RelayJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PendingAction" (
    "id" TEXT NOT NULL,
    "communityId" BIGINT NOT NULL,
    "kind" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "payloadHash" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "deadline" BIGINT NOT NULL,
    "signatures" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "txHash" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Unit_communityId_buildingId_idx" ON "Unit"("communityId", "buildingId");

-- CreateIndex
CREATE INDEX "OwnerBinding_owner_idx" ON "OwnerBinding"("owner");

-- CreateIndex
CREATE INDEX "Proposal_communityId_idx" ON "Proposal"("communityId");

-- CreateIndex
CREATE INDEX "RollVoter_voter_idx" ON "RollVoter"("voter");

-- CreateIndex
CREATE INDEX "BallotLog_proposalId_entryId_idx" ON "BallotLog"("proposalId", "entryId");

-- CreateIndex
CREATE UNIQUE INDEX "RelayJob_digest_key" ON "RelayJob"("digest");

-- CreateIndex
CREATE INDEX "RelayJob_status_createdAt_idx" ON "RelayJob"("status", "createdAt");

