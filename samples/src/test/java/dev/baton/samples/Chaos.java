/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import dev.baton.core.BatonConfig;
import dev.baton.core.SessionStore;
import dev.baton.core.SessionStores;
import dev.baton.core.StoreContext;
import dev.baton.redis.testing.RedisServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The chaos suite ({@code bash scripts/chaos.sh [--quick] [--only a,b] [--users N]}): the sample shop on three nodes
 * behind the balancer, simulated shoppers, and one fault at a time on servers the suite starts itself (never the
 * shared ones): app nodes killed with SIGKILL, a Redis primary killed under Sentinel or in a Cluster, Cluster slots
 * migrating, PostgreSQL restarted or failed over to a synchronous standby, one node cut off from the store, the store
 * slowed past {@code storeTimeout}. Prints
 * one table row per scenario (see {@link ChaosRun.Result}) and exits non-zero when a scenario broke its expectation:
 * no wrong cart and no resurrected session ever; no lost session or acknowledged item except where stated
 * ({@code replicaAcks=0}, and a Cluster failover). See {@code docs/reliability.md}.
 */
public final class Chaos {

    private static final Map<String, String> NONE = Map.of();
    private static final Map<String, String> LOCKED = Map.of("lockMode", "session");

    private Chaos() {
    }

    /**
     * Runs the suite and exits with its code.
     *
     * @param args {@code --quick}, {@code --only name,name}, {@code --users N}
     * @throws Exception when a server can't start
     */
    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the suite; 0 when every scenario met its expectation. */
    static int run(String[] args) throws Exception {
        boolean quick = false;
        Set<String> only = null;
        int users = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--users" -> users = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: [--quick] [--only scenario,scenario] [--users N]; scenarios: "
                            + String.join(", ", scenarios(false, 1).keySet()));
                    return 2;
                }
            }
        }
        Map<String, Scenario> all = scenarios(quick, users > 0 ? users : quick ? 40 : 80);
        List<ChaosRun.Result> results = new ArrayList<>();
        for (Map.Entry<String, Scenario> scenario : all.entrySet()) {
            if (only == null || only.contains(scenario.getKey())) {
                results.add(scenario.getValue().run());
            }
        }
        System.out.println("\nchaos " + (quick ? "--quick " : "") + "finished " + Instant.now() + "\n");
        System.out.println(ChaosRun.Result.header());
        results.forEach(r -> System.out.println(r.row()));
        boolean passed = results.stream().allMatch(ChaosRun.Result::passed);
        System.out.println(passed ? "PASS" : "FAIL");
        return passed ? 0 : 1;
    }

    interface Scenario {
        ChaosRun.Result run() throws Exception;
    }

    private static Map<String, Scenario> scenarios(boolean quick, int users) {
        Map<String, Scenario> all = new LinkedHashMap<>();
        ChaosRun.Expect keeps = new ChaosRun.Expect(true);
        if (quick) {
            all.put("node-kill", () -> redis("node-kill", NONE, keeps, users, Duration.ofSeconds(30),
                    run -> run.killAndRestart(0, Duration.ofSeconds(2))));
            all.put("sentinel-acks1", () -> sentinel("sentinel-acks1", 1, NONE, keeps, users, 1));
            return all;
        }
        ChaosRun.Plan kills = run -> {
            for (int i = 0; i < 4; i++) {
                run.killAndRestart(i % 3, Duration.ofSeconds(5));
                run.sleep(Duration.ofSeconds(5));
            }
        };
        all.put("node-kill", () -> redis("node-kill", NONE, keeps, users, Duration.ofSeconds(90), kills));
        all.put("node-kill-locked", () -> redis("node-kill-locked", LOCKED, keeps, users, Duration.ofSeconds(90),
                kills));
        all.put("sentinel-acks0", () -> sentinel("sentinel-acks0", 0, NONE, new ChaosRun.Expect(false), users, 2));
        all.put("sentinel-acks1", () -> sentinel("sentinel-acks1", 1, NONE, keeps, users, 2));
        all.put("sentinel-acks1-locked", () -> sentinel("sentinel-acks1-locked", 1, LOCKED, keeps, users, 2));
        all.put("postgres-restart", () -> postgres("postgres-restart", false, users));
        all.put("postgres-failover", () -> postgres("postgres-failover", true, users));
        all.put("partition", () -> partition("partition", NONE, users));
        all.put("partition-locked", () -> partition("partition-locked", LOCKED, users));
        all.put("slow-store", () -> slow("slow-store", NONE, users));
        all.put("slow-store-locked", () -> slow("slow-store-locked", LOCKED, users));
        all.put("cluster-failover", () -> redisCluster("cluster-failover", false, users));
        all.put("cluster-reshard", () -> redisCluster("cluster-reshard", true, users));
        return all;
    }

    /** A private standalone Redis. */
    private static ChaosRun.Result redis(String name, Map<String, String> settings, ChaosRun.Expect expect,
            int users, Duration length, ChaosRun.Plan plan) throws Exception {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            return ChaosRun.run(name, "redis://127.0.0.1:" + redis.port, i -> null, settings, expect, users,
                    length, plan);
        }
    }

    /** Primary, replica and three sentinels; the primary is killed {@code failovers} times, 15 s apart. */
    private static ChaosRun.Result sentinel(String name, int replicaAcks, Map<String, String> lock,
            ChaosRun.Expect expect, int users, int failovers) throws Exception {
        try (RedisServers servers = new RedisServers()) {
            List<String> fastSync = List.of("--repl-diskless-sync-delay", "0");
            RedisServers.Server first = servers.start(fastSync);
            List<String> replicaArgs = new ArrayList<>(fastSync);
            replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(first.port)));
            RedisServers.Server second = servers.start(replicaArgs);
            List<RedisServers.Server> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sentinels.add(servers.sentinel("mymaster", first.port));
            }
            await(Duration.ofSeconds(30), "the replica is in sync",
                    () -> first.cli("info", "replication").contains("state=online"));
            StringBuilder hosts = new StringBuilder();
            sentinels.forEach(s -> hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(s.port));
            Map<String, String> settings = new LinkedHashMap<>(lock);
            settings.put("replicaAcks", Integer.toString(replicaAcks));
            return ChaosRun.run(name, "redis-sentinel://" + hosts + "/0?sentinelMasterId=mymaster", i -> null,
                    settings, expect, users, Duration.ofSeconds(30L + 20L * failovers), run -> {
                        for (int f = 0; f < failovers; f++) {
                            String[] master = sentinels.get(0).cli("sentinel", "get-master-addr-by-name", "mymaster")
                                    .trim().split("\\s+");
                            RedisServers.Server primary = Integer.parseInt(master[1]) == first.port ? first : second;
                            RedisServers.Server replica = primary == first ? second : first;
                            primary.kill();
                            run.fault("Redis primary :" + primary.port + " killed with SIGKILL");
                            String old = Integer.toString(primary.port);
                            await(Duration.ofSeconds(60), "Sentinel promotes the replica", () -> sentinels.stream()
                                    .noneMatch(s -> s.cli("sentinel", "get-master-addr-by-name", "mymaster")
                                            .contains(old)));
                            run.repair("Sentinel promoted :" + replica.port);
                            // Back as a replica of the new primary, never as an empty primary.
                            primary.restartWith(List.of("--replicaof", "127.0.0.1", Integer.toString(replica.port)));
                            await(Duration.ofSeconds(60), "the old primary is back in sync as a replica",
                                    () -> replica.cli("info", "replication").contains("state=online"));
                            run.repair("old primary :" + primary.port + " back as a replica, in sync");
                            if (f < failovers - 1) {
                                run.sleep(Duration.ofSeconds(15));
                            }
                        }
                    });
        }
    }

    /** A private PostgreSQL: restarted, or a synchronous standby promoted after the primary crashed. */
    private static ChaosRun.Result postgres(String name, boolean failover, int users) throws Exception {
        try (ChaosPostgres pg = ChaosPostgres.start()) {
            if (failover) {
                pg.addSynchronousStandby();
            }
            createSchema(pg.url());
            return ChaosRun.run(name, pg.url(), i -> null, NONE, new ChaosRun.Expect(true), users,
                    Duration.ofSeconds(50), run -> {
                        if (failover) {
                            pg.crashPrimary();
                            run.fault("PostgreSQL primary crashed (pg_ctl stop -m immediate)");
                            run.sleep(Duration.ofSeconds(3));
                            pg.promoteStandby();
                            run.repair("standby promoted (pg_ctl promote)");
                        } else {
                            pg.stopPrimary();
                            run.fault("PostgreSQL stopped (pg_ctl stop -m fast)");
                            pg.startPrimary();
                            run.repair("PostgreSQL started again");
                        }
                    });
        }
    }

    /** node-1 reaches a private Redis through a proxy that cuts it off for 15 s. */
    private static ChaosRun.Result partition(String name, Map<String, String> settings, int users)
            throws Exception {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            try (ChaosProxy proxy = new ChaosProxy(redis.port)) {
                IntFunction<String> storeOfNode = i -> i == 0 ? "redis://127.0.0.1:" + proxy.port() : null;
                return ChaosRun.run(name, "redis://127.0.0.1:" + redis.port, storeOfNode, settings,
                        new ChaosRun.Expect(true), users, Duration.ofSeconds(50), run -> {
                            proxy.partition();
                            run.fault("node-1 cut off from Redis (silence both ways)");
                            run.sleep(Duration.ofSeconds(15));
                            proxy.heal();
                            run.repair("partition healed");
                        });
            }
        }
    }

    /** Every node reaches a private Redis through a proxy that delays each command 7 s (storeTimeout 5 s) for 10 s. */
    private static ChaosRun.Result slow(String name, Map<String, String> settings, int users) throws Exception {
        try (RedisServers servers = new RedisServers()) {
            RedisServers.Server redis = servers.standalone();
            try (ChaosProxy proxy = new ChaosProxy(redis.port)) {
                String uri = "redis://127.0.0.1:" + proxy.port();
                return ChaosRun.run(name, uri, i -> null, settings, new ChaosRun.Expect(true), users,
                        Duration.ofSeconds(50), run -> {
                            proxy.delay(Duration.ofSeconds(7));
                            run.fault("every store command delayed 7 s (storeTimeout 5 s)");
                            run.sleep(Duration.ofSeconds(10));
                            proxy.delay(Duration.ZERO);
                            run.repair("delay removed");
                        });
            }
        }
    }

    /**
     * A Redis Cluster of three primaries: with a replica each, one primary is killed with SIGKILL, its replica
     * promoted, and the killed node restarted (it rejoins as a replica); without, 2000 slots migrate between two
     * primaries ({@code redis-cli --cluster reshard}) while the shoppers shop.
     */
    private static ChaosRun.Result redisCluster(String name, boolean reshard, int users) throws Exception {
        try (RedisServers servers = new RedisServers()) {
            List<RedisServers.Server> nodes = servers.cluster(3, reshard ? 0 : 1);
            StringBuilder hosts = new StringBuilder();
            nodes.forEach(n -> hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(n.port));
            return ChaosRun.run(name, "redis-cluster://" + hosts, i -> null, NONE, new ChaosRun.Expect(reshard),
                    users, Duration.ofSeconds(50), run -> {
                        if (reshard) {
                            RedisServers.Server from = nodes.get(0);
                            RedisServers.Server to = nodes.get(1);
                            run.fault("2000 slots migrating from :" + from.port + " to :" + to.port);
                            String out = from.cli("--cluster", "reshard", "127.0.0.1:" + from.port, "--cluster-from",
                                    from.cli("cluster", "myid").trim(), "--cluster-to",
                                    to.cli("cluster", "myid").trim(), "--cluster-slots", "2000", "--cluster-yes");
                            if (out.contains("ERR")) {
                                throw new IllegalStateException("reshard failed:\n" + out);
                            }
                            run.repair("migration done");
                            return;
                        }
                        RedisServers.Server primary = nodes.stream().filter(n -> n.cli("role").startsWith("master"))
                                .findFirst().orElseThrow();
                        String port = "master_port:" + primary.port;
                        RedisServers.Server replica = nodes.stream()
                                .filter(n -> n.cli("info", "replication").contains(port)).findFirst().orElseThrow();
                        primary.kill();
                        run.fault("Cluster primary :" + primary.port + " killed with SIGKILL");
                        await(Duration.ofSeconds(60), "the replica is promoted",
                                () -> replica.cli("role").startsWith("master")
                                        && replica.cli("cluster", "info").contains("cluster_state:ok"));
                        run.repair("replica :" + replica.port + " promoted");
                        primary.restart();
                        await(Duration.ofSeconds(60), "the killed primary rejoins as a replica",
                                () -> primary.cli("role").startsWith("slave")
                                        && primary.cli("info", "replication").contains("master_link_status:up"));
                        run.repair("killed primary :" + primary.port + " back as a replica, in sync");
                    });
        }
    }

    private static void createSchema(String url) {
        BatonConfig config = BatonConfig.builder().store(url).set("createSchema", "true").build();
        try (SessionStore store = SessionStores.open(new StoreContext(config, Clock.systemUTC()),
                Chaos.class.getClassLoader())) {
            log("schema created");
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Duration limit, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    static void log(String line) {
        System.out.println("[chaos " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
