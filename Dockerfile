# Hearth: one Dockerfile, one app tree, two roles.
#   web    -> default CMD: apply SQL migrations, then `next start`
#   worker -> `npm run start:worker` (node-llama-cpp inference, BullMQ consumer)
#
#   docker build -t hearth .                                   # CPU runtime (node:20-bookworm-slim)
#   docker build --build-arg RUNTIME_FLAVOR=cuda -t hearth .   # adds the CUDA 12 runtime libraries
#
# Needs BuildKit (the default builder since Docker 23): the runtime base is chosen by an ARG
# and the npm cache is a cache mount.
# No HEALTHCHECK here on purpose: the same image runs the worker, which serves no HTTP.
# The web healthcheck lives in docker-compose.yml.

ARG NODE_IMAGE=node:20-bookworm-slim
# node-llama-cpp's prebuilt CUDA backends link against libcudart/libcublas, which neither
# node:*-slim nor the NVIDIA Container Toolkit provide (the toolkit only injects the driver,
# libcuda.so.1). CUDA 12 rather than 13: node-llama-cpp ships a CUDA 12 fallback build,
# and CUDA 12 works with far older host drivers than CUDA 13 (which needs driver >= 580).
ARG CUDA_IMAGE=nvidia/cuda:12.9.1-runtime-ubuntu24.04
# cpu | cuda
ARG RUNTIME_FLAVOR=cpu

# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

# ---------------------------------------------------------------------------------------
FROM base AS deps
# Use node-llama-cpp's prebuilt binaries (the @node-llama-cpp/* optional dependencies in the
# lockfile); never fetch llama.cpp sources or compile during install.
ENV NODE_LLAMA_CPP_SKIP_DOWNLOAD=true
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit

# ---------------------------------------------------------------------------------------
FROM deps AS build
COPY . .
# Folders the runtime stage copies; create the optional ones so COPY never fails on them.
RUN mkdir -p public app components lib worker scripts
RUN npx prisma generate
# .next/cache is the compiler cache: useless at runtime, and large.
RUN npx next build && rm -rf .next/cache

# ---------------------------------------------------------------------------------------
# Runtime bases. BuildKit only builds the one RUNTIME_FLAVOR selects.
FROM base AS runtime-cpu
# pg_dump, pg_restore and psql for backups (`npm run backup` / `restore`, and before every migration). They
# must be at least the server's major version (docker-compose.yml runs PostgreSQL 16, the pgvector/pgvector:…-pg16 image) and Debian 12 ships 15,
# so they come from the PostgreSQL project's apt repository (its signing key ships in postgresql-common).
ARG PG_CLIENT_MAJOR=16
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-common \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-${PG_CLIENT_MAJOR} \
 && rm -rf /var/lib/apt/lists/* \
 && pg_dump --version

FROM ${CUDA_IMAGE} AS runtime-cuda
# The same Node.js build as the other stages, copied from the official image: no download.
COPY --from=base /usr/local/bin/node /usr/local/bin/node
COPY --from=base /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version
# nvidia/cuda images refuse to start on a driver older than their CUDA minor version.
# Start anyway: CUDA 12 minor-version compatibility covers drivers >= 525, and if CUDA cannot
# initialise (or aborts on its first kernel), the worker's probe refuses it and uses the CPU.
ENV NVIDIA_DISABLE_REQUIRE=1
# The oldest host driver CUDA 12 runs on (minor-version compatibility). scripts/docker-worker.sh checks it
# at start and says so plainly; the worker's backend probe then refuses CUDA rather than crash.
ENV HEARTH_MIN_NVIDIA_DRIVER=525.60.13
LABEL org.hearth.min-nvidia-driver="525.60.13"

# ---------------------------------------------------------------------------------------
FROM runtime-${RUNTIME_FLAVOR} AS runtime
WORKDIR /app

# Fixed uid/gid so a bind-mounted models folder can be chown'ed on the host (1001:1001).
ARG HEARTH_UID=1001
RUN groupadd --system --gid ${HEARTH_UID} hearth \
 && useradd --system --uid ${HEARTH_UID} --gid hearth --create-home --home-dir /home/hearth \
      --shell /usr/sbin/nologin hearth \
 && mkdir -p /models /data /backups \
 && chown hearth:hearth /models /data /backups
# /models is created owned by hearth so a fresh named volume mounted there inherits that
# owner (admins upload models through the web app, the worker reads them).

ENV NODE_ENV=production \
    HEARTH_HOST=0.0.0.0 \
    PORT=3000 \
    HEARTH_MODELS_DIR=/models \
    HEARTH_DATA_DIR=/data \
    HEARTH_BACKUP_DIR=/backups \
    NODE_LLAMA_CPP_SKIP_DOWNLOAD=true \
    NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# Everything root-owned (read-only for the app user) except .next, where `next start`
# writes its runtime cache (e.g. optimised images).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build --chown=hearth:hearth /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/app ./app
COPY --from=build /app/components ./components
COPY --from=build /app/lib ./lib
COPY --from=build /app/worker ./worker
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/prisma.config.ts /app/package.json /app/next.config.ts /app/tsconfig.json ./

USER hearth
EXPOSE 3000
# `exec` hands the shell's PID over to npm, so stop signals reach `next start`.
CMD ["sh", "scripts/docker-web.sh"]
