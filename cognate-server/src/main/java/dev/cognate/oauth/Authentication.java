package dev.cognate.oauth;

import java.util.List;

/** How the user proved who they are in a sign-in; {@link #amr()} as RFC 8176 names it (the ID token's {@code amr}). */
public enum Authentication {
    /** Username and password on the hosted page. */
    PASSWORD("pwd"),
    /** A temporary password, then a new one. */
    NEW_PASSWORD("pwd"),
    /** A password, then a one-time code (TOTP or e-mailed) as the second factor. */
    PASSWORD_AND_CODE("pwd", "otp", "mfa"),
    /** A code mailed to the user's verified address, a sign-in of its own (passwordless, USER_AUTH's EMAIL_OTP). */
    EMAIL_CODE("otp"),
    /** A code texted to the user's verified phone number, a sign-in of its own (USER_AUTH's SMS_OTP). */
    TEXTED_CODE("otp"),
    /** An upstream identity provider. */
    FEDERATED("fed"),
    /** A passkey on the hosted page, a sign-in of its own. */
    PASSKEY("hwk"),
    /** A passkey that verified its user, standing in for MFA (passkey MFA). */
    PASSKEY_AS_MFA("hwk", "mfa"),
    /**
     * The browser's session with the pool (no new proof: the session's own time stands). The
     * session does not keep how it began, so its tokens carry no {@code amr} rather than a guess.
     */
    SESSION();

    private final List<String> amr;

    Authentication(String... amr) {
        this.amr = List.of(amr);
    }

    public List<String> amr() {
        return amr;
    }
}
