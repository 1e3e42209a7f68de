-- Each message carries its conversation's owner, so that search reads one member's messages (newest first, or
-- through the word index) without walking everybody else's. The foreign key on (conversationId, userId) makes
-- the copy impossible to get wrong: a message whose owner differs from its conversation's is refused.
ALTER TABLE "Message" DROP CONSTRAINT "Message_conversationId_fkey";

-- Replaced by the owner's own index below.
DROP INDEX "Message_createdAt_idx";

-- Added empty, filled from the conversations, then required: existing rows have no value to default to.
ALTER TABLE "Message" ADD COLUMN "userId" TEXT;
UPDATE "Message" m SET "userId" = c."userId" FROM "Conversation" c WHERE c.id = m."conversationId";
ALTER TABLE "Message" ALTER COLUMN "userId" SET NOT NULL;

CREATE UNIQUE INDEX "Conversation_id_userId_key" ON "Conversation"("id", "userId");

CREATE INDEX "Message_userId_createdAt_idx" ON "Message"("userId", "createdAt" DESC);

ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_userId_fkey" FOREIGN KEY ("conversationId", "userId") REFERENCES "Conversation"("id", "userId") ON DELETE CASCADE ON UPDATE CASCADE;

-- The word index keyed by owner too (btree_gin lets a GIN index hold a plain column): a search for a rare word
-- or pair of words reads only the member's own matches. Written by hand, like the search column it indexes.
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX "Message_searchVector_idx";
CREATE INDEX "Message_userId_searchVector_idx" ON "Message" USING gin ("userId", "searchVector");
