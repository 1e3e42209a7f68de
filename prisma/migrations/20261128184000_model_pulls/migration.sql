-- CreateEnum
CREATE TYPE "PullStatus" AS ENUM ('queued', 'downloading', 'verifying', 'done', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "systemPrompt" TEXT;

-- CreateTable
CREATE TABLE "ModelPull" (
    "id" TEXT NOT NULL,
    "repo" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "status" "PullStatus" NOT NULL DEFAULT 'queued',
    "totalBytes" BIGINT,
    "downloadedBytes" BIGINT NOT NULL DEFAULT 0,
    "speed" DOUBLE PRECISION,
    "sha256" TEXT,
    "error" TEXT,
    "modelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelPull_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelPull_createdAt_idx" ON "ModelPull"("createdAt");

