package dev.cognate.oauth;

/** How the user proved who they are in a sign-in; {@link #amr()} as RFC 8176 names it. */
public enum Authentication {
    /** Username and password on the hosted page. */
    PASSWORD("pwd"),
    /** A temporary password, then a new one. */
    NEW_PASSWORD("pwd"),
    /** A password, then a code from an authenticator app (SOFTWARE_TOKEN_MFA or its enrolment). */
    SOFTWARE_TOKEN_MFA("mfa"),
    /** An upstream identity provider. */
    FEDERATED("fed"),
    /** The browser's session with the pool (no new proof: the session's own time and method stand). */
    SESSION("pwd");

    private final String amr;

    Authentication(String amr) {
        this.amr = amr;
    }

    public String amr() {
        return amr;
    }
}
