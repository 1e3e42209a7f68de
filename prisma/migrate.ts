// `npm run db:migrate`: brings the database to the current schema.
import path from "node:path";
import { getEnv } from "@/lib/env";
import { applyMigrations } from "./apply-migrations";

const applied = await applyMigrations(getEnv().DATABASE_URL, path.join(import.meta.dirname, "migrations"));
console.log(applied.length ? `[migrate] ${applied.length} migration(s) applied` : "[migrate] database is up to date");
