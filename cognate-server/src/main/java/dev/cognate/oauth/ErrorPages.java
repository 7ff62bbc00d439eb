package dev.cognate.oauth;

import io.javalin.http.Context;

/**
 * How the protocol core shows a page when no app can be trusted with an error: implemented by
 * the hosted UI (its templates), handed in at the composition root.
 */
public interface ErrorPages {
    void error(Context ctx, int status, ErrorPage page);
}
