-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "pinned" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "titleByUser" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Conversation_userId_archivedAt_pinned_updatedAt_id_idx" ON "Conversation"("userId", "archivedAt", "pinned", "updatedAt" DESC, "id" DESC);

