#!/usr/bin/env bash
# Start the production stack of docs/deploy.md once and use it the way people will:
# nginx (Debian's, with deploy/nginx/zonetrack.conf rendered onto free ports, TLS with a
# self-signed certificate made here), gunicorn with gunicorn.conf.py, a Celery worker and beat,
# PostgreSQL and Redis (already running, as in .ci/run), ZONETRACK_PRODUCTION on. Through nginx
# it runs scripts/api_scenario.py and a browser smoke test, checks that nginx (not the app)
# serves the static files, runs a job through the worker, and backs up and restores with
# deploy/backup.sh and deploy/restore.sh, and stops and starts PostgreSQL under the running
# stack (a 503 while it is down, served again once it is back). Everything it started is
# stopped on exit; any failure exits non-zero.
#
#     scripts/stack_smoke.sh        (STACK_DB=zonetrack_stack, STACK_REDIS_URL=.../14 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

PGHOST_URL=postgres://postgres@127.0.0.1:5432
STACK_DB=${STACK_DB:-zonetrack_stack}
RESTORE_DB=${STACK_DB}_restore
PY=.venv/bin/python

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx from Debian"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
    || apt-get install -y -qq --no-install-recommends nginx >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d /tmp/zonetrack-stack.XXXXXX)
# nginx's workers (nobody, when started as root) read the static files in here.
chmod 755 "$tmp"
pids=()

stop() {
  status=$?
  set +e
  # Whatever failed, PostgreSQL is left running (the restart check below stops it).
  if [ -n "${CLUSTER:-}" ] && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
  fi
  [ -f "$tmp/nginx.pid" ] && kill -QUIT "$(cat "$tmp/nginx.pid")" 2>/dev/null
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  if [ "$status" -ne 0 ]; then
    for log in gunicorn worker beat nginx-error; do
      echo "---- last lines of $log.log"
      tail -n 40 "$tmp/$log.log" 2>/dev/null
    done
    echo "== stack smoke test FAILED (logs kept in $tmp)"
  else
    rm -rf "$tmp"
  fi
  dropdb -h 127.0.0.1 -U postgres --if-exists "$RESTORE_DB"
  exit "$status"
}
trap stop EXIT

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port)
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
BASE=https://127.0.0.1:$HTTPS_PORT

