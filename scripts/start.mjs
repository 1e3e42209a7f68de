// `npm start`: runs Hearth from source. Applies migrations, then runs the web server (`next start`) and the
// inference worker side by side, with their output prefixed. A crashed worker is restarted, with a growing
// pause while it keeps crashing, and never takes the web server down with it: old chats stay readable and
// every page says the model server is restarting. If the web server dies, everything stops. SIGINT/SIGTERM
// stop both children, and this process exits once both are gone.
import { spawn } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";

const envFile = process.env.HEARTH_ENV_FILE ?? ".env";
if (fs.existsSync(envFile)) process.loadEnvFile(envFile); // variables already set in the environment win
process.env.NODE_ENV ??= "production";

const host = process.env.HEARTH_HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
const children = { web: null, worker: null };
/** A worker that ran this long before exiting was not crash-looping: the next restart waits the least again. */
const STABLE_MS = 60_000;
/** The longest pause between restarts of a worker that keeps crashing. */
const MAX_RESTART_DELAY_MS = 60_000;
// The first pause; tests shorten it. The worker entry is replaceable so a test can run one that crashes.
const firstRestartDelayMs = Number(process.env.HEARTH_WORKER_RESTART_MS) || 1000;
const workerEntry = process.env.HEARTH_WORKER_ENTRY || "worker/index.ts";
let crashesInARow = 0;
let workerStartedAt = 0;
let migrate = null;
let stopping = false;
let exitCode = 0;

const log = (message) => console.log(`[hearth] ${message}`);

/** Signals a child's whole process group, so nothing it started outlives it. */
function signal(child, sig) {
  try {
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

/** Copies a stream line by line, prefixing lines that do not already carry the tag. */
function pipe(stream, out, tag) {
  readline.createInterface({ input: stream }).on("line", (line) => out.write(line.startsWith(tag) ? `${line}\n` : `${tag} ${line}\n`));
}

function launch(name, command, args) {
  // Own process group: a terminal's Ctrl+C reaches only this script, which then stops the children in order.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: process.platform !== "win32" });
  pipe(child.stdout, process.stdout, `[${name}]`);
  pipe(child.stderr, process.stderr, `[${name}]`);
  child.on("error", (error) => {
    log(`${name} could not start: ${error.message}`);
    if (child.pid === undefined) onExit(name, 127, null);
  });
  child.on("close", (code, sig) => onExit(name, code, sig));
  children[name] = child;
}

const startWeb = () => launch("web", "node_modules/.bin/next", ["start", "-H", host, "-p", port]);
const startWorker = () => {
  workerStartedAt = Date.now();
  launch("worker", process.execPath, ["--conditions=react-server", "--import", "tsx", workerEntry]);
};

function onExit(name, code, sig) {
  children[name] = null;
  if (stopping) {
    if (!children.web && !children.worker) process.exit(exitCode);
    return;
  }
  const how = sig ? `signal ${sig}` : `code ${code}`;
  if (name === "web") {
    log(`web server exited (${how}); stopping Hearth`);
    return shutdown("SIGTERM", 1);
  }
  crashesInARow = Date.now() - workerStartedAt >= STABLE_MS ? 1 : crashesInARow + 1;
  const delay = Math.min(firstRestartDelayMs * 2 ** (crashesInARow - 1), MAX_RESTART_DELAY_MS);
  const seconds = Number((delay / 1000).toFixed(1));
  if (crashesInARow >= 3)
    log(
      `worker exited (${how}); it keeps crashing (${crashesInARow} times in a row). The web server stays up and pages say the model server is restarting; restarting the worker in ${seconds} s (check the [worker] lines above for the cause)`,
    );
  else log(`worker exited (${how}); restarting it in ${seconds} s`);
  setTimeout(() => stopping || startWorker(), delay);
}

function shutdown(sig, code = 0) {
  exitCode = Math.max(exitCode, code);
  const running = Object.values(children).filter(Boolean);
  if (stopping) {
    // A second Ctrl+C: do not wait for in-flight generations.
    for (const child of running) signal(child, "SIGKILL");
    return;
  }
  stopping = true;
  if (migrate) return migrate.kill(sig); // the migration step exits by itself
  if (!running.length) process.exit(exitCode);
  log(`stopping (${sig})`);
  for (const child of running) signal(child, sig);
  // The worker takes up to ~10 s to finish in-flight answers; never hang forever.
  setTimeout(() => {
    log("children still running after 30 s; killing them");
    for (const child of Object.values(children)) if (child) signal(child, "SIGKILL");
  }, 30_000).unref();
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => shutdown(sig));

// 1. Migrations: the same command Docker and CI run.
log("applying database migrations (npm run db:migrate)");
const migrated = await new Promise((resolve) => {
  migrate = spawn("npm", ["run", "--silent", "db:migrate"], {
    stdio: ["ignore", "inherit", "inherit"],
    shell: process.platform === "win32",
  });
  migrate.on("error", () => resolve(false));
  migrate.on("exit", (code) => resolve(code === 0));
});
migrate = null;
if (stopping) process.exit(exitCode);
if (!migrated) {
  log("migrations failed; check that PostgreSQL runs and DATABASE_URL is right (`npm run setup` checks both)");
  process.exit(1);
}

// 2. The web server and the worker.
startWeb();
startWorker();
const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
log(`open ${process.env.NEXTAUTH_URL || `http://${shown}:${port}`} once the web server is ready (Ctrl+C stops Hearth)`);
