-- CreateEnum
CREATE TYPE "ModelKind" AS ENUM ('chat', 'embedding');

-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "embeddingModelId" TEXT;

-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "kind" "ModelKind" NOT NULL DEFAULT 'chat';

-- AddForeignKey
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_embeddingModelId_fkey" FOREIGN KEY ("embeddingModelId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Encoder models registered before kinds existed are embedding models (see lib/models/kind.ts).
UPDATE "Model" SET "kind" = 'embedding'
 WHERE "architecture" IN ('bert', 'nomic-bert', 'nomic-bert-moe', 'jina-bert-v2', 'jina-bert-v3', 'neo-bert', 'modern-bert', 't5encoder');
