-- CreateTable
CREATE TABLE "TokenUse" (
    "generationId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "generationMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "settled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TokenUse_pkey" PRIMARY KEY ("generationId","attempt")
);

-- CreateIndex
CREATE INDEX "TokenUse_userId_startedAt_idx" ON "TokenUse"("userId", "startedAt");

-- AddForeignKey
ALTER TABLE "TokenUse" ADD CONSTRAINT "TokenUse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Answers stored before this migration: their tokens and generation time move to the ledger, where usage
-- figures now read them (UsageArchive keeps the tokens of conversations deleted before it).
INSERT INTO "TokenUse" ("generationId", attempt, "userId", "startedAt", "promptTokens", "outputTokens", "generationMs", settled)
SELECT m.id, GREATEST(m.attempts, 1), c."userId", m."createdAt", COALESCE(m."promptTokens", 0), COALESCE(m."outputTokens", 0),
       COALESCE(m."firstTokenMs", 0) + CASE WHEN m."tokensPerSec" > 0 AND m."outputTokens" > 1
         THEN (m."outputTokens" - 1) / m."tokensPerSec" * 1000 ELSE 0 END,
       true
FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
WHERE m.role = 'assistant' AND (m."promptTokens" IS NOT NULL OR m."outputTokens" IS NOT NULL);
