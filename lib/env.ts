// The one validated environment, shared by the web app, the worker and the scripts.
import path from "node:path";
import { z } from "zod";

const boolish = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix for every Redis key Hearth writes (queues and streams), so installs and test runs never collide. */
  HEARTH_REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default("hearth"),
  HEARTH_MODELS_DIR: z.string().min(1).default("./models"),
  /** Files kept outside the database: the install marker (which database holds this install's data). */
  HEARTH_DATA_DIR: z.string().min(1).default("./data"),
  /** Database backups: made before migrations and by `npm run backup`. */
  HEARTH_BACKUP_DIR: z.string().min(1).default("./backups"),
  /** How many backups the backups folder keeps (oldest removed first). */
  HEARTH_BACKUP_KEEP: z.coerce.number().int().min(1).default(5),
  /**
   * CPU threads for inference: a number, or `auto` (the worker measures a few counts on each model it
   * loads and keeps the fastest). llama.cpp threads busy-wait, so too many is ruinous.
   */
  HEARTH_WORKER_THREADS: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(256)]).default("auto"),
  /**
   * Generations served at once by one worker (context sequences of the loaded model): a number, or `auto` (as
   * many as fit the memory budget at the configured context, at most 4).
   */
  HEARTH_WORKER_SEQUENCES: z.union([z.literal("auto"), z.coerce.number().int().min(1).max(64)]).default("auto"),
  /**
   * Context window per sequence in tokens, capped at the model's own training context. `auto`: as large as
   * the model and the free memory allow, up to 8192.
   */
  HEARTH_CONTEXT_SIZE: z.union([z.literal("auto"), z.coerce.number().int().min(128).max(1_048_576)]).default("auto"),
  HEARTH_GPU: z.enum(["auto", "cuda", "vulkan", "metal", "false"]).default("auto"),
  HEARTH_MAX_MESSAGE_CHARS: z.coerce.number().int().min(1).default(32_000),
  HEARTH_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).default(2048),
  /** How long a crashed worker's job waits before another worker takes it over. */
  HEARTH_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(10_000),
  /** On SIGTERM, how long the worker lets answers in flight finish before handing them back to the queue. */
  HEARTH_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  HEARTH_DEBUG_ENGINE: boolish.default(false),
  /** Signs session cookies; the web server needs it (see getWebEnv), the worker does not. */
  NEXTAUTH_SECRET: z.string().min(1).optional(),
  /** The public address people type; next-auth reads it too. */
  NEXTAUTH_URL: z.url({ message: "NEXTAUTH_URL must be a URL such as http://localhost:3000" }).optional(),
  /** Where `next start` listens (npm start, npm run start:web, Docker). */
  HEARTH_HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** How long one backend's probe (load a tiny model, generate a token in a child process) may take. */
  HEARTH_PROBE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  /**
   * Test hook: makes the probe of the named backends fail, e.g. `cuda:abort,vulkan:hang`, so the
   * fallback can be shown on any machine.
   */
  HEARTH_PROBE_FAULT: z
    .string()
    .regex(/^((cuda|vulkan|metal):(abort|hang))?(,(cuda|vulkan|metal):(abort|hang))*$/)
    .default(""),
  /**
   * Proxies whose X-Forwarded-For is believed (sign-in and sign-up limits go by the client's address): empty
   * (none; the TCP peer is the client), a number of proxies in front, or their addresses/CIDR ranges,
   * comma-separated. A client can write the header itself, so trust only proxies that overwrite it.
   */
  HEARTH_TRUSTED_PROXIES: z
    .string()
    .trim()
    // Addresses are checked once more, exactly, when the web server starts (lib/http/client-address.ts).
    .regex(/^(\d{1,2}|[0-9a-fA-F:.]+(\/\d{1,3})?(\s*,\s*[0-9a-fA-F:.]+(\/\d{1,3})?)*)?$/, {
      message: "a number of proxies, or their addresses/CIDR ranges separated by commas",
    })
    .default(""),
  /** Bearer token that lets a Prometheus scraper read /metrics without an admin session; unset: admins only. */
  HEARTH_METRICS_TOKEN: z.string().min(16).optional(),
  /** Log level of the JSON logs (pino). */
  HEARTH_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  /** Event streams one member may hold open at once (per web process): tabs beyond it get 429. */
  HEARTH_SSE_PER_USER: z.coerce.number().int().min(1).default(16),
  /** Longest life of one event stream in seconds; the browser reconnects from its Last-Event-ID. */
  HEARTH_SSE_MAX_SECONDS: z.coerce.number().int().min(5).default(600),
  /** Answers one member may have waiting or generating at once. */
  HEARTH_MAX_QUEUED_PER_MEMBER: z.coerce.number().int().min(1).default(10),
  /** Messages one conversation may hold; past it the member starts a new conversation. */
  HEARTH_MAX_CONVERSATION_MESSAGES: z.coerce.number().int().min(2).default(1000),
  /** The Hugging Face Hub (or a mirror) models are pulled from; the only host pulls may contact. */
  HF_ENDPOINT: z.url().default("https://huggingface.co"),
  /** A pull is refused when it would leave less than this many bytes free on the models disk. */
  HEARTH_MIN_FREE_DISK_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(1024 ** 3),
  /** Memory (bytes) resident models may use on one worker; 0 = 80% of the free VRAM (GPU) or RAM at start. */
  HEARTH_MODEL_MEMORY_BYTES: z.coerce.number().int().min(0).default(0),
  /** Largest export file (JSON or ZIP) a member may import, in MB. */
  HEARTH_IMPORT_MAX_MB: z.coerce.number().int().min(1).default(1024),
  /** Most an imported ZIP's conversation files may unpack to, in MB: a small ZIP cannot fill the memory or disk. */
  HEARTH_IMPORT_MAX_UNZIPPED_MB: z.coerce.number().int().min(1).default(4096),
  /** Largest model file an admin may upload from the browser. */
  HEARTH_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(200 * 1024 ** 3),
  /** Largest file a member may add to a conversation (children: a quarter of it). */
  HEARTH_FILE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 ** 2),
  /** All of one member's files together (children: a quarter of it). */
  HEARTH_FILES_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 ** 3),
  /** Longest PDF read, in pages: a file claiming more is refused with that reason. */
  HEARTH_FILE_MAX_PAGES: z.coerce.number().int().min(1).default(2000),
});

