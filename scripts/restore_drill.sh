#!/usr/bin/env bash
# Restore drill: dump the catalogue database (and media), restore both into fresh places and
# prove the copy is complete: same row count in every table, all migrations applied, media
# files identical. Leaves nothing behind.
#
#   scripts/restore_drill.sh                  # database "ikz" on 127.0.0.1:5432, user postgres
#   SOURCE_DB=ikz_prod MEDIA_DIR=/srv/ikz/media scripts/restore_drill.sh
#   DUMP=/backup/ikz-2026-11-25.dump scripts/restore_drill.sh   # test an existing backup file
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
SOURCE_DB="${SOURCE_DB:-ikz}"
MEDIA_DIR="${MEDIA_DIR:-var/media}"
TARGET_DB="ikz_restore_drill_$$"
WORK="$(mktemp -d /tmp/ikz-restore-drill.XXXXXX)"

cleanup() {
  dropdb --if-exists "$TARGET_DB" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Exact row count of every table, one "table count" line each.
COUNT_SQL="SELECT table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
counts() { psql -d "$1" -AtF ' ' -v ON_ERROR_STOP=1 -c "$COUNT_SQL"; }

started=$(date +%s)
if [[ -z "${DUMP:-}" ]]; then
  echo "== 1. Sicherung: pg_dump von $SOURCE_DB"
  DUMP="$WORK/ikz.dump"
  # One snapshot: counts and dump inside the same minute; on a busy live database compare
  # against the counts written next to the nightly dump instead.
  counts "$SOURCE_DB" > "$WORK/source-counts.txt"
  pg_dump --format=custom --no-owner --file="$DUMP" "$SOURCE_DB"
  if [[ -d "$MEDIA_DIR" ]]; then
    tar -C "$MEDIA_DIR" -czf "$WORK/media.tar.gz" .
  fi
else
  echo "== 1. Vorhandene Sicherung: $DUMP"
fi
echo "   Dump: $(du -h "$DUMP" | cut -f1)"

echo "== 2. Wiederherstellen in frische Datenbank $TARGET_DB"
createdb "$TARGET_DB"
pg_restore --no-owner --exit-on-error --jobs=2 --dbname="$TARGET_DB" "$DUMP"

echo "== 3. Prüfen"
counts "$TARGET_DB" > "$WORK/restored-counts.txt"
tables=$(wc -l < "$WORK/restored-counts.txt")
rows=$(awk '{s += $2} END {print s}' "$WORK/restored-counts.txt")
if [[ -f "$WORK/source-counts.txt" ]]; then
  if ! diff -u "$WORK/source-counts.txt" "$WORK/restored-counts.txt"; then
    echo "FEHLER: Zeilenzahlen weichen ab" >&2
    exit 1
  fi
  echo "   Zeilenzahlen identisch: $tables Tabellen, $rows Zeilen"
else
  echo "   Wiederhergestellt: $tables Tabellen, $rows Zeilen (keine Quellzählung zum Vergleich)"
fi
for table in practice_practiceexample catalog_measure catalog_fieldofaction practice_municipality; do
  grep -E "^$table " "$WORK/restored-counts.txt" | sed 's/^/   /' || true
done

if DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${TARGET_DB}" \
  .venv/bin/python manage.py migrate --check --noinput >/dev/null 2>&1; then
  echo "   Alle Migrationen des Codes sind angewendet (migrate --check)"
else
  echo "   HINWEIS: Die Sicherung ist älter als der Code; nach dem Restore 'manage.py migrate' ausführen"
fi
DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${TARGET_DB}" \
  .venv/bin/python manage.py shell -c "
from practice.models import PracticeExample
print('   Anwendung liest die Kopie:', PracticeExample.objects.published().count(), 'veröffentlichte Praxisbeispiele')
" 2>/dev/null | grep -v 'objects imported'

if [[ -f "$WORK/media.tar.gz" ]]; then
  mkdir "$WORK/media-restored"
  tar -C "$WORK/media-restored" -xzf "$WORK/media.tar.gz"
  if diff -r "$MEDIA_DIR" "$WORK/media-restored" >/dev/null; then
    echo "   Medien identisch: $(find "$WORK/media-restored" -type f | wc -l) Dateien"
  else
    echo "FEHLER: Medien weichen ab" >&2
    exit 1
  fi
else
  echo "   (keine Mediendateien unter $MEDIA_DIR)"
fi
echo "== Wiederherstellung erfolgreich in $(( $(date +%s) - started )) s"
