package dev.cognate.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where a node reaches Google for pools' {@code Google} identity providers: Google's own
 * endpoints unless a test or a laptop without Google points them at a stand-in. The issuer is
 * what Google's ID tokens say; it is not the stand-in's to change.
 */
public record GoogleEndpoints(URI authorization, URI token, URI userInfo, URI jwks) {
    /** Google's issuer identifier; its ID tokens may also say it without the scheme (see {@code GoogleIssuers}). */
    public static final String ISSUER = "https://accounts.google.com";

    /** Google's endpoints, as its discovery document at {@link #ISSUER} names them. */
    public static final GoogleEndpoints GOOGLE = new GoogleEndpoints(
            URI.create("https://accounts.google.com/o/oauth2/v2/auth"),
            URI.create("https://oauth2.googleapis.com/token"),
            URI.create("https://openidconnect.googleapis.com/v1/userinfo"),
            URI.create("https://www.googleapis.com/oauth2/v3/certs"));

    public GoogleEndpoints {
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userInfo, "userInfo");
        Objects.requireNonNull(jwks, "jwks");
    }
}
