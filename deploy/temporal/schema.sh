#!/bin/sh
# One-shot schema job for Temporal's PostgreSQL databases: docker-compose service `temporal-schema`
# (image temporalio/admin-tools, same version as the server). Creates the default and visibility
# databases when they are missing and brings both schemas to the version this image ships. Every
# step is idempotent (an existing database is kept, a schema at the latest version is left as it
# is), so the job runs on every `docker compose up` and upgrades the schema when the tags change.
#
# Environment: POSTGRES_SEEDS (host), DB_PORT, POSTGRES_USER, SQL_PASSWORD (read by
# temporal-sql-tool itself, so that the password is not on a command line), DBNAME and
# VISIBILITY_DBNAME (optional, the server's defaults).
set -eu

host="${POSTGRES_SEEDS:-postgresql}"
port="${DB_PORT:-5432}"
user="${POSTGRES_USER:-temporal}"
: "${SQL_PASSWORD:?SQL_PASSWORD (the PostgreSQL password) is not set}"
schema_root=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$host" -p "$port" -u "$user" "$@"
}

for target in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  database="${target%%:*}"
  schema="${target#*:}"
  echo "Temporal schema: $database ($schema)"
  sql_tool --db "$database" create
  sql_tool --db "$database" setup-schema -v 0.0
  sql_tool --db "$database" update-schema -d "$schema_root/$schema/versioned"
done
echo 'Temporal schema: up to date'
