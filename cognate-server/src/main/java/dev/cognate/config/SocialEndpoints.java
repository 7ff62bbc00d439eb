package dev.cognate.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where a node reaches the social identity providers Cognito knows by type ({@code Google},
 * {@code SignInWithApple}): their own endpoints unless a test or a laptop without them points
 * one at a stand-in. Issuers are what the providers' ID tokens say; they are not the stand-in's
 * to change.
 */
public record SocialEndpoints(Google google, Apple apple, Profile facebook, Profile amazon) {
    /** The providers' own endpoints. */
    public static final SocialEndpoints PUBLIC = new SocialEndpoints(Google.GOOGLE, Apple.APPLE, Profile.FACEBOOK,
            Profile.AMAZON);

    public SocialEndpoints {
        Objects.requireNonNull(google, "google");
        Objects.requireNonNull(apple, "apple");
        Objects.requireNonNull(facebook, "facebook");
        Objects.requireNonNull(amazon, "amazon");
    }

    public SocialEndpoints withGoogle(Google endpoints) {
        return new SocialEndpoints(endpoints, apple, facebook, amazon);
    }

    public SocialEndpoints withApple(Apple endpoints) {
        return new SocialEndpoints(google, endpoints, facebook, amazon);
    }

    public SocialEndpoints withFacebook(Profile endpoints) {
        return new SocialEndpoints(google, apple, endpoints, amazon);
    }

    public SocialEndpoints withAmazon(Profile endpoints) {
        return new SocialEndpoints(google, apple, facebook, endpoints);
    }

    /**
     * An OAuth 2.0 provider without ID tokens, whose profile endpoint says who signed in (Facebook,
     * Login with Amazon). {@link #API_VERSION} in a URL stands for the provider's {@code api_version}.
     */
    public record Profile(String authorization, String token, String profile) {
        public static final String API_VERSION = "{api_version}";

        /** Facebook's, as Cognito fills them in. */
        public static final Profile FACEBOOK = new Profile("https://www.facebook.com/" + API_VERSION + "/dialog/oauth",
                "https://graph.facebook.com/" + API_VERSION + "/oauth/access_token",
                "https://graph.facebook.com/" + API_VERSION + "/me");

        /** Login with Amazon's, as Cognito fills them in. */
        public static final Profile AMAZON = new Profile("https://www.amazon.com/ap/oa",
                "https://api.amazon.com/auth/o2/token", "https://api.amazon.com/user/profile");

        public Profile {
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(profile, "profile");
        }

        /** The endpoint {@code url} with {@code apiVersion} put in. */
        public static URI resolve(String url, String apiVersion) {
            return URI.create(url.replace(API_VERSION, apiVersion));
        }
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
