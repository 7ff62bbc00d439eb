package dev.cognate.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.function.Predicate;

/**
 * CORS for what browsers call with fetch: the public operations of the user API ({@code POST /}, as
 * Amplify calls InitiateAuth, SignUp, GetUser...), the token, userInfo and revoke endpoints,
 * discovery and the JWKS. Like cognito-idp it allows any origin ({@code *}) and exposes
 * {@code x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date}, with a preflight cached
 * for two days. Never {@code Access-Control-Allow-Credentials}: no cookie is ever sent along.
 *
 * <p>Unlike cognito-idp, which echoes whatever headers a preflight asks for, the preflight of
 * {@code POST /} does not allow {@code Authorization} (nor {@code X-Amz-Security-Token}), and the
 * answer to an admin operation (one that must be SigV4-signed) carries no CORS header: admin keys
 * belong in back ends and tools, and a page must not be able to read what they return. The
 * hosted pages (/login, /oauth2/authorize, /logout, /oauth2/idpresponse) are navigations and get
 * no CORS at all.
 */
public final class CrossOrigin {
    static final String ANY_ORIGIN = "*";
    static final String MAX_AGE_SECONDS = "172800";

    /** What a path allows: its methods, the request headers a page may send, the answer headers it may read. */
    record Policy(List<String> paths, String methods, String allowedHeaders, String exposedHeaders) {}

    static final Policy USER_API = new Policy(List.of("/"), "POST",
            "content-type,x-amz-target,x-amz-user-agent,x-amz-date,amz-sdk-invocation-id,amz-sdk-request,cache-control",
            "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date");
    // client_secret_basic on token and revoke, and the Bearer token on userInfo, come in Authorization:
    // credentials the page's own code sets, never ambient ones (no cookies: no Allow-Credentials).
    static final Policy TOKEN = new Policy(List.of("/oauth2/token", "/oauth2/revoke"), "POST",
            "authorization,content-type,x-amz-user-agent,cache-control", "x-amzn-RequestId,Date");
    static final Policy USER_INFO = new Policy(List.of("/oauth2/userInfo", "/oauth2/userinfo"), "GET,POST",
            "authorization,content-type,x-amz-user-agent,cache-control", "WWW-Authenticate,x-amzn-RequestId,Date");
    static final Policy ISSUER = new Policy(
            List.of("/{poolId}/.well-known/openid-configuration", "/{poolId}/.well-known/jwks.json"), "GET",
            "x-amz-user-agent,cache-control", "Date");

    private final Predicate<String> signedTarget;

    /** @param signedTarget whether an {@code X-Amz-Target} value names an operation that must be signed */
    private CrossOrigin(Predicate<String> signedTarget) {
        this.signedTarget = signedTarget;
    }

    /** Answers the preflights of the paths above and adds the allowance to their answers. */
    public static void install(JavalinDefaultRoutingApi routes, Predicate<String> signedTarget) {
        CrossOrigin cors = new CrossOrigin(signedTarget);
        for (Policy policy : List.of(USER_API, TOKEN, USER_INFO, ISSUER)) {
            for (String path : policy.paths()) {
                routes.options(path, ctx -> preflight(ctx, policy));
                routes.before(path, ctx -> cors.allow(ctx, policy));
            }
        }
    }

    private static void preflight(Context ctx, Policy policy) {
        ctx.status(200)
                .header("Access-Control-Allow-Origin", ANY_ORIGIN)
                .header("Access-Control-Allow-Methods", policy.methods())
                .header("Access-Control-Allow-Headers", policy.allowedHeaders())
                .header("Access-Control-Expose-Headers", policy.exposedHeaders())
                .header("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }

    private void allow(Context ctx, Policy policy) {
        if (ctx.header("Origin") == null || !policy.methods().contains(ctx.method().name())) {
            return;
        }
        if (policy == USER_API && signedTarget.test(ctx.header("X-Amz-Target"))) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", ANY_ORIGIN)
                .header("Access-Control-Expose-Headers", policy.exposedHeaders());
    }
}
