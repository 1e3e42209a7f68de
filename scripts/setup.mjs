// `npm run setup`: prepares Hearth to run from source (no Docker). Run `npm ci` first, then `npm start`.
// Safe to run again: it keeps an existing .env, an existing database and already-applied migrations.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const envFile = process.env.HEARTH_ENV_FILE ?? ".env";
const step = (message) => console.log(`[setup] ${message}`);
function fail(message) {
  console.error(`\n[setup] ${message}`);
  process.exit(1);
}

// 1. Node.js version.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node.js 20.19 or newer is needed; this is ${process.version}.`);
step(`Node.js ${process.version}: ok`);
if (!fs.existsSync("node_modules/.bin/next")) fail("Dependencies are missing: run `npm ci` first, then `npm run setup` again.");

// 2. The .env file, with from-source defaults and a fresh session secret.
const FROM_SOURCE = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/hearth",
  REDIS_URL: "redis://127.0.0.1:6379",
  HEARTH_MODELS_DIR: "./models",
  NEXTAUTH_URL: "http://localhost:3000",
};
/** Sets KEY=value on the first `KEY=` or `# KEY=` line, or appends it. */
function setVar(text, key, value) {
  const line = new RegExp(`^#?\\s*${key}=.*$`, "m");
  return line.test(text) ? text.replace(line, `${key}=${value}`) : `${text.trimEnd()}\n${key}=${value}\n`;
}
const secret = () => randomBytes(32).toString("base64url");
if (!fs.existsSync(envFile)) {
  let text = fs.existsSync(".env.example") ? fs.readFileSync(".env.example", "utf8") : "# Hearth configuration\n";
  text = setVar(text, "NEXTAUTH_SECRET", secret());
  for (const [key, value] of Object.entries(FROM_SOURCE)) text = setVar(text, key, value);
  fs.writeFileSync(envFile, text, { mode: 0o600 });
  step(`created ${envFile} with a new NEXTAUTH_SECRET (edit it to change the database, Redis or models folder)`);
} else {
  const text = fs.readFileSync(envFile, "utf8");
  if (/^NEXTAUTH_SECRET=\s*$/m.test(text)) {
    fs.writeFileSync(envFile, setVar(text, "NEXTAUTH_SECRET", secret()));
    step(`${envFile} exists; filled in its empty NEXTAUTH_SECRET`);
  } else step(`${envFile} exists: kept as it is`);
}
process.loadEnvFile(envFile); // variables already set in the environment win
for (const [key, value] of Object.entries(FROM_SOURCE)) process.env[key] ||= value;

// 3. The models folder.
const modelsDir = path.resolve(process.env.HEARTH_MODELS_DIR);
fs.mkdirSync(modelsDir, { recursive: true });
step(`models folder: ${modelsDir}`);

// 4. The PostgreSQL database.
const { default: pg } = await import("pg");
const dbUrl = new URL(process.env.DATABASE_URL);
const dbName = decodeURIComponent(dbUrl.pathname.slice(1));
if (!dbName) fail(`DATABASE_URL names no database: ${dbUrl.origin}`);
const server = `${dbUrl.hostname}:${dbUrl.port || 5432}`;
async function connectAdmin() {
  for (const database of ["postgres", "template1"]) {
    const url = new URL(dbUrl);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (error.code === "3D000") continue; // no such maintenance database: try the next
      if (["28P01", "28000"].includes(error.code)) {
        fail(`PostgreSQL at ${server} refused the login (${error.message}). Fix the user/password in DATABASE_URL in ${envFile}.`);
      }
      fail(
        `PostgreSQL is not reachable at ${server} (${error.message}).\n` +
          "Start it, e.g. `sudo systemctl start postgresql` (Debian/Ubuntu) or `brew services start postgresql@16` (macOS),\n" +
          `or point DATABASE_URL in ${envFile} at your server. Then run \`npm run setup\` again.`,
      );
    }
  }
  fail(`PostgreSQL at ${server} has neither a "postgres" nor a "template1" database to connect to.`);
}
const admin = await connectAdmin();
const quote = (name) => `"${name.replaceAll('"', '""')}"`;
let appRole = null; // set when setup creates Hearth's own role
try {
  const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName]);
  if (rowCount) step(`database "${dbName}" on ${server}: exists`);
  else {
    await admin.query(`CREATE DATABASE ${quote(dbName)}`).catch((error) => {
      if (error.code === "42P04") return; // created meanwhile: already exists
      fail(`Could not create database "${dbName}" (${error.message}). Create it yourself (\`createdb ${dbName}\`) and rerun.`);
    });
    step(`database "${dbName}" on ${server}: created`);
  }
  // 4b. Hearth's own database role: the app never runs as a superuser, so a flaw in it cannot reach
  // other databases or the server's files. Only when DATABASE_URL names a superuser (the default).
  const { rows } = await admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
  if (rows[0]?.rolsuper) {
    appRole = { name: process.env.HEARTH_DB_ROLE || dbName, password: randomBytes(24).toString("base64url") };
    const role = quote(appRole.name);
    const exists = (await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [appRole.name])).rowCount;
    await admin.query(
      `${exists ? "ALTER" : "CREATE"} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${appRole.password}'`,
    );
    await admin.query(`ALTER DATABASE ${quote(dbName)} OWNER TO ${role}`);
    step(`database role "${appRole.name}": ${exists ? "password renewed" : "created"}; it owns "${dbName}"`);
  }
} finally {
  await admin.end();
}
await createPgvector();
if (appRole) {
  // Tables made by an earlier run as the superuser move to the role; then the app connects as it.
  const owner = new pg.Client({ connectionString: dbUrl.toString() });
  await owner.connect();
  try {
    const role = quote(appRole.name);
    await owner.query(`GRANT ALL ON SCHEMA public TO ${role}`);
    const { rows } = await owner.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    for (const { tablename } of rows) await owner.query(`ALTER TABLE public.${quote(tablename)} OWNER TO ${role}`);
    const { rows: types } = await owner.query(
      "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typtype = 'e'",
    );
    for (const { typname } of types) await owner.query(`ALTER TYPE public.${quote(typname)} OWNER TO ${role}`);
  } finally {
    await owner.end();
  }
  const appUrl = new URL(dbUrl);
  appUrl.username = encodeURIComponent(appRole.name);
  appUrl.password = appRole.password;
  process.env.DATABASE_URL = appUrl.toString();
  fs.writeFileSync(envFile, setVar(fs.readFileSync(envFile, "utf8"), "DATABASE_URL", appUrl.toString()));
  step(`${envFile}: DATABASE_URL now uses the role "${appRole.name}"`);
}
// It holds the session secret and the database password: readable by its owner only.
fs.chmodSync(envFile, 0o600);

