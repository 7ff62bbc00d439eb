package dev.cognate.federation;

/**
 * A sign-in through an IdP that cannot go on, with a description fit for the app's
 * {@code error_description} (it names the IdP and the cause, never a secret or a token).
 */
public final class IdpFailure extends Exception {

    /** What went wrong, for the user's answer and for the sign-in metrics. */
    public enum Kind {
        /** The IdP answered with an error (access_denied, an AADSTS code, invalid_grant...). */
        IDP_ERROR("idp_error", "IdpError"),
        /** The IdP could not be reached or did not answer in time. */
        IDP_UNREACHABLE("idp_unreachable", "IdpUnreachable"),
        /** The IdP answered something Cognate cannot use. */
        INVALID_RESPONSE("invalid_response", "InvalidIdpResponse"),
        /** The ID token (or userinfo) failed validation. */
        INVALID_TOKEN("invalid_token", "InvalidIdToken"),
        /** A multi-tenant IdP's user from a tenant that is not in allowed_tenants. */
        TENANT_NOT_ALLOWED("tenant_not_allowed", "TenantNotAllowed");

        private final String metricName;
        private final String reason;

        Kind(String metricName, String reason) {
            this.metricName = metricName;
            this.reason = reason;
        }

        public String metricName() {
            return metricName;
        }

        /** The audit trail's short code for it (PoolAuthEvent's reason). */
        public String reason() {
            return reason;
        }
    }

    private final Kind kind;
    private final String tenant;

    public IdpFailure(Kind kind, String description) {
        this(kind, description, null);
    }

    private IdpFailure(Kind kind, String description, String tenant) {
        super(description, null, false, false);
        this.kind = kind;
        this.tenant = tenant;
    }

    public static IdpFailure tenantNotAllowed(String description, String tenant) {
        return new IdpFailure(Kind.TENANT_NOT_ALLOWED, description, tenant);
    }

    public Kind kind() {
        return kind;
    }

    /** The refused tenant, for {@link Kind#TENANT_NOT_ALLOWED}. */
    public String tenant() {
        return tenant;
    }
}
