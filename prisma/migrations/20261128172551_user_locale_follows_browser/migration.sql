-- AlterTable
ALTER TABLE "User" ALTER COLUMN "locale" DROP NOT NULL,
ALTER COLUMN "locale" DROP DEFAULT;


-- Nobody could choose a language before: the old default "en" was not a choice, so follow the browser.
UPDATE "User" SET "locale" = NULL WHERE "locale" = 'en';
