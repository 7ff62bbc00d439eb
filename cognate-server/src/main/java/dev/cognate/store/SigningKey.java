package dev.cognate.store;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;

/**
 * One RSA-2048 key of a pool's key ring. A retired key no longer signs but stays published
 * until every token it signed has expired.
 */
public record SigningKey(String poolId, String kid, KeyPurpose purpose, Instant createdAt, Instant retiredAt, RSAKey jwk) {

    public boolean active() {
        return retiredAt == null;
    }

    @Override
    public String toString() {
        return "SigningKey[" + poolId + "/" + kid + " " + purpose + (retiredAt == null ? "" : " retired " + retiredAt) + "]";
    }
}
