package dev.baton.tomcat;

import dev.baton.core.SessionRequest;
import dev.baton.core.SessionStoreUnavailableException;
import dev.baton.servlet.internal.SaveBeforeCommitResponse;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request its Baton session logic, first in the context's pipeline (before any authenticator), and saves
 * what the request changed: before the response is committed when the app commits it, else when the pipeline returns
 * (Tomcat writes a redirect or a buffered body only after that). A store that is down answers 503 with
 * {@code Retry-After}. Installed by {@link BatonSessionManager}; not configured by hand.
 */
public final class BatonSessionValve extends ValveBase {

    private static final Logger LOG = LoggerFactory.getLogger(BatonSessionValve.class);

    private final BatonSessionManager manager;

    BatonSessionValve(BatonSessionManager manager) {
        super(true);
        this.manager = manager;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (manager.engine() == null) {
            getNext().invoke(request, response);
            return;
        }
        SessionRequest session = manager.engine().newRequest(request.getRequestedSessionId(),
                request.getDecodedRequestURI().substring(request.getContextPath().length()));
        manager.bind(session);
        response.setResponse(new SaveBeforeCommitResponse(response.getResponse(), session::save));
        request.setRequest(new BoundRequest(request.getRequest(), session));
        try {
            getNext().invoke(request, response);
            SessionStoreUnavailableException outage = outage(
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            if (outage != null) {
                throw outage;
            }
            if (request.isAsync()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        session.complete();
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        // onComplete follows.
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        // onComplete follows.
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        event.getAsyncContext().addListener(this);
                    }
                });
            } else {
                session.complete();
            }
        } catch (SessionStoreUnavailableException e) {
            if (response.isCommitted()) {
                throw e;
            }
            LOG.warn("Answered 503: {}", e.getMessage());
            // The app's servlet threw it: Tomcat marked a 500 that the host would report over this 503.
            request.removeAttribute(RequestDispatcher.ERROR_EXCEPTION);
            response.resetError();
            response.reset();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "1");
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Session store unavailable; try again shortly.\n");
        } finally {
            manager.unbind();
        }
    }

    private static SessionStoreUnavailableException outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SessionStoreUnavailableException unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    /**
     * The app's request, binding this request's session logic to whatever thread asks for the session: an async
     * request may do so from another thread than the one the valve ran on.
     */
    private final class BoundRequest extends HttpServletRequestWrapper {
        private final SessionRequest session;

        BoundRequest(HttpServletRequest request, SessionRequest session) {
            super(request);
            this.session = session;
        }

        private <T> T bound(java.util.function.Supplier<T> call) {
            SessionRequest previous = manager.current();
            manager.bind(session);
            try {
                return call.get();
            } finally {
                if (previous == null) {
                    manager.unbind();
                } else {
                    manager.bind(previous);
                }
            }
        }

        @Override
        public HttpSession getSession(boolean create) {
            return bound(() -> super.getSession(create));
        }

        @Override
        public HttpSession getSession() {
            return bound(super::getSession);
        }

        @Override
        public String changeSessionId() {
            return bound(super::changeSessionId);
        }

        @Override
        public boolean isRequestedSessionIdValid() {
            return bound(super::isRequestedSessionIdValid);
        }
    }
}