export type Env = z.infer<typeof schema> & { modelsDir: string; dataDir: string; backupDir: string };

export class EnvError extends Error {}

let cached: Env | undefined;

export function getEnv(source: Record<string, string | undefined> = process.env): Env {
  if (cached && source === process.env) return cached;
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? "?");
      return source[name] === undefined ? `  ${name}: missing` : `  ${name}: ${i.message}`;
    });
    throw new EnvError(`Hearth cannot start: invalid environment\n${lines.join("\n")}`);
  }
  const env = {
    ...parsed.data,
    modelsDir: path.resolve(parsed.data.HEARTH_MODELS_DIR),
    dataDir: path.resolve(parsed.data.HEARTH_DATA_DIR),
    backupDir: path.resolve(parsed.data.HEARTH_BACKUP_DIR),
  };
  if (source === process.env) cached = env;
  return env;
}

/** The environment of the web server: getEnv's, with the session secret required. */
export function getWebEnv(source: Record<string, string | undefined> = process.env): Env & { NEXTAUTH_SECRET: string } {
  const env = getEnv(source);
  if (!env.NEXTAUTH_SECRET) {
    throw new EnvError("Hearth cannot start: invalid environment\n  NEXTAUTH_SECRET: missing (npm run setup writes one to .env)");
  }
  return { ...env, NEXTAUTH_SECRET: env.NEXTAUTH_SECRET };
}
