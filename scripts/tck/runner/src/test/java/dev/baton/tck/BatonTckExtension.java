package dev.baton.tck;

import dev.baton.servlet.BatonSessionFilter;
import dev.baton.tomcat.BatonSessionManager;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.Set;
import org.apache.catalina.Container;
import org.apache.catalina.ContainerEvent;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.tomcat.embedded.Tomcat10EmbeddedContainer;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Sets up embedded Tomcat as Apache Tomcat's own TCK runner does (the subset of STRICT_SERVLET_COMPLIANCE the TCK
 * needs, the users and roles it logs in with), and puts one of Baton's front ends into every deployed web app, set
 * up as the docs say, with only {@code store} configured: {@code -Dtck.baton.frontEnd=manager} installs
 * {@link BatonSessionManager} as the context's Manager; {@code filter} maps {@link BatonSessionFilter} first on
 * {@code /*} for every dispatcher type. The store is {@code -Dtck.baton.store}.
 */
public class BatonTckExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Observer.class);
    }

    /** Observes the container's start. */
    public static class Observer {

        /** Configures the server and arranges for each web app to get Baton before it starts. */
        public void configureTomcat(@Observes AfterStart afterStart) throws ReflectiveOperationException {
            Tomcat10EmbeddedContainer container = (Tomcat10EmbeddedContainer) afterStart.getDeployableContainer();
            Field tomcatField = Tomcat10EmbeddedContainer.class.getDeclaredField("tomcat");
            tomcatField.setAccessible(true);
            Tomcat tomcat = (Tomcat) tomcatField.get(container);
            tomcat.getConnector().setProperty("allowedTrailerHeaders", "myTrailer,myTrailer2");
            tomcat.addUser("j2ee", "j2ee");
            tomcat.addRole("j2ee", "Administrator");
            tomcat.addRole("j2ee", "Employee");
            tomcat.addUser("javajoe", "javajoe");
            tomcat.addRole("javajoe", "VP");
            tomcat.addRole("javajoe", "Manager");
            Field configurationField = Tomcat10EmbeddedContainer.class.getDeclaredField("configuration");
            configurationField.setAccessible(true);
            Object configuration = configurationField.get(container);
            Field portField = container.getConfigurationClass().getDeclaredField("bindHttpPort");
            portField.setAccessible(true);
            portField.set(configuration, tomcat.getConnector().getLocalPort());

            String frontEnd = System.getProperty("tck.baton.frontEnd", "filter");
            String store = System.getProperty("tck.baton.store");
            tomcat.getHost().addContainerListener(event -> {
                if (Container.ADD_CHILD_EVENT.equals(event.getType())
                        && event.getData() instanceof Context context) {
                    configureContext(context, frontEnd, store);
                }
            });
        }

        private static void configureContext(Context context, String frontEnd, String store) {
            // The subset of STRICT_SERVLET_COMPLIANCE that Apache Tomcat's TCK runner sets.
            context.setAlwaysAccessSession(true);
            context.setContextGetResourceRequiresSlash(true);
            context.setUseRelativeRedirects(false);
            context.setCrossContext(true);
            if ("manager".equals(frontEnd)) {
                BatonSessionManager manager = new BatonSessionManager();
                manager.setStore(store);
                manager.setSessionActivityCheck(true);
                manager.setSessionLastAccessAtStart(true);
                context.setManager(manager);
            } else if ("filter".equals(frontEnd)) {
                context.addServletContainerInitializer(new FilterFirst(store), null);
            } else if (!"none".equals(frontEnd)) {
                throw new IllegalArgumentException("tck.baton.frontEnd=" + frontEnd + ": manager, filter or none");
            }
        }
    }

    /** Maps Baton's filter first on {@code /*} for every dispatcher type, with only {@code store} set. */
    static final class FilterFirst implements ServletContainerInitializer {
        private final String store;

        FilterFirst(String store) {
            this.store = store;
        }

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            FilterRegistration.Dynamic baton = context.addFilter("baton", BatonSessionFilter.class);
            baton.setInitParameter("store", store);
            baton.setAsyncSupported(true);
            baton.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        }
    }
}
