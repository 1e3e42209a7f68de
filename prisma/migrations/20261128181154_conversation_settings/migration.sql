-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "sampling" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "systemPrompt" TEXT;

-- CreateTable
CREATE TABLE "PromptPreset" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromptPreset_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PromptPreset_userId_createdAt_idx" ON "PromptPreset"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "PromptPreset" ADD CONSTRAINT "PromptPreset_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

