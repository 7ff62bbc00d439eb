package dev.cognate.devidp.oauth;

import java.util.function.Supplier;

/** Every URL the dev IdP publishes, from its public base URL (known once the server listens, hence a supplier). */
public final class Endpoints {
    private final Supplier<String> base;

    public Endpoints(Supplier<String> base) {
        this.base = base;
    }

    /** The public base URL, without a trailing slash. */
    public String base() {
        String b = base.get();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    public String issuer(String tenantId) {
        return base() + "/" + tenantId + "/v2.0";
    }

    public String authorize(String segment) {
        return base() + "/" + segment + "/oauth2/v2.0/authorize";
    }

    public String token(String segment) {
        return base() + "/" + segment + "/oauth2/v2.0/token";
    }

    public String logout(String segment) {
        return base() + "/" + segment + "/oauth2/v2.0/logout";
    }

    public String keys(String segment) {
        return base() + "/" + segment + "/discovery/v2.0/keys";
    }

    public String deviceCode(String segment) {
        return base() + "/" + segment + "/oauth2/v2.0/devicecode";
    }

    public String userinfo() {
        return base() + "/oidc/userinfo";
    }

    public String errorPage(int code) {
        return base() + "/error?code=" + code;
    }

    /** The v1 issuer of a tenant, which Entra puts in a guest's {@code idp} claim and in Graph access tokens. */
    public static String stsIssuer(String tenantId) {
        return "https://sts.windows.net/" + tenantId + "/";
    }
}
