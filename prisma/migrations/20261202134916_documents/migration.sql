-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('reading', 'indexing', 'ready', 'failed');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sources" JSONB;

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storedName" TEXT NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'reading',
    "failure" TEXT,
    "pages" INTEGER,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "textChars" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentChunk" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "page" INTEGER,
    "text" TEXT NOT NULL,
    "overlapChars" INTEGER NOT NULL DEFAULT 0,
    "embeddingModel" TEXT,

    CONSTRAINT "DocumentChunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationDocument" (
    "conversationId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationDocument_pkey" PRIMARY KEY ("conversationId","documentId")
);

-- CreateIndex
CREATE INDEX "Document_userId_createdAt_idx" ON "Document"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentChunk_documentId_ordinal_key" ON "DocumentChunk"("documentId", "ordinal");

-- CreateIndex
CREATE INDEX "ConversationDocument_documentId_idx" ON "ConversationDocument"("documentId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentChunk" ADD CONSTRAINT "DocumentChunk_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationDocument" ADD CONSTRAINT "ConversationDocument_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationDocument" ADD CONSTRAINT "ConversationDocument_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Written by hand (Prisma's schema cannot describe them; the migrations test checks them on their own):
-- pgvector for embeddings of any size (each chunk names its model; an HNSW index per size can follow),
-- pg_trgm for codes and names the word index splits, and the same keyword vector as messages' search.
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE "DocumentChunk" ADD COLUMN "embedding" vector;
ALTER TABLE "DocumentChunk" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (hearth_search.vector(text)) STORED;
CREATE INDEX "DocumentChunk_searchVector_idx" ON "DocumentChunk" USING gin ("searchVector");
CREATE INDEX "DocumentChunk_text_trgm_idx" ON "DocumentChunk" USING gin (text gin_trgm_ops);
