/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.samples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * One app node of the sample cluster: an embedded Tomcat serving the sample web app (its {@code web.xml}, with
 * Baton's filter) on one port. Run by {@link Cluster} as a separate JVM; {@code baton.store} names the store.
 *
 * <p>Arguments: {@code <port> <name> <webapp directory> <filter|valve>}. In {@code valve} mode the context gets
 * Baton's Tomcat manager, as a {@code context.xml} line would give it, and the filter in {@code web.xml} steps
 * aside: the same WAR, unchanged.
 */
public final class Node {

    private Node() {
    }

    /**
     * Starts the node and blocks.
     *
     * @param args port, node name, web app directory
     * @throws Exception when Tomcat can't start
     */
    public static void main(String[] args) throws Exception {
        exitWithLauncher();
        int port = Integer.parseInt(args[0]);
        System.setProperty("samples.node", args[1]);
        Path webapp = Path.of(args[2]);
        Path base = webapp.resolveSibling("tomcat-" + args[1]);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", new File(webapp.toString()).getAbsolutePath());
        if (args.length > 3 && args[3].equals("valve")) {
            context.setManager(new dev.baton.tomcat.BatonSessionManager());
        }
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            // Tomcat would go on answering 404: exit, so that the launcher reports the failure with this log.
            System.out.println("node " + args[1] + ": the web app did not start (" + context.getState() + "); exiting");
            System.exit(1);
        }
        System.out.println("node " + args[1] + " listening on 127.0.0.1:" + port);
        tomcat.getServer().await();
    }

    /**
     * The launcher holds this JVM's standard input open; when the launcher dies, even by SIGKILL where no shutdown
     * hook runs, the input ends and the node exits with it instead of living on as an orphan.
     */
    static void exitWithLauncher() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // The launcher never writes; anything it might is ignored.
                }
            } catch (IOException e) {
                // A broken pipe also means the launcher is gone.
            }
            System.out.println("launcher gone; node exits");
            Runtime.getRuntime().halt(0);
        }, "launcher-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
