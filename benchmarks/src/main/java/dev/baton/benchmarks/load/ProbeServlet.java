package dev.baton.benchmarks.load;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's app. {@code /setup} creates a ~2 KB session (a user name, a counter, a 10-item cart, a 10-entry map
 * and 1 KB of bytes); the workloads are {@code /none} (no session access), {@code /read} (reads the 5 attributes),
 * {@code /write} (increments the counter and adds a cart item, dropping the oldest so the session keeps its size),
 * and {@code /mutate} (changes a cart item in place, without {@code setAttribute}).
 */
final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String path = request.getPathInfo();
        switch (path) {
            case "/setup" -> {
                HttpSession session = request.getSession();
                session.setAttribute("user", "user-" + Integer.toHexString(session.getId().hashCode()));
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
                response.getWriter().print("ok");
            }
            case "/none" -> response.getWriter().print("ok");
            case "/read" -> {
                HttpSession session = request.getSession(false);
                Object user = session.getAttribute("user");
                Integer counter = (Integer) session.getAttribute("counter");
                List<String> cart = (List<String>) session.getAttribute("cart");
                Map<String, String> prefs = (Map<String, String>) session.getAttribute("prefs");
                byte[] blob = (byte[]) session.getAttribute("blob");
                response.getWriter().print(user + " " + counter + " " + cart.size() + " " + prefs.size() + " "
                        + blob.length);
            }
            case "/write" -> {
                HttpSession session = request.getSession(false);
                int counter = (Integer) session.getAttribute("counter") + 1;
                session.setAttribute("counter", counter);
                List<String> cart = (List<String>) session.getAttribute("cart");
                cart.remove(0);
                cart.add("item-" + counter);
                session.setAttribute("cart", cart);
                response.getWriter().print(counter);
            }
            case "/mutate" -> {
                HttpSession session = request.getSession(false);
                List<String> cart = (List<String>) session.getAttribute("cart");
                cart.set(0, "item-" + System.nanoTime());
                response.getWriter().print(cart.size());
            }
            default -> response.sendError(404);
        }
    }
}
