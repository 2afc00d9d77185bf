package dev.baton.tomcat.webapp;

/** Declared by a {@code <listener>} element of {@code WEB-INF/web.xml}. */
public final class WebXmlListener extends RecordingListener {

    public WebXmlListener() {
        super("web.xml");
    }
}
