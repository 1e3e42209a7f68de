-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "contextSize" INTEGER;

