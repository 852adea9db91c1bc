#!/usr/bin/env bash
# Restore one backup of deploy/backup.sh:
#     deploy/restore.sh BACKUP_DIR STAMP      (STAMP as in db-STAMP.dump, e.g. 20261130T023000Z)
# into the database of DATABASE_URL, which must exist and be empty (createdb), and into
# EVIDENCE_ROOT, which must be empty or absent. Stop the web, worker and beat units first.
set -euo pipefail
: "${DATABASE_URL:?}" "${EVIDENCE_ROOT:?}"
backup_dir=${1:?backup folder}
stamp=${2:?backup stamp}

mkdir -p "$EVIDENCE_ROOT"
if [ -n "$(ls -A "$EVIDENCE_ROOT")" ]; then
  echo "EVIDENCE_ROOT $EVIDENCE_ROOT is not empty: move it away first" >&2
  exit 1
fi
pg_restore --exit-on-error --no-owner --dbname="$DATABASE_URL" "$backup_dir/db-$stamp.dump"
tar -xzf "$backup_dir/evidence-$stamp.tar.gz" -C "$EVIDENCE_ROOT"
echo "restored $stamp"
