package dev.baton.servlet.common;

import jakarta.servlet.ServletContext;
import java.net.MalformedURLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which class names are the web app's own, and so allowed in the store by default: those whose class file is in the
 * web app's {@code /WEB-INF/classes}. Decided from the name alone; no class is loaded. Libraries in
 * {@code /WEB-INF/lib} are not included: add their packages to {@code allowedClasses}.
 */
public final class WebAppClasses implements Predicate<String> {

    private final ServletContext servletContext;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    /**
     * @param servletContext the web app
     */
    public WebAppClasses(ServletContext servletContext) {
        this.servletContext = servletContext;
    }

    @Override
    public boolean test(String className) {
        return known.computeIfAbsent(className, this::inWebInfClasses);
    }

    private boolean inWebInfClasses(String className) {
        int dollar = className.indexOf('$');
        String outer = dollar > 0 ? className.substring(0, dollar) : className;
        try {
            return servletContext.getResource("/WEB-INF/classes/" + outer.replace('.', '/') + ".class") != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }
}
