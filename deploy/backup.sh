#!/usr/bin/env bash
# One backup of ZoneTrack: the database as a pg_dump custom archive and the evidence folder as
# a tar file, both named by the time they were taken; backups older than BACKUP_KEEP_DAYS are
# removed. Reads DATABASE_URL, EVIDENCE_ROOT, BACKUP_DIR (and BACKUP_KEEP_DAYS) from the
# environment; zonetrack-backup.timer runs it nightly. Restore with deploy/restore.sh.
set -euo pipefail
: "${DATABASE_URL:?}" "${EVIDENCE_ROOT:?}" "${BACKUP_DIR:?}"
keep_days=${BACKUP_KEEP_DAYS:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$BACKUP_DIR"

# Written under a temporary name, so a backup cut short is never taken for a whole one.
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$BACKUP_DIR/.db-$stamp.dump"
mv "$BACKUP_DIR/.db-$stamp.dump" "$BACKUP_DIR/db-$stamp.dump"
mkdir -p "$EVIDENCE_ROOT"
tar -czf "$BACKUP_DIR/.evidence-$stamp.tar.gz" -C "$EVIDENCE_ROOT" .
mv "$BACKUP_DIR/.evidence-$stamp.tar.gz" "$BACKUP_DIR/evidence-$stamp.tar.gz"

find "$BACKUP_DIR" -maxdepth 1 \( -name 'db-*.dump' -o -name 'evidence-*.tar.gz' \) \
  -mtime "+$keep_days" -delete
echo "backup $stamp: $BACKUP_DIR/db-$stamp.dump $BACKUP_DIR/evidence-$stamp.tar.gz"
