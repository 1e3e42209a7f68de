-- AlterTable
ALTER TABLE "Invite" ADD COLUMN     "note" TEXT;

