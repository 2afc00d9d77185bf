package dev.baton.benchmarks.engine;

import dev.baton.core.BatonConfig;
import dev.baton.core.BatonSession;
import dev.baton.core.SessionEngine;
import dev.baton.core.SessionRequest;
import dev.baton.core.memory.InMemorySessionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baton's own work per request, without a network or a container: the load benchmark's {@code read}, {@code write}
 * and {@code mutate} workloads on the same ~2 KB session, through the request logic the filter and the manager share,
 * on the in-memory store. What the load benchmark measures beyond this is HTTP, the store's client and the store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestBenchmark {

    private SessionEngine engine;
    private String id;

    @Setup(Level.Trial)
    public void setUp() {
        BatonConfig config = BatonConfig.builder().store("memory:").build();
        engine = SessionEngine.builder(config).store(new InMemorySessionStore(Clock.systemUTC())).build();
        SessionRequest request = engine.newRequest(null);
        BatonSession session = request.getSession(true);
        session.setAttribute("user", "user-1f2e3d4c");
        session.setAttribute("counter", 0);
        List<String> cart = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cart.add("item-" + i + "-sku-0000" + i);
        }
        session.setAttribute("cart", cart);
        Map<String, String> prefs = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            prefs.put("pref" + i, "value-" + i);
        }
        session.setAttribute("prefs", prefs);
        session.setAttribute("blob", new byte[1024]);
        request.complete();
        id = request.idToSend().orElseThrow();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Object read() {
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        Object[] values = {session.getAttribute("user"), session.getAttribute("counter"),
            session.getAttribute("cart"), session.getAttribute("prefs"), session.getAttribute("blob")};
        request.complete();
        return values;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object write() {
        SessionRequest request = engine.newRequest(id);
        BatonSession session = request.getSession(false);
        int counter = (Integer) session.getAttribute("counter") + 1;
        session.setAttribute("counter", counter);
        List<String> cart = (List<String>) session.getAttribute("cart");
        cart.remove(0);
        cart.add("item-" + counter);
        session.setAttribute("cart", cart);
        request.complete();
        return cart;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public Object mutate() {
        SessionRequest request = engine.newRequest(id);
        List<String> cart = (List<String>) request.getSession(false).getAttribute("cart");
        cart.set(0, "item-" + System.nanoTime());
        request.complete();
        return cart;
    }
}
