package dev.cognate.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a request that failed on the node's side and that no handler answered: a 500
 * that every client of the node reads as a server error in its own protocol, and that says
 * nothing of the failure. One body serves them all: AWS's JSON protocol reads {@code __type}
 * (and the {@code x-amzn-ErrorType} header), so the SDKs see an {@code InternalErrorException}
 * and retry; OAuth clients read {@code error} (RFC 6749 5.2's {@code server_error} code, as the
 * authorization endpoint uses it in 4.1.2.1). Without this, a {@link java.lang.Error} got
 * Javalin's empty 500, which the SDKs report as an unknown error.
 */
public final class ServerErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ServerErrors.class);
    static final String TYPE = "InternalErrorException";
    static final String BODY = "{\"__type\":\"" + TYPE + "\",\"message\":\"Internal server error.\","
            + "\"error\":\"server_error\",\"error_description\":\"Internal server error.\"}";

    private ServerErrors() {}

    /** Answers an {@link Error} thrown by a handler (stack overflow, out of memory, a class that failed to load). */
    public static void install(JavalinConfig config) {
        config.router.javaLangErrorHandler(ServerErrors::answer);
    }

    /** Answers a request whose failure no handler of its own answered. */
    public static void answer(Context ctx) {
        ctx.status(500).contentType("application/json").header("x-amzn-ErrorType", TYPE)
                .header("x-amzn-RequestId", UUID.randomUUID().toString()).result(BODY);
    }

    static void answer(HttpServletResponse response, Error error) {
        LOG.error("a request failed with {}", error.getClass().getName(), error);
        if (response.isCommitted()) {
            return;
        }
        try {
            // the failed answer's own headers would describe a body that is not sent; the security headers stay
            response.resetBuffer();
            for (String header : List.of("Content-Encoding", "ETag", "Location", "Cache-Control", "Set-Cookie")) {
                response.setHeader(header, null);
            }
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("x-amzn-RequestId", UUID.randomUUID().toString());
            response.setStatus(500);
            response.setContentType("application/json");
            response.setHeader("x-amzn-ErrorType", TYPE);
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("the 500 could not be written: {}", e.toString());
        }
    }
}
