#!/usr/bin/env bash
# Runs the Jakarta Servlet TCK's session tests against embedded Tomcat 11 with one of Baton's front ends.
# The TCK is checked out and built beside the project (TCK_DIR, default ../baton-tck next to the checkout); none of
# its code enters this repository.
#
#   scripts/tck/run.sh prepare                         # once: check out and build the TCK (6.1.2-RELEASE-tck)
#   scripts/tck/run.sh <manager|filter|none> <store>   # compile Baton's modules, then run the session tests
#       store: redis://127.0.0.1:6379/9  or  jdbc:postgresql://127.0.0.1:5432/baton_tck?user=postgres
#   TCK_INCLUDES='**/httpsession/*Tests.java' scripts/tck/run.sh filter ...   # a subset
#   TCK_TOMCAT=10.1.40 scripts/tck/run.sh filter ...   # another embedded Tomcat than the runner's 11.0.x
#
# Reports: scripts/tck/runner/target/failsafe-reports/. Set MVN to wrap Maven (e.g. a lock: "flock /tmp/x mvn").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
TCK_DIR=${TCK_DIR:-$(dirname "$root")/baton-tck}
TCK_REPO=${TCK_REPO:-https://github.com/jakartaee/servlet.git}
TCK_TAG=${TCK_TAG:-6.1.2-RELEASE-tck}
MVN=${MVN:-mvn}

prepare() {
    if [[ ! -d "$TCK_DIR/servlet/.git" ]]; then
        mkdir -p "$TCK_DIR"
        git clone --quiet "$TCK_REPO" "$TCK_DIR/servlet"
    fi
    git -C "$TCK_DIR/servlet" checkout --quiet --force "$TCK_TAG"
    # The 6.1.2 TCK's BOM names arquillian-junit-core 1.10.2.Final, which Maven Central does not have.
    sed -i 's#<version>1.10.2.Final</version>#<version>1.10.1.Final</version>#' "$TCK_DIR/servlet/tck/pom.xml"
    (cd "$TCK_DIR/servlet/tck" && $MVN -B -ntp -q install -DskipTests -pl tck-util,tck-runtime -am)
}

postgres_schema() {
    local db=$1
    psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
        || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $db"
    psql -h 127.0.0.1 -U postgres -d "$db" -qtAc "SELECT to_regclass('baton_sessions')" | grep -q baton_sessions \
        || sed 's/\${table}/baton_sessions/g; s/\${name}/baton_sessions/g' \
            "$root/jdbc-store/src/main/resources/dev/baton/jdbc/schema-postgresql.sql" \
            | psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1
}

case "${1:-}" in
    prepare) prepare ;;
    manager|filter|none)
        front=$1 store=${2:?store URI}
        if [[ "$store" =~ ^jdbc:postgresql://[^/]+/([A-Za-z0-9_]+) ]]; then
            postgres_schema "${BASH_REMATCH[1]}"
        fi
        # The runner puts target/classes on the class path; the install only lets Maven resolve the runner's
        # dependencies on Baton (and theirs) on a machine that never built Baton.
        (cd "$root" && $MVN -B -ntp -q install -DskipTests -Dlicense.skip=true \
            -pl servlet-filter,tomcat-valve,redis-store,jdbc-store -am)
        (cd "$here/runner" && $MVN -B -ntp verify -Dtck.baton.frontEnd="$front" -Dtck.baton.store="$store" \
            ${TCK_INCLUDES:+-Dtck.includes="$TCK_INCLUDES"} ${TCK_TOMCAT:+-Dtomcat.version="$TCK_TOMCAT"})
        ;;
    *) sed -n '2,12p' "$0"; exit 2 ;;
esac
