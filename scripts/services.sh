#!/usr/bin/env bash
# Makes sure the services Baton's tests talk to are up on localhost:
#   Redis 127.0.0.1:6379, PostgreSQL 127.0.0.1:5432 (database "test", user postgres, trust auth),
#   MariaDB 127.0.0.1:3306 (database "test", root with an empty password);
# and that HAProxy is installed, for the sample cluster's tests that run it behind HAProxy (they start their own).
# Starts them when installed but stopped; on Debian as root, installs them when absent; otherwise says how.
# Tests read TEST_REDIS_URI, TEST_POSTGRES_URL and TEST_MARIADB_URL first, so a service elsewhere needs no script.
set -euo pipefail

say() { printf 'services: %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  return 1
}
systemd_running() { [ -d /run/systemd/system ] && have systemctl; }
can_install() { [ "$(id -u)" = 0 ] && have apt-get; }
apt_updated=""
install() {
  if ! can_install; then
    say "$1 is not installed. On Debian/Ubuntu: sudo apt-get install -y $2 (then run this script again)."
    exit 1
  fi
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  say "installing $2"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_redis() {
  [ -n "${TEST_REDIS_URI:-}" ] && { say "Redis: using TEST_REDIS_URI"; return; }
  if port_open 6379; then say "Redis: up on 6379"; return; fi
  have redis-server || install redis-server redis-server
  if systemd_running; then
    # The package's own service (apt-get install may have started it already; starting again is a no-op).
    systemctl start redis-server
  else
    mkdir -p /tmp/baton-redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /tmp/baton-redis --logfile /tmp/baton-redis/redis.log
  fi
  wait_port 6379 || { say "Redis did not start; see /tmp/baton-redis/redis.log or journalctl -u redis-server"; exit 1; }
  say "Redis: started on 6379"
}

pg_cluster() {
  # The newest cluster Debian's postgresql-common knows of, as "version name status".
  have pg_lsclusters || return 0
  pg_lsclusters --no-header 2>/dev/null | awk '{print $1, $2, $4}' | sort -V | tail -n 1
}
pg_ok() { psql -w -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; }
pg_wait_ok() {
  for _ in $(seq 1 40); do pg_ok && return 0; sleep 0.25; done
  return 1
}

ensure_postgres() {
  [ -n "${TEST_POSTGRES_URL:-}" ] && { say "PostgreSQL: using TEST_POSTGRES_URL"; return; }
  local cluster version="" name="" status=""
  if ! port_open 5432; then
    [ -n "$(postgres_bin)" ] || install postgresql postgresql
    cluster=$(pg_cluster)
    [ -n "$cluster" ] || {
      say "PostgreSQL is installed but has no cluster to start; create one (pg_createcluster) and start it."
      exit 1
    }
    read -r version name status <<<"$cluster"
    # After apt-get install the cluster may already be running (systemd starts it) but still opening its port;
    # pg_ctlcluster start then exits 2, "already running", which is fine here.
    if [ "$status" != online ]; then
      pg_ctlcluster "$version" "$name" start || [ $? = 2 ]
    fi
    wait_port 5432 || { say "PostgreSQL did not start; see /var/log/postgresql/"; exit 1; }
    say "PostgreSQL: started on 5432"
  else
    say "PostgreSQL: up on 5432"
  fi
  have psql || { say "PostgreSQL: psql is missing, can't check the test database"; return; }
  if ! pg_ok; then
    # A fresh Debian cluster asks for a password over TCP; tests connect as postgres without one, as on CI.
    cluster=$(pg_cluster)
    [ -n "$cluster" ] && read -r version name status <<<"$cluster"
    local hba="/etc/postgresql/$version/$name/pg_hba.conf"
    if [ -n "$version" ] && [ -w "$hba" ] && ! grep -q 'baton-tests' "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust # baton-tests\nhost all all ::1/128 trust # baton-tests' "$hba"
      pg_ctlcluster "$version" "$name" reload
      say "PostgreSQL: trusted TCP logins from localhost in $hba"
    fi
    pg_wait_ok || {
      say "PostgreSQL: user postgres can't log in over TCP without a password; set TEST_POSTGRES_URL"
      exit 1
    }
  fi
  if ! psql -w -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1
  then
    psql -w -h 127.0.0.1 -U postgres -d postgres -qc 'create database test'
    say "PostgreSQL: created database test"
  fi
}

ensure_mariadb() {
  [ -n "${TEST_MARIADB_URL:-}" ] && { say "MariaDB: using TEST_MARIADB_URL"; return; }
  if ! port_open 3306; then
    have mariadbd || [ -x /usr/sbin/mariadbd ] || install mariadb mariadb-server
    if systemd_running; then
      systemctl start mariadb
    else
      mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
      # mariadbd refuses to run as root: start it as the mysql user, as the packaged service does.
      start-stop-daemon --start --oknodo --background --chuid mysql --exec /usr/sbin/mariadbd -- --user=mysql
    fi
    wait_port 3306 || { say "MariaDB did not start"; exit 1; }
    say "MariaDB: started on 3306"
  else
    say "MariaDB: up on 3306"
  fi
  if have mariadb; then
    if ! mariadb -h 127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
      # A fresh Debian install lets root in through the socket only; tests log in over TCP with no password.
      mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket" \
        || { say "MariaDB: root can't log in over TCP with an empty password; set TEST_MARIADB_URL"; exit 1; }
    fi
    mariadb -h 127.0.0.1 -uroot -e 'create database if not exists test'
  fi
}

ensure_haproxy() {
  # Where the sample cluster looks: the PATH, then /usr/sbin and /usr/local/sbin (off a normal user's PATH).
  if have haproxy || [ -x /usr/sbin/haproxy ] || [ -x /usr/local/sbin/haproxy ]; then
    say "HAProxy: installed"
    return
  fi
  install haproxy haproxy
  say "HAProxy: installed"
}

ensure_redis
ensure_postgres
ensure_mariadb
ensure_haproxy