# The environment of deploy/zonetrack.env.example, pointed at this run's folders and ports.
export ZONETRACK_PRODUCTION=1
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL=$PGHOST_URL/$STACK_DB
export REDIS_URL=${STACK_REDIS_URL:-redis://127.0.0.1:6379/14}
export ZONETRACK_TRUSTED_PROXIES=127.0.0.1
export STATIC_ROOT=$tmp/static EVIDENCE_ROOT=$tmp/evidence
# urllib (api_scenario.py) and curl trust the certificate made below, and nothing else new.
export SSL_CERT_FILE=$tmp/tls/fullchain.pem CURL_CA_BUNDLE=$tmp/tls/fullchain.pem
export ZONETRACK_CHROMIUM=${ZONETRACK_CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}

echo "== fresh database $STACK_DB, Redis ${REDIS_URL}"
dropdb -h 127.0.0.1 -U postgres --if-exists "$STACK_DB"
dropdb -h 127.0.0.1 -U postgres --if-exists "$RESTORE_DB"
createdb -h 127.0.0.1 -U postgres "$STACK_DB"
# Jobs queued by an earlier run must not reach this run's worker.
redis-cli -u "$REDIS_URL" flushdb >/dev/null
"$PY" manage.py check --deploy --fail-level ERROR
"$PY" manage.py migrate --noinput -v 0
# Seeded with Celery eager (no broker), so the demo's own jobs do not queue up in front of the
# job this run sends to the worker.
REDIS_URL= "$PY" manage.py seed_demo >/dev/null
"$PY" manage.py collectstatic --noinput -v 0
TOKEN=$("$PY" manage.py create_user official_zjxq --password zonetrack-demo --role official \
  --zone ZJXQ | tail -n 1)

echo "== TLS: a self-signed certificate for 127.0.0.1"
mkdir -p "$tmp/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$tmp/tls/privkey.pem" -out "$tmp/tls/fullchain.pem" 2>/dev/null

echo "== gunicorn, Celery worker and beat"
.venv/bin/gunicorn zonetrack.wsgi --bind "127.0.0.1:$APP_PORT" --workers 2 --timeout 120 \
  >"$tmp/gunicorn.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A zonetrack worker -l info --concurrency 1 \
  >"$tmp/worker.log" 2>&1 &
pids+=($!)
.venv/bin/celery -A zonetrack beat -l info --schedule "$tmp/celerybeat-schedule" \
  >"$tmp/beat.log" 2>&1 &
pids+=($!)

echo "== nginx from deploy/nginx/zonetrack.conf on $HTTP_PORT and $HTTPS_PORT"
sed -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" \
  -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
  -e '/listen \[::\]/d' \
  -e "s|server 127.0.0.1:8000;|server 127.0.0.1:$APP_PORT;|" \
  -e "s|server_name zonetrack.example.gov;|server_name 127.0.0.1 localhost;|" \
  -e "s|/etc/ssl/zonetrack/|$tmp/tls/|" \
  -e "s|/var/lib/zonetrack/static/|$STATIC_ROOT/|" \
  deploy/nginx/zonetrack.conf >"$tmp/zonetrack.conf"
# A change to the site file that this rendering does not follow must not test production's
# paths or ports by accident.
if grep -nE '/etc/ssl/zonetrack|/var/lib/zonetrack|:8000;|example\.gov|listen (80|443)' \
  "$tmp/zonetrack.conf"; then
  echo "deploy/nginx/zonetrack.conf changed: teach scripts/stack_smoke.sh to render it" >&2
  exit 1
fi
cat >"$tmp/nginx.conf" <<EOF
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $tmp/nginx-access.log;
    client_body_temp_path $tmp/nginx-body;
    proxy_temp_path $tmp/nginx-proxy;
    fastcgi_temp_path $tmp/nginx-fastcgi;
    uwsgi_temp_path $tmp/nginx-uwsgi;
    scgi_temp_path $tmp/nginx-scgi;
    include $tmp/zonetrack.conf;
}
EOF
"$NGINX" -t -q -p "$tmp" -c "$tmp/nginx.conf"
"$NGINX" -p "$tmp" -c "$tmp/nginx.conf"

for _ in $(seq 60); do
  curl -sf -o /dev/null "$BASE/login/" && break
  sleep 1
done
curl -sSf -o /dev/null "$BASE/login/"
echo "ok  $BASE/login/ answers through nginx with the certificate verified"

echo "== checks"
location=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/projects/")
[[ $location == "301 https://127.0.0.1/projects/" ]] || {
  echo "plain HTTP should redirect to HTTPS, got: $location" >&2
  exit 1
}
echo "ok  plain HTTP redirects to HTTPS"
headers=$(curl -sSI "$BASE/login/")
grep -qi '^strict-transport-security:' <<<"$headers" || {
  echo "no HSTS header behind nginx: is X-Forwarded-Proto passed on?" >&2
  exit 1
}
echo "ok  the app sees HTTPS through X-Forwarded-Proto (HSTS sent)"

# An address or a body over nginx's limits never reaches the app: nginx answers with the
# product's static pages (static/errors/), JSON under /api/, over HTTP/1.1 and HTTP/2.
long_query=q=$(head -c 8998 /dev/zero | tr '\0' x)
head -c $((26 * 1024 * 1024)) /dev/zero >"$tmp/too-large.bin"
for proto in --http1.1 --http2; do
  for path in /api/projects/ /projects/; do
    for request in "414 GET" "413 POST"; do
      read -r status method <<<"$request"
      if [ "$method" = GET ]; then
        got=$(curl -s "$proto" -o "$tmp/refused.out" -w '%{http_code} %{content_type}' \
          "$BASE$path?$long_query")
      else
        got=$(curl -s "$proto" -o "$tmp/refused.out" -w '%{http_code} %{content_type}' \
          -H 'Content-Type: application/octet-stream' --data-binary "@$tmp/too-large.bin" "$BASE$path")
      fi
      if [ "$path" = /api/projects/ ]; then
        expected="$status application/json; charset=utf-8"
        format='import json, sys; assert json.load(open(sys.argv[1]))["detail"]'
      else
        expected="$status text/html; charset=utf-8"
        format='import sys; page = open(sys.argv[1]).read(); assert "id=\"error-page\"" in page and "返回首页" in page'
      fi
      if [ "$got" != "$expected" ] || ! "$PY" -c "$format" "$tmp/refused.out" 2>/dev/null; then
        echo "$proto $method $path over nginx's limit answered '$got', not '$expected':" >&2
        head -c 300 "$tmp/refused.out" >&2
        exit 1
      fi
    done
  done
