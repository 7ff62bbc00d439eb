package dev.cognate.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * Answers a {@link BodyRefused} in the shape of the endpoint that was asked: AWS JSON for the
 * admin API, an OAuth error for the token endpoints, the error page for the hosted UI, plain
 * JSON elsewhere. A client that went away gets nothing worth writing.
 */
public final class BodyRefusals {
    /** One endpoint's way of saying "your body was refused". */
    @FunctionalInterface
    public interface Answer {
        void answer(Context ctx, BodyRefused refused);
    }

    private final Map<String, Answer> byPath;

    public BodyRefusals(Map<String, Answer> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    public void answer(BodyRefused refused, Context ctx) {
        if (refused.reason() == BodyRefused.Reason.CLIENT_GONE) {
            ctx.status(400).result("");
            return;
        }
        ctx.header("Connection", "close");
        Answer answer = byPath.get(ctx.path());
        if (answer != null) {
            answer.answer(ctx, refused);
        } else {
            ctx.status(refused.status()).contentType("application/json; charset=utf-8")
                    .result("{\"message\":\"" + refused.getMessage() + "\"}");
        }
    }
}
