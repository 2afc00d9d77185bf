#!/usr/bin/env bash
# The near cache's chaos check (issue 23) at full size: RedisNearCacheChaosIT with 100,000 requests (the build runs it
# with 8,000): two caching nodes, four concurrent clients of one session on random nodes, a third node invalidating
# after each round, on the Redis of TestServices (REDIS_URI, else 127.0.0.1:6379). See docs/near-cache.md.
#
#   bash scripts/near-cache-chaos.sh [requests]
#
# Exits non-zero when a client read something older than it had written or seen, or a node served a session later
# than the bound after its invalidation. MVN overrides the Maven command (default ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-./mvnw}
$MVN -B -ntp -pl redis-store -am verify -Dlicense.skip=true -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RedisNearCacheChaosIT -Dbaton.nearCacheChaos.requests="${1:-100000}" -DfailIfNoTests=false
