package dev.baton.samples;

import java.util.List;

/** A non-sticky round-robin load balancer in front of the nodes, with health checks. */
interface Balancer extends AutoCloseable {

    /** What it is, for the console. */
    String describe();

    @Override
    void close();

    /**
     * HAProxy when it is installed, else the embedded Jetty proxy.
     *
     * @param port the port to listen on
     * @param nodePorts the nodes' ports on 127.0.0.1
     * @return the running balancer
     * @throws Exception when it can't start
     */
    static Balancer start(int port, List<Integer> nodePorts) throws Exception {
        String haproxy = HaproxyBalancer.find();
        return haproxy != null ? HaproxyBalancer.start(haproxy, port, nodePorts) : JettyBalancer.start(port, nodePorts);
    }
}
