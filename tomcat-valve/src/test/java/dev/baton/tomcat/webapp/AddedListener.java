package dev.baton.tomcat.webapp;

/** Added by {@link ListenerInitializer} through {@code ServletContext.addListener}. */
public final class AddedListener extends RecordingListener {

    public AddedListener() {
        super("addListener");
    }
}
