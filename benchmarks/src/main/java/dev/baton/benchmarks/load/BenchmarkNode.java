package dev.baton.benchmarks.load;

import dev.baton.core.BatonConfig;
import dev.baton.servlet.BatonSessionFilter;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** One embedded Tomcat running the probe app for one variant. */
final class BenchmarkNode implements AutoCloseable {

    private final Tomcat tomcat;
    private final FloorFilter floor;
    final int port;

    private BenchmarkNode(Tomcat tomcat, FloorFilter floor, int port) {
        this.tomcat = tomcat;
        this.floor = floor;
        this.port = port;
    }

    static BenchmarkNode start(Variant variant, Settings settings) throws IOException, LifecycleException {
        Path base = Files.createTempDirectory("baton-bench");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setProperty("maxThreads", "64");
        Context context = tomcat.addContext("", base.toString());
        Wrapper wrapper = Tomcat.addServlet(context, "probe", new ProbeServlet());
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "probe");
        FloorFilter floor = null;
        if (variant == Variant.MANAGER_REDIS) {
            dev.baton.tomcat.BatonSessionManager manager = new dev.baton.tomcat.BatonSessionManager();
            manager.setProperty("store", settings.redisUri());
            manager.setProperty("keyPrefix", settings.keyPrefix());
            context.setManager(manager);
        }
        Filter filter = switch (variant) {
            case BASELINE, MANAGER_REDIS -> null;
            case FLOOR -> floor = new FloorFilter(settings.redisUri());
            case FILTER_REDIS -> baton(settings.redisUri(), settings, "none");
            case FILTER_REDIS_LOCKED -> baton(settings.redisUri(), settings, "session");
            case FILTER_POSTGRES -> baton(settings.postgresUrl(), settings, "none");
            case FILTER_MEMORY -> baton("memory:", settings, "none");
        };
        if (filter != null) {
            FilterDef def = new FilterDef();
            def.setFilterName("sessions");
            def.setFilter(filter);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("sessions");
            map.addURLPattern("/*");
            context.addFilterMap(map);
        }
        tomcat.start();
        return new BenchmarkNode(tomcat, floor, tomcat.getConnector().getLocalPort());
    }

    private static Filter baton(String store, Settings settings, String lockMode) {
        return BatonSessionFilter.builder(BatonConfig.builder().store(store)
                .set("lockMode", lockMode)
                .set("keyPrefix", settings.keyPrefix())
                .set("tableName", "baton_bench")
                .set("createSchema", "true")
                .set("reapInterval", "1d")
                .build()).build();
    }

    /** The floor's filter, to populate its hashes; {@code null} for other variants. */
    FloorFilter floor() {
        return floor;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
        if (floor != null) {
            floor.close();
        }
    }
}
