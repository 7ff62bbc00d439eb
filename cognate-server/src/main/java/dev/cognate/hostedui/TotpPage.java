package dev.cognate.hostedui;

/**
 * The page that asks for a code from an authenticator app: at sign-in, or (with {@code qrCode},
 * {@code secret} and {@code otpauthUri}) to enrol one when the pool requires MFA and the user has none.
 */
public record TotpPage(String appName, String csrfToken, String signIn, String action, String qrCode, String secret,
                       String otpauthUri, String error) {

    public boolean enrolment() {
        return secret != null;
    }

    @Override
    public String toString() {
        return "TotpPage[" + appName + ", enrolment=" + enrolment() + "]";
    }
}
