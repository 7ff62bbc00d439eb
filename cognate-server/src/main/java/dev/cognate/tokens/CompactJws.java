package dev.cognate.tokens;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A JWS in the compact serialization (RFC 7515 7.1) of a payload that is already JSON: the
 * key's kept header, the payload, the signature over both. What {@code SignedJWT} does, without
 * mapping the claims into a map and through Gson first.
 */
final class CompactJws {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private CompactJws() {}

    static String sign(KeyRing.ActiveKey key, byte[] payloadJson) {
        // RFC 7515 5.1: ASCII(BASE64URL(header) || '.' || BASE64URL(payload)); base64url is ASCII
        String signingInput = key.header().toBase64URL() + "." + BASE64URL.encodeToString(payloadJson);
        byte[] signature = key.signatures().sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + BASE64URL.encodeToString(signature);
    }
}
