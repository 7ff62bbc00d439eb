package dev.cognate.store;

import java.time.Instant;
import java.util.List;

/**
 * A user's passkey (WebAuthn credential): its id (base64url), the relying party it was made for,
 * the attested credential data (AAGUID, id and COSE public key; base64), the authenticator's
 * signature counter, and what the app named it. Nothing here is secret.
 */
public record Passkey(String poolId, String credentialId, String username, String sub, String rpId, String attested,
                      long signCount, String name, String attachment, List<String> transports, Instant createdAt) {
    public Passkey {
        transports = transports == null ? List.of() : List.copyOf(transports);
    }
}
