package dev.cognate.sessions;

import dev.cognate.audit.Origin;

/**
 * Where the request this thread serves came from, for the session it opens or refreshes.
 * Every request runs on a virtual thread of its own; the HTTP layer sets this before any
 * handler and clears it after.
 */
public final class CurrentOrigin {
    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    private CurrentOrigin() {}

    public static void set(Origin origin) {
        CURRENT.set(origin);
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static Origin get() {
        Origin origin = CURRENT.get();
        return origin == null ? Origin.UNKNOWN : origin;
    }
}
