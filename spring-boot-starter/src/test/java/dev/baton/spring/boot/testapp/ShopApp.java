package dev.baton.spring.boot.testapp;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A Boot app that keeps a cart (a class of its own package) in its session. */
@SpringBootApplication
public class ShopApp {

    /** @return counts sessions created, to show that listener beans hear Baton's sessions */
    @Bean
    public CreatedSessions createdSessions() {
        return new CreatedSessions();
    }

    /** Counts {@code sessionCreated} events. */
    public static final class CreatedSessions implements HttpSessionListener {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void sessionCreated(HttpSessionEvent event) {
            count.incrementAndGet();
        }

        /** @return the sessions created so far */
        public int count() {
            return count.get();
        }
    }

    /** The shop's endpoints. */
    @RestController
    public static class Endpoints {

        /** @return the cart after adding {@code item} */
        @GetMapping("/add")
        public String add(HttpSession session, @RequestParam("item") String item) {
            Cart cart = (Cart) session.getAttribute("cart");
            Cart updated = (cart == null ? new Cart() : cart).with(item);
            session.setAttribute("cart", updated);
            return updated.toString();
        }

        /** @return the cart, or "none" */
        @GetMapping("/cart")
        public String cart(HttpSession session) {
            Object cart = session.getAttribute("cart");
            return cart == null ? "none" : cart.toString();
        }

        /** @return the session's idle timeout in seconds */
        @GetMapping("/timeout")
        public String timeout(HttpSession session) {
            return String.valueOf(session.getMaxInactiveInterval());
        }
    }
}
