package dev.cognate.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every request body before any endpoint sees it, within the size and time limits
 * ({@link HttpLimits}); endpoints then get it from Javalin's cache ({@code ctx.bodyAsBytes()},
 * {@code ctx.formParam}). A body that cannot be read ends in {@link BodyRefused}, which each
 * endpoint answers in its own error shape. Handlers run on virtual threads, so a client
 * trickling its body blocks only its own.
 */
public final class RequestBodies {
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodies.class);

    private final HttpLimits limits;
    private final SlowClientWatchdog watchdog;

    public RequestBodies(HttpLimits limits, SlowClientWatchdog watchdog) {
        this.limits = limits;
        this.watchdog = watchdog;
    }

    public void read(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (declared <= 0 && !chunked) {
            return;
        }
        if (declared > limits.maxBodyBytes()) {
            throw tooLarge();
        }
        Connection connection = ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData().getConnection();
        EndPoint endPoint = connection.getEndPoint();
        long idleTimeout = endPoint.getIdleTimeout();
        SlowClientWatchdog.BodyRead watched = watchdog.watchBody(connection);
        try {
            ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
                throw tooLarge();
            }
            throw e;
        } catch (Exception e) { // Javalin (Kotlin) lets the servlet stream's IOException through undeclared
            throw unreadable(e, watched);
        } finally {
            watchdog.finished(watched);
            endPoint.setIdleTimeout(idleTimeout);
        }
    }

    private BodyRefused tooLarge() {
        return new BodyRefused(BodyRefused.Reason.TOO_LARGE,
                "The request body is larger than " + limits.maxBodyBytes() + " bytes.");
    }

    private BodyRefused unreadable(Exception e, SlowClientWatchdog.BodyRead watched) {
        if (watched.hasExpired() || causedByTimeout(e)) {
            LOG.debug("request body too slow: {}", e.toString());
            return new BodyRefused(BodyRefused.Reason.TOO_SLOW, "The request body did not arrive in time (within "
                    + limits.bodyReadTimeout().toSeconds() + " s, at least " + limits.minBodyBytesPerSecond()
                    + " bytes per second).");
        }
        if (e instanceof IOException || e instanceof UncheckedIOException || e.getCause() instanceof IOException) {
            LOG.debug("client went away while sending its request body: {}", e.toString());
            return new BodyRefused(BodyRefused.Reason.CLIENT_GONE, "The request body could not be read completely.");
        }
        throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