done
echo "ok  a 9,000-byte query string is the product's 414 and a 26 MB body its 413 (JSON under /api/)"

"$PY" manage.py shell --no-imports -c "
from supervision.tasks import raise_alerts
from zonetrack.db import today
result = raise_alerts.delay(today().isoformat()).get(timeout=120)
print('ok  a job ran on the worker:', result)
"
kill -0 "${pids[2]}"
grep -q "beat: Starting" "$tmp/beat.log"
echo "ok  beat is running"

echo "== scripts/api_scenario.py through nginx"
"$PY" scripts/api_scenario.py "$BASE" "$TOKEN" --zone ZJXQ

echo "== browser through nginx"
"$PY" scripts/stack_browser.py "$BASE" official_zjxq zonetrack-demo
if grep -q ' /static/' "$tmp/gunicorn.log"; then
  echo "gunicorn served static files: nginx's /static/ location is not used" >&2
  exit 1
fi
echo "ok  the stylesheets came from nginx: gunicorn served no static file"

echo "== backup and restore (deploy/backup.sh, deploy/restore.sh)"
BACKUP_DIR=$tmp/backup deploy/backup.sh
stamp=$(basename "$(ls "$tmp"/backup/db-*.dump)" .dump)
stamp=${stamp#db-}
createdb -h 127.0.0.1 -U postgres "$RESTORE_DB"
DATABASE_URL=$PGHOST_URL/$RESTORE_DB EVIDENCE_ROOT=$tmp/restored \
  deploy/restore.sh "$tmp/backup" "$stamp"
count() { psql "$1" -tAc "SELECT (SELECT count(*) FROM projects_project) || '/' || (SELECT count(*) FROM auth_user)"; }
before=$(count "$DATABASE_URL")
after=$(count "$PGHOST_URL/$RESTORE_DB")
files_before=$(find "$EVIDENCE_ROOT" -type f | wc -l)
files_after=$(find "$tmp/restored" -type f | wc -l)
if [ "$before" != "$after" ] || [ "$files_before" != "$files_after" ] || [ "$files_after" -eq 0 ]; then
  echo "restore differs: projects/users $before -> $after, files $files_before -> $files_after" >&2
  exit 1
fi
echo "ok  restored: projects/users $after, evidence files $files_after"

echo "== PostgreSQL restarted under the running stack"
# While the database is down, requests are refused with the product's 503 (JSON under
# /api/, Retry-After), not a 500 or a hung worker; once it is back, the same workers serve
# again without a restart (CONN_HEALTH_CHECKS drops their dead connections).
CLUSTER=$(ls /etc/postgresql)
projects_code() { curl -s -o "$tmp/projects.json" -w '%{http_code}' -H "Authorization: Token $TOKEN" "$BASE/api/projects/?page_size=1"; }
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
code=$(projects_code)
if [ "$code" != 503 ] || ! grep -q '"detail"' "$tmp/projects.json"; then
  echo "with PostgreSQL down /api/projects/ answered $code, not the 503 in JSON" >&2
  exit 1
fi
echo "ok  PostgreSQL down: the API answers 503 in JSON"
pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
code=$(projects_code)
if [ "$code" != 200 ]; then
  echo "after PostgreSQL came back /api/projects/ answered $code" >&2
  exit 1
fi
echo "ok  PostgreSQL back: the same workers serve again"

echo "== stack smoke test passed"
