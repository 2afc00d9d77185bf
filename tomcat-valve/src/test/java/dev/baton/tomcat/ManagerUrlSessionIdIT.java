package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.TomcatNodes;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Session IDs in URLs under the Tomcat manager (issue 18, bug 14): off unless the web app asks for URL tracking
 * (OWASP), so that a link carrying {@code ;jsessionid=} can't plant a session in a victim's browser.
 */
class ManagerUrlSessionIdIT {

    private final InMemorySessionStore store = new InMemorySessionStore(Clock.systemUTC());
    private final List<Node> nodes = new ArrayList<>();

    /** {@code /create} stores {@code owner} and prints an encoded URL; {@code /owner} prints it back. */
    static final class OwnerApp extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            if (request.getPathInfo().equals("/create")) {
                request.getSession().setAttribute("owner", request.getParameter("owner"));
                response.getWriter().print(request.getSession().getId() + " " + response.encodeURL("/next"));
                return;
            }
            HttpSession session = request.getSession(false);
            response.getWriter().print(session == null ? "none" : session.getAttribute("owner"));
        }
    }

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private Node node(Consumer<Context> setup) {
        Node node = new TomcatNodes().startConfigured(new OwnerApp(), context -> {
            BatonSessionManager manager = new BatonSessionManager();
            manager.setProperty("store", "memory:");
            manager.useStore(store);
            context.setManager(manager);
            setup.accept(context);
        });
        nodes.add(node);
        return node;
    }

    @Test
    void requestWhenSessionIdInUrlAndAppDidNotAskForUrlTrackingThenIdIsIgnoredAndNeverWritten() {
        Node node = node(context -> { });
        String attackersId = new Browser().get(node, "/create?owner=attacker").body().split(" ")[0];

        Browser victim = new Browser();
        String planted = victim.get(node, "/owner;jsessionid=" + attackersId).body();
        String created = victim.get(node, "/create?owner=victim").body();

        assertThat(planted).as("a session ID in the URL is not read").isEqualTo("none");
        assertThat(created).as("encodeURL adds no session ID").endsWith(" /next");
    }

    @Test
    void requestWhenAppAsksForUrlTrackingThenIdInUrlWorks() {
        // The app lists the container's own default (COOKIE and URL): it still asked.
        Node node = node(context -> context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.setSessionTrackingModes(EnumSet.of(SessionTrackingMode.COOKIE,
                        SessionTrackingMode.URL)), null));
        String id = new Browser().get(node, "/create?owner=user").body().split(" ")[0];

        assertThat(new Browser().get(node, "/owner;jsessionid=" + id).body()).isEqualTo("user");
    }
}
