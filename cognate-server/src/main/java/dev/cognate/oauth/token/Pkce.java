package dev.cognate.oauth.token;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.cognate.crypto.ConstantTime;
import java.util.regex.Pattern;

/** Proof Key for Code Exchange (RFC 7636), S256 only. */
final class Pkce {
    /** RFC 7636 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private Pkce() {}

    static boolean wellFormedVerifier(String verifier) {
        return VERIFIER.matcher(verifier).matches();
    }

    /** RFC 7636 4.6: {@code BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge}, in constant time. */
    static boolean verifies(String verifier, String challenge) {
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue();
        return ConstantTime.equals(computed, challenge);
    }
}
