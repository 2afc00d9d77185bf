#!/usr/bin/env bash
# The near cache's chaos check (issue 23) at full size: RedisNearCacheChaosIT and PostgresNearCacheChaosIT with
# 100,000 requests each (the build runs them with 8,000): two caching nodes, four concurrent clients of one session on
# random nodes (counters set, lists changed in place), a third node invalidating after each round, on the Redis and
# PostgreSQL of TestServices (REDIS_URI / POSTGRES_URL, else localhost). See docs/near-cache.md.
#
#   bash scripts/near-cache-chaos.sh [requests]
#
# Exits non-zero when a client read something older than it had written or seen, or a node served a session later
# than the bound after its invalidation. MVN overrides the Maven command (default ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-./mvnw}
$MVN -B -ntp -pl redis-store,jdbc-store -am verify -Dlicense.skip=true -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test='*NearCacheChaosIT' -Dbaton.nearCacheChaos.requests="${1:-100000}" -DfailIfNoTests=false
