/*
 * Copyright 2026 The Baton developers
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.baton.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.memory.InMemorySessionStore;
import dev.baton.servlet.testing.Browser;
import dev.baton.servlet.testing.Node;
import dev.baton.servlet.testing.ProbeServlet;
import dev.baton.servlet.testing.RecordingSessionListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.authenticator.DigestAuthenticator;
import org.apache.catalina.authenticator.FormAuthenticator;
import org.apache.catalina.realm.MemoryRealm;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tomcat's own session users, across nodes: FORM, BASIC and DIGEST authentication, and listeners declared by class name. */
class TomcatAuthenticationIT {

    private final ManagerNodes nodes = new ManagerNodes();
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * The protected page and the login pages. Given the store, the login page says whether its session is stored
     * already, as it must be before the page (which carries the session cookie) leaves.
     */
    static final class SecureApp extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient InMemorySessionStore store;

        SecureApp() {
            this(null);
        }

        SecureApp(InMemorySessionStore store) {
            this.store = store;
        }

        private String loginForm(HttpServletRequest request) {
            HttpSession session = request.getSession(false);
            boolean stored = store == null || session != null && store.load(session.getId()).isPresent();
            return stored ? "login form" : "login form, its session not stored yet";
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            String path = request.getPathInfo();
            switch (path) {
                case "/login.html" -> response.getWriter().print(loginForm(request));
                case "/error.html" -> response.getWriter().print("login failed");
                case "/create" -> response.getWriter().print(request.getSession().getId());
                default -> response.getWriter().print("secret " + path + " for " + request.getRemoteUser()
                        + " auth=" + request.getAuthType());
            }
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            doGet(request, response);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        nodes.close();
    }

    private Node node(HttpServlet app, Consumer<Context> setup) {
        return nodes.start(app, Map.of(), setup);
    }

    private static void secure(Context context, String method) {
        try {
            Path users = Files.createTempFile("users", ".xml");
            Files.writeString(users, "<tomcat-users><user username=\"alice\" password=\"secret\" roles=\"user\"/>"
                    + "</tomcat-users>");
            MemoryRealm realm = new MemoryRealm();
            realm.setPathname(users.toString());
            context.setRealm(realm);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        LoginConfig login = new LoginConfig(method, "baton", "/login.html", "/error.html");
        context.setLoginConfig(login);
        context.addSecurityRole("user");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("user");
        SecurityCollection collection = new SecurityCollection();
        collection.addPattern("/secret/*");
        constraint.addCollection(collection);
        context.addConstraint(constraint);
        context.getPipeline().addValve(switch (method) {
            case "FORM" -> new FormAuthenticator();
            case "DIGEST" -> {
                DigestAuthenticator digest = new DigestAuthenticator();
                digest.setCache(true); // Tomcat's default for DIGEST is false: every request authenticates
                yield digest;
            }
            default -> new BasicAuthenticator();
        });
    }

    private static HttpResponse<String> get(Node node, String path, String cookie, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Cookie", cookie);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<?> response) {
        return response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0].split("=", 2)[1];
    }

