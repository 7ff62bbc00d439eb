package dev.cognate.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where a node reaches the social identity providers Cognito knows by type ({@code Google},
 * {@code SignInWithApple}): their own endpoints unless a test or a laptop without them points
 * one at a stand-in. Issuers are what the providers' ID tokens say; they are not the stand-in's
 * to change.
 */
public record SocialEndpoints(Google google, Apple apple) {
    /** Google's and Apple's own endpoints. */
    public static final SocialEndpoints PUBLIC = new SocialEndpoints(Google.GOOGLE, Apple.APPLE);

    public SocialEndpoints {
        Objects.requireNonNull(google, "google");
        Objects.requireNonNull(apple, "apple");
    }

    public SocialEndpoints withGoogle(Google endpoints) {
        return new SocialEndpoints(endpoints, apple);
    }

    public SocialEndpoints withApple(Apple endpoints) {
        return new SocialEndpoints(google, endpoints);
    }

    /** Google, an OpenID provider with userinfo. */
    public record Google(URI authorization, URI token, URI userInfo, URI jwks) {
        /** Google's issuer identifier; its ID tokens may also say it without the scheme. */
        public static final String ISSUER = "https://accounts.google.com";

        /** As Google's discovery document at {@link #ISSUER} names them. */
        public static final Google GOOGLE = new Google(
                URI.create("https://accounts.google.com/o/oauth2/v2/auth"),
                URI.create("https://oauth2.googleapis.com/token"),
                URI.create("https://openidconnect.googleapis.com/v1/userinfo"),
                URI.create("https://www.googleapis.com/oauth2/v3/certs"));

        public Google {
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(userInfo, "userInfo");
            Objects.requireNonNull(jwks, "jwks");
        }
    }

    /** Sign in with Apple: ID tokens, no userinfo. */
    public record Apple(URI authorization, URI token, URI jwks) {
        /** Apple's issuer identifier, also the audience of the client secrets Apple takes. */
        public static final String ISSUER = "https://appleid.apple.com";

        /** As Apple's discovery document at {@link #ISSUER} names them. */
        public static final Apple APPLE = new Apple(
                URI.create("https://appleid.apple.com/auth/authorize"),
                URI.create("https://appleid.apple.com/auth/token"),
                URI.create("https://appleid.apple.com/auth/keys"));

        public Apple {
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(jwks, "jwks");
        }
    }
}
