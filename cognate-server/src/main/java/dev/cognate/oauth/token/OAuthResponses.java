package dev.cognate.oauth.token;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cognate.oauth.OAuthJson;
import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the endpoints' answers: JSON, never cached (RFC 6749 5.1). */
public final class OAuthResponses {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthResponses.class);

    record ErrorBody(String error, String errorDescription) {}

    private OAuthResponses() {}

    static void json(Context ctx, int status, Object body) {
        byte[] json;
        try {
            json = OAuthJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserializable OAuth answer", e);
        }
        noStore(ctx);
        ctx.status(status).contentType("application/json;charset=UTF-8");
        write(ctx, json);
    }

    /**
     * The body straight to the servlet's stream, with its length. Javalin's {@code result(...)}
     * copies a result through a fresh buffer of Jetty's output-buffer size (32 KB) per response:
     * over half of the bytes a client_credentials request allocated (docs/BENCHMARKS.md).
     */
    private static void write(Context ctx, byte[] body) {
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException e) {
            // nothing left to tell a client that went away; Javalin's own write would have failed the same
            LOG.debug("{} {}: the answer could not be written: {}", ctx.method(), ctx.path(), e.toString());
        }
    }

    /** A body the HTTP layer refused (too large, too slow): invalid_request with that status (RFC 6749 5.2). */
    public static void bodyRefused(Context ctx, dev.cognate.http.BodyRefused refused) {
        error(ctx, OAuthError.bodyRefused(refused.getMessage(), refused.status()));
    }

    /**
     * Cognate's own failure (its store away, a bug): {@code server_error}, the code RFC 6749
     * 4.1.2.1 gives the authorization endpoint, which OAuth clients read at every endpoint.
     */
    public static void serverError(Context ctx) {
        json(ctx, 500, new ErrorBody("server_error", "The request could not be completed because of an error on the server; try again."));
    }

    /**
     * A success with nothing to say (revocation, RFC 7009 2.2): an empty body, typed as the JSON the
     * endpoint's errors are. Browser clients read the type before the body: oidc-client-ts refuses any
     * type but JSON (Javalin's default {@code text/plain} made its sign-out fail after revoking).
     */
    static void empty(Context ctx) {
        noStore(ctx);
        ctx.status(200).contentType("application/json;charset=UTF-8");
        write(ctx, new byte[0]);
    }

    static void error(Context ctx, OAuthError error) {
        LOG.debug("{} {} refused: {} ({}): {}", ctx.method(), ctx.path(), error.error, error.spec, error.description);
        if (error.challenge != null) {
            ctx.header("WWW-Authenticate", error.challenge);
        }
        json(ctx, error.status, new ErrorBody(error.error, error.description));
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}