    /** The answer to a Digest challenge (RFC 7616, qop=auth), with the challenge's algorithm. */
    private static String digest(String challenge, String method, String uri, String user, String password)
            throws Exception {
        Map<String, String> params = new HashMap<>();
        Matcher matcher = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))").matcher(challenge);
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
        }
        String algorithm = params.getOrDefault("algorithm", "MD5");
        MessageDigest hash = MessageDigest.getInstance(algorithm);
        java.util.function.Function<String, String> h = text -> HexFormat.of().formatHex(
                hash.digest(text.getBytes(StandardCharsets.UTF_8)));
        String cnonce = "0a4f113b";
        String nc = "00000001";
        String response = h.apply(h.apply(user + ":" + params.get("realm") + ":" + password) + ":"
                + params.get("nonce") + ":" + nc + ":" + cnonce + ":auth:" + h.apply(method + ":" + uri));
        return "Digest username=\"" + user + "\", realm=\"" + params.get("realm") + "\", nonce=\""
                + params.get("nonce") + "\", uri=\"" + uri + "\", algorithm=" + algorithm + ", qop=auth, nc=" + nc
                + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\", opaque=\"" + params.get("opaque")
                + "\"";
    }

    private static HttpResponse<String> post(Node node, String path, String form, String cookie) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.port() + path)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void formLoginWhenEachStepHitsAnotherNodeThenUserEndsUpLoggedIn() throws Exception {
        Node first = node(new SecureApp(), c -> secure(c, "FORM"));
        Node second = node(new SecureApp(), c -> secure(c, "FORM"));
        Node third = node(new SecureApp(), c -> secure(c, "FORM"));
        Browser browser = new Browser();

        HttpResponse<String> loginPage = browser.get(first, "/secret/page?x=1");
        assertThat(loginPage.body()).isEqualTo("login form");
        String beforeLogin = browser.cookies().get("JSESSIONID");

        HttpResponse<String> check = post(second, "/j_security_check", "j_username=alice&j_password=secret",
                "JSESSIONID=" + beforeLogin);
        assertThat(check.statusCode()).isEqualTo(303);
        assertThat(check.headers().firstValue("Location").orElseThrow()).endsWith("/secret/page?x=1");
        String afterLogin = check.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0].split("=", 2)[1];
        assertThat(afterLogin).as("session ID changed on authentication").isNotEqualTo(beforeLogin);
        browser.setCookie("JSESSIONID", afterLogin);

        assertThat(browser.get(third, "/secret/page?x=1").body()).isEqualTo("secret /secret/page for alice auth=FORM");
        assertThat(browser.get(first, "/secret/other").body()).isEqualTo("secret /secret/other for alice auth=FORM");
        Browser attacker = new Browser();
        attacker.setCookie("JSESSIONID", beforeLogin);
        assertThat(attacker.get(second, "/secret/page").body()).isEqualTo("login form");
    }

    @Test
    void formLoginWhenAuthenticatorCachesNothingThenNoPasswordIsStoredAndOtherNodesKnowTheUser() throws Exception {
        // Issue 18, bug 11: with cache="false" Tomcat kept the password in a session note, which went to the store.
        Consumer<Context> formWithoutCache = c -> {
            secure(c, "FORM");
            for (org.apache.catalina.Valve valve : c.getPipeline().getValves()) {
                if (valve instanceof FormAuthenticator form) {
                    form.setCache(false);
                }
            }
        };
        Node first = node(new SecureApp(), formWithoutCache);
        Node second = node(new SecureApp(), formWithoutCache);
        Browser browser = new Browser();
        browser.get(first, "/secret/page");

        HttpResponse<String> check = post(second, "/j_security_check", "j_username=alice&j_password=secret",
                "JSESSIONID=" + browser.cookies().get("JSESSIONID"));
        browser.setCookie("JSESSIONID", sessionCookie(check));

        assertThat(browser.get(first, "/secret/page").body()).isEqualTo("secret /secret/page for alice auth=FORM");
        assertThat(browser.get(second, "/secret/other").body()).isEqualTo("secret /secret/other for alice auth=FORM");
        Map<String, byte[]> stored = nodes.store().load(browser.cookies().get("JSESSIONID")).orElseThrow().attributes();
        assertThat(stored.keySet()).noneMatch(name -> name.contains("PASSWORD"));
        assertThat(stored.values()).noneMatch(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)
                .contains("secret"));
    }

    @Test
    void formLoginWhenPostedAtOnceToEitherNodeThenEveryLoginSucceeds() throws Exception {
        // Issue 18, item 17: the authenticator forwards to the login page through Tomcat's own response, which left
        // with its session cookie before the session (holding the request to replay after the login) was stored.
        Node[] node = {node(new SecureApp(nodes.store()), c -> secure(c, "FORM")),
            node(new SecureApp(nodes.store()), c -> secure(c, "FORM"))};
        for (int i = 0; i < 20; i++) {
            Browser browser = new Browser();
            if (i % 4 >= 2) {
                browser.get(node[i % 2], "/create"); // a session before the login
            }
            HttpResponse<String> loginPage = browser.get(node[i % 2], "/secret/page?login=" + i);
            HttpResponse<String> check = post(node[(i + 1) % 2], "/j_security_check",
                    "j_username=alice&j_password=secret", "JSESSIONID=" + browser.cookies().get("JSESSIONID"));

            assertThat(loginPage.body()).as("login %d", i).isEqualTo("login form");
            assertThat(check.statusCode()).as("login %d", i).isEqualTo(303);
            assertThat(check.headers().firstValue("Location").orElseThrow()).endsWith("/secret/page?login=" + i);
        }
    }

    @Test
    void basicLoginWhenSessionCachesPrincipalThenOtherNodesNeedNoCredentials() throws Exception {
        Node first = node(new SecureApp(), c -> secure(c, "BASIC"));
        Node second = node(new SecureApp(), c -> secure(c, "BASIC"));
        Browser browser = new Browser();
        String id = browser.get(first, "/create").body();
        String credentials = Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> authenticated = get(second, "/secret/page", "JSESSIONID=" + id, "Basic " + credentials);
        assertThat(authenticated.body()).isEqualTo("secret /secret/page for alice auth=BASIC");
        String rotated = sessionCookie(authenticated);
        assertThat(rotated).as("session ID changed on authentication").isNotEqualTo(id);
        browser.setCookie("JSESSIONID", rotated);

        assertThat(browser.get(first, "/secret/page").body()).isEqualTo("secret /secret/page for alice auth=BASIC");
    }

    @Test
    void digestLoginWhenSessionCachesPrincipalThenOtherNodesNeedNoCredentials() throws Exception {
        Node first = node(new SecureApp(), c -> secure(c, "DIGEST"));
        Node second = node(new SecureApp(), c -> secure(c, "DIGEST"));
        Browser browser = new Browser();
        String id = browser.get(first, "/create").body();
        HttpResponse<String> challenge = get(first, "/secret/page", "JSESSIONID=" + id, null);
        assertThat(challenge.statusCode()).isEqualTo(401);

        HttpResponse<String> authenticated = get(first, "/secret/page", "JSESSIONID=" + id,
                digest(challenge.headers().firstValue("WWW-Authenticate").orElseThrow(), "GET", "/secret/page",
                        "alice", "secret"));
        assertThat(authenticated.body()).isEqualTo("secret /secret/page for alice auth=DIGEST");
        String rotated = sessionCookie(authenticated);
        assertThat(rotated).as("session ID changed on authentication").isNotEqualTo(id);
        browser.setCookie("JSESSIONID", rotated);

        assertThat(browser.get(second, "/secret/page").body()).isEqualTo("secret /secret/page for alice auth=DIGEST");
        assertThat(browser.get(second, "/secret/other").body())
                .isEqualTo("secret /secret/other for alice auth=DIGEST");
    }

    @Test
    void listenersWhenDeclaredByClassNameThenTheyReceiveEveryEventOnce() {
        RecordingSessionListener.LOG.clear();
        Node first = node(new ProbeServlet(release),
                c -> c.addApplicationListener(RecordingSessionListener.class.getName()));
        Node second = node(new ProbeServlet(release),
                c -> c.addApplicationListener(RecordingSessionListener.class.getName()));
        Browser browser = new Browser();

        browser.get(first, "/set?name=a&value=1");
        browser.get(second, "/set?name=a&value=2");
        browser.get(first, "/remove?name=a");
        browser.get(second, "/change-id");
        browser.get(first, "/invalidate");

        assertThat(RecordingSessionListener.LOG).containsExactly("created", "added:a=1", "replaced:a=1",
                "removed:a=2", "idChanged", "destroyed");
    }
}
