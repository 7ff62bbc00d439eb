package dev.cognate.tokens;

import java.util.List;

/**
 * The {@code amr} claim of an ID token: how the user authenticated, in the values of RFC 8176
 * section 2 ({@code pwd} a password or an SRP proof of it, {@code otp} a one-time code from an
 * authenticator app or by e-mail, {@code mfa} more than one factor, {@code fed} an upstream IdP).
 */
public final class Amr {
    public static final List<String> PASSWORD = List.of("pwd");
    public static final List<String> PASSWORD_AND_CODE = List.of("pwd", "otp", "mfa");
    public static final List<String> CODE = List.of("otp");
    public static final List<String> FEDERATED = List.of("fed");
    /** A passkey: proof of possession of a key held by an authenticator. */
    public static final List<String> PASSKEY = List.of("hwk");
    /** A passkey that verified its user, standing in for MFA (WebAuthnConfiguration's MULTI_FACTOR_WITH_USER_VERIFICATION). */
    public static final List<String> PASSKEY_AS_MFA = List.of("hwk", "mfa");

    private Amr() {}
}
