/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaproxyBalancerTest {

    @TempDir
    Path dir;

    @Test
    void binaryWhenNotInstalledThenSaysHowToInstallIt() {
        assertThatThrownBy(() -> HaproxyBalancer.binary(List.of(dir))).isInstanceOf(IllegalStateException.class)
                .hasMessage("--balancer haproxy: HAProxy is not installed (no haproxy on the PATH, in /usr/sbin or "
                        + "in /usr/local/sbin). Install it with `bash scripts/services.sh` (Debian/Ubuntu as root) "
                        + "or `apt-get install haproxy`, or choose --balancer jetty.");
    }

    @Test
    void binaryWhenInAnyDirectoryThenTheFirstExecutableOne() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path haproxy = Files.createFile(bin.resolve("haproxy"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(HaproxyBalancer.binary(List.of(empty, bin))).isEqualTo(haproxy);
    }

    @Test
    void searchPathWhenGivenThePathThenItsDirectoriesAndThenTheSbins() {
        assertThat(HaproxyBalancer.searchPath("/opt/bin::/usr/bin:/usr/sbin:/opt/bin")).containsExactly(
                Path.of("/opt/bin"), Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));
    }

    @Test
    void configWhenWrittenThenHealthChecksTolerateABusyMachineAndDeadNodesAreRetriedElsewhere() {
        String config = HaproxyBalancer.config(8080, List.of(4001, 4002));

        // Issue 26: "inter 250ms fall 1 rise 2" and no check timeout took a node out on one slow check.
        assertThat(config).contains("  timeout check 2000ms\n")
                .contains("  default-server inter 250ms fall 3 rise 2 observe layer4 error-limit 2 "
                        + "on-error mark-down\n")
                .contains("  option httplog\n  option dontlog-normal\n")
                .contains("  retries 3\n  option redispatch 1\n").contains("  bind 127.0.0.1:8080\n")
                .contains("  server node-1 127.0.0.1:4001 check\n  server node-2 127.0.0.1:4002 check\n");
    }
}
