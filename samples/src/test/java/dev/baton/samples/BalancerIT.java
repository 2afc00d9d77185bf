/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each balancer, the real one (HAProxy as a process, Jetty's proxy), in front of two stand-in nodes: it answers as
 * soon as it is started, fails its start with its own error, tolerates slow health checks, and takes a node out
 * within about a second when its checks fail. Issue 26.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BalancerIT {

    @TempDir
    Path logDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    private FakeNode node(String name) throws IOException {
        FakeNode node = new FakeNode(name);
        started.add(node);
        return node;
    }

    private int start(Balancer.Kind kind, FakeNode... nodes) throws Exception {
        int port = Cluster.freePort();
        List<Integer> ports = Arrays.stream(nodes).map(FakeNode::port).toList();
        started.add(kind.start(port, ports, logDir));
        return port;
    }

    /** A GET of {@code /who} through the balancer: the name of the node that answered, or the failure status. */
    private String who(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/who"))
                .timeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
    }

    private List<String> who(int port, int times) throws IOException, InterruptedException {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            answers.add(who(port));
        }
        return answers;
    }

    @ParameterizedTest
    @EnumSource(Balancer.Kind.class)
    void startWhenItReturnsThenTheFirstRequestIsAnswered(Balancer.Kind kind) throws Exception {
        FakeNode a = node("a");

        int port = start(kind, a);

        // Issue 26: HAProxy was announced as soon as its process was spawned, before it listened.
        assertThat(who(port)).isEqualTo("a");
    }

    @ParameterizedTest
    @EnumSource(Balancer.Kind.class)
    void startWhenThePortIsTakenThenFailsWithTheBalancersOwnError(Balancer.Kind kind) throws Exception {
        FakeNode a = node("a");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {

            assertThatThrownBy(() -> kind.start(taken.getLocalPort(), List.of(a.port()), logDir))
                    .hasStackTraceContaining("Address already in use");
        }
    }

    @ParameterizedTest
    @EnumSource(Balancer.Kind.class)
    void healthWhenChecksAreSlowerThanTheIntervalThenTheNodeStaysInRotation(Balancer.Kind kind) throws Exception {
        // Given a node whose checks take longer than the check interval, as on a busy machine
        FakeNode a = node("a");
        FakeNode slow = node("slow");
        slow.answerHealthChecksAfter(NodeHealth.INTERVAL.multipliedBy(3));
        int port = start(kind, a, slow);

        // When it has been checked a few times
        int checked = slow.healthChecks();
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.healthChecks() >= checked + NodeHealth.FALL + 1);

        // Then it still gets its share of the requests (issue 26: one slow check took it out)
        assertThat(who(port, 4)).containsExactlyInAnyOrder("a", "a", "slow", "slow");
    }

    @ParameterizedTest
    @CsvSource({"HAPROXY, false", "HAPROXY, true", "JETTY, false", "JETTY, true"})
    void healthWhenANodeFailsItsChecksOrDiesThenItLeavesRotationWithinASecond(Balancer.Kind kind, boolean dies)
            throws Exception {
        FakeNode a = node("a");
        FakeNode b = node("b");
        int port = start(kind, a, b);

        if (dies) {
            b.close();
        } else {
            b.answerHealthChecksWith(503);
        }

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> who(port, 4).stream().allMatch("a"::equals));
    }

    @ParameterizedTest
    @EnumSource(value = Balancer.Kind.class, names = "HAPROXY")
    void haproxyWhenANodeDiesThenItsRequestsGoToAnotherNodeAndNoneFails(Balancer.Kind kind) throws Exception {
        FakeNode a = node("a");
        FakeNode dying = node("dying");
        int port = start(kind, a, dying);

        dying.close();

        assertThat(who(port, 6)).containsOnly("a");
    }
}
