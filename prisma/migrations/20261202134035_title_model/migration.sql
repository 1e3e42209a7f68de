-- AlterTable
ALTER TABLE "Settings" ADD COLUMN     "titleModelId" TEXT;

-- AddForeignKey
ALTER TABLE "Settings" ADD CONSTRAINT "Settings_titleModelId_fkey" FOREIGN KEY ("titleModelId") REFERENCES "Model"("id") ON DELETE SET NULL ON UPDATE CASCADE;

