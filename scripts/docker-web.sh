#!/bin/sh
# The web container's start: a session secret, the migrations, then the server.
# Without NEXTAUTH_SECRET in .env, a secret is generated once and kept in the data volume, so a plain
# `docker compose up` works on a fresh machine and sessions survive restarts.
set -eu
if [ -z "${NEXTAUTH_SECRET:-}" ]; then
  secret_file="${HEARTH_DATA_DIR:-/data}/auth-secret"
  if [ ! -s "$secret_file" ]; then
    (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("base64url"))' >"$secret_file")
    echo "[web] generated a session secret in $secret_file"
  fi
  NEXTAUTH_SECRET=$(cat "$secret_file")
  export NEXTAUTH_SECRET
fi
npm run db:migrate
exec npm run start:web
