#!/usr/bin/env bash
# The chaos suite (issue 22): the sample shop on three nodes behind the balancer, simulated shoppers, and one fault at
# a time on servers the suite starts itself on free ports (redis-server, sentinels, PostgreSQL with initdb/pg_ctl as
# the postgres user); the shared Redis, PostgreSQL and MariaDB are never touched. See docs/reliability.md.
#
#   bash scripts/chaos.sh                 every scenario (about 20 minutes)
#   bash scripts/chaos.sh --quick         a node killed, a Redis Sentinel failover with replicaAcks=1 (2-3 minutes)
#   bash scripts/chaos.sh --only partition,slow-store [--users 80]
#
# Needs Java 17+, redis-server, PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin) and, for the balancer,
# HAProxy (else the embedded Jetty proxy is used): bash scripts/services.sh installs them on Debian/Ubuntu.
# Exits non-zero when a scenario broke its expectation. MVN overrides the Maven command (default ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-./mvnw}
# One reactor build: the classpath names this checkout's own jars (core/target/..., redis-store/target/...), never
# snapshots in ~/.m2 that another build may replace while the suite runs.
$MVN -B -ntp -q -pl samples -am package -DskipTests dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/chaos.classpath
exec java -cp "samples/target/test-classes:samples/target/classes:$(cat samples/target/chaos.classpath)" \
    dev.baton.samples.Chaos "$@"
