package dev.baton.tomcat.webapp;

import jakarta.servlet.annotation.WebListener;

/** Found by Tomcat's annotation scanning of {@code WEB-INF/classes}. */
@WebListener
public final class AnnotatedListener extends RecordingListener {

    public AnnotatedListener() {
        super("@WebListener");
    }
}
