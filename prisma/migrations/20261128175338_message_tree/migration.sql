-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "currentLeafId" TEXT;

-- CreateIndex
CREATE INDEX "Message_parentId_idx" ON "Message"("parentId");

