-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'done', 'failed');

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "importKey" TEXT;

-- CreateTable
CREATE TABLE "ConversationImport" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "totalBytes" BIGINT NOT NULL DEFAULT 0,
    "readBytes" BIGINT NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "unknownModels" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ConversationImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConversationImport_userId_createdAt_idx" ON "ConversationImport"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_userId_importKey_key" ON "Conversation"("userId", "importKey");

-- AddForeignKey
ALTER TABLE "ConversationImport" ADD CONSTRAINT "ConversationImport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

