package dev.cognate.tokens;

import java.util.function.Supplier;

/**
 * The issuer of each pool's tokens: {@code <public-url>/<poolId>} by default, or a template
 * such as {@code https://cognito-idp.{region}.amazonaws.com/{poolId}} for clients that insist
 * on AWS-shaped issuers. Endpoints are always served under the public URL.
 */
public final class Issuers {
    public static final String DEFAULT_TEMPLATE = "{publicUrl}/{poolId}";
    public static final String AWS_TEMPLATE = "https://cognito-idp.{region}.amazonaws.com/{poolId}";

    private final Supplier<String> publicUrl;
    private final String template;

    /** @param publicUrl the public base URL without trailing slash (known once the port is bound) */
    public Issuers(Supplier<String> publicUrl, String template) {
        this.publicUrl = publicUrl;
        this.template = template == null || template.isBlank() ? DEFAULT_TEMPLATE : template;
    }

    public String publicUrl() {
        return publicUrl.get();
    }

    public String issuer(String poolId) {
        String region = poolId.substring(0, Math.max(0, poolId.indexOf('_')));
        return template.replace("{publicUrl}", publicUrl.get()).replace("{region}", region).replace("{poolId}", poolId);
    }

    /** Where a pool's discovery document and keys are served (always on this server). */
    public String poolBase(String poolId) {
        return publicUrl.get() + "/" + poolId;
    }
}