// 4c. pgvector, created here because it is not a trusted extension: the app's own role may not create it,
// while the migration's `CREATE EXTENSION IF NOT EXISTS vector` is then a no-op it may run.
async function createPgvector() {
  const client = new pg.Client({ connectionString: dbUrl.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    if (!rowCount) {
      fail(
        `PostgreSQL at ${server} lacks the pgvector extension, which documents need. Install it:\n` +
          "`sudo apt-get install postgresql-<major>-pgvector` (Debian/Ubuntu, <major> as in `pg_config --version`),\n" +
          "`brew install pgvector` (macOS), or use the pgvector/pgvector Docker image. Then run `npm run setup` again.",
      );
    }
    await client.query("CREATE EXTENSION IF NOT EXISTS vector").catch((error) => {
      fail(
        `Could not create the pgvector extension in "${dbName}" (${error.message}). A superuser must run\n` +
          `\`psql -d ${dbName} -c 'CREATE EXTENSION vector'\` once; then run \`npm run setup\` again.`,
      );
    });
    step(`pgvector in "${dbName}": ok`);
  } finally {
    await client.end();
  }
}

// 5. Redis.
const { Redis } = await import("ioredis");
const redis = new Redis(process.env.REDIS_URL, {
  lazyConnect: true,
  connectTimeout: 5000,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
});
let redisError; // the underlying cause; connect() itself only says "Connection is closed."
redis.on("error", (error) => {
  redisError = error;
});
try {
  await redis.connect();
  const version = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
  const [rMajor, rMinor] = version.split(".").map(Number);
  step(`Redis ${version} at ${process.env.REDIS_URL}: ok`);
  if (rMajor < 6 || (rMajor === 6 && rMinor < 2)) step("warning: Hearth's job queue (BullMQ) wants Redis 6.2 or newer");
} catch (error) {
  fail(
    `Redis is not answering at ${process.env.REDIS_URL} (${(redisError ?? error).message}).\n` +
      "Start it, e.g. `sudo systemctl start redis-server` (Debian/Ubuntu) or `brew services start redis` (macOS),\n" +
      `or set REDIS_URL in ${envFile}. Then run \`npm run setup\` again.`,
  );
} finally {
  redis.disconnect();
}

// 6. Prisma client, migrations, production build.
function run(name, command, args) {
  step(`${name}: ${command} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", shell: process.platform === "win32" });
    child.on("error", (error) => fail(`${name} failed: ${error.message}`));
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : fail(`${name} failed (${signal ?? `exit code ${code}`}); see the output above.`),
    );
  });
}
const skipBuild = process.env.HEARTH_SETUP_SKIP_BUILD === "1"; // tests of setup itself
if (!skipBuild) await run("Prisma client", "npx", ["prisma", "generate"]);
await run("database migrations", "npm", ["run", "db:migrate"]);
if (!skipBuild) await run("production build", "npx", ["next", "build"]);

// 7. A model to chat with.
const hasModel = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? hasModel(path.join(dir, e.name)) : e.name.endsWith(".gguf")));
if (!hasModel(modelsDir)) {
  step(`no .gguf model in ${modelsDir} yet: copy one there (any GGUF chat model, e.g. from Hugging Face),`);
  const tiny = path.relative(process.cwd(), path.join(modelsDir, "tiny.gguf"));
  step(`  or make a tiny random test model: npm run make-model -- --out ${tiny}`);
}
step("done. Start Hearth with `npm start`, open the URL it prints, and sign up: the first account becomes the admin.");
