// Before `npm test` (and the benches) spend minutes building: are Chromium, PostgreSQL and Redis (and their
// command-line tools, for the backup test and the fault suite) there?
// Prints one line naming what is missing and how to get it, and exits 1.
import fs from "node:fs";
import net from "node:net";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const postgres = new URL(process.env.HEARTH_TEST_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
const redis = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const needsBrowser = !process.argv.includes("--no-browser");
const needsFaultSuite = !process.argv.includes("--no-faults");

const PGVECTOR_PACKAGE =
  "apt-get install postgresql-<major>-pgvector on Debian/Ubuntu, brew install pgvector on macOS, or the pgvector/pgvector image";

/** Whether the server can create the `vector` extension (documents' embeddings need it). */
async function hasPgvector() {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: postgres.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rowCount } = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return rowCount > 0;
  } catch {
    return true; // not reachable or refused: the checks above or the tests themselves say so
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connects, optionally says something, and resolves true when the first reply matches. */
function answers({ host, port, say, expect }) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => (say ? socket.write(say) : done(true)));
    socket.once("data", (data) => done(expect.test(data.toString())));
  });
}

const missing = [];
if (needsBrowser) {
  try {
    fs.accessSync(chromium, fs.constants.X_OK);
  } catch {
    missing.push(`Chromium at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
}
const pgHost = postgres.hostname || "127.0.0.1";
if (!(await answers({ host: pgHost, port: postgres.port || 5432 }))) {
  missing.push(
    `PostgreSQL on ${pgHost}:${postgres.port || 5432} (apt-get install postgresql, trust auth for user postgres; or set HEARTH_TEST_ADMIN_URL)`,
  );
} else if (!(await hasPgvector())) {
  missing.push(`the pgvector extension in PostgreSQL on ${pgHost} (${PGVECTOR_PACKAGE})`);
}
const redisHost = redis.hostname || "127.0.0.1";
if (!(await answers({ host: redisHost, port: redis.port || 6379, say: "PING\r\n", expect: /^(\+PONG|-NOAUTH)/ }))) {
  missing.push(`Redis on ${redisHost}:${redis.port || 6379} (apt-get install redis-server; or set REDIS_URL)`);
}
// The backup test runs the client tools; the fault suite starts its own PostgreSQL and redis-server.
const onPath = (tool) => (process.env.PATH ?? "").split(":").some((dir) => fs.existsSync(`${dir}/${tool}`));
const pgBins = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`) : [];
if (!["pg_dump", "pg_restore", "psql"].every(onPath))
  missing.push("pg_dump, pg_restore and psql on the PATH (apt-get install postgresql-client)");
if (!(process.env.HEARTH_TEST_PG_BIN ?? pgBins.find((dir) => fs.existsSync(`${dir}/pg_ctl`)))) {
  missing.push("initdb and pg_ctl under /usr/lib/postgresql/<version>/bin (apt-get install postgresql; or set HEARTH_TEST_PG_BIN)");
}
if (!onPath("redis-server")) missing.push("redis-server on the PATH (apt-get install redis-server)");
// The "models disk fills up" fault mounts a small tmpfs.
if (needsFaultSuite && process.getuid?.() !== 0) {
  missing.push(
    "root for the fault suite, which mounts a small tmpfs (run npm test as root, as .ci/run does; or the suites alone: npm run test:unit, test:integration, test:e2e)",
  );
}
if (missing.length) {
  console.error(`The tests need ${missing.join("; ")}. Or run .ci/run, which installs and starts them.`);
  process.exit(1);
}
