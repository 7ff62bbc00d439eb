package dev.cognate.devidp.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The IdP's token signing keys, Entra style: several RSA-2048 keys published at once, each with a
 * self-signed certificate whose SHA-1 thumbprint is both {@code kid} and {@code x5t}. Tokens are signed
 * with the newest key; {@link #rotate()} adds a new key and retires the oldest, without a restart.
 */
public final class SigningKeys {
    /** One signing key as published and as used. */
    public record SigningKey(String kid, RSAKey jwk, RSAPrivateKey privateKey) {}

    private final int published;
    private volatile List<SigningKey> keys;

    public SigningKeys(int published) {
        if (published < 1) {
            throw new IllegalArgumentException("at least one signing key");
        }
        this.published = published;
        List<SigningKey> initial = new ArrayList<>();
        for (int i = 0; i < published; i++) {
            initial.add(newKey());
        }
        this.keys = List.copyOf(initial);
    }

    /** The key that signs new tokens. */
    public SigningKey current() {
        return keys.getFirst();
    }

    public List<SigningKey> all() {
        return keys;
    }

    /** Publishes a new key, signs with it from now on, and drops the oldest beyond the published count. Returns the new kid. */
    public synchronized String rotate() {
        List<SigningKey> next = new ArrayList<>();
        next.add(newKey());
        next.addAll(keys);
        while (next.size() > published) {
            next.removeLast();
        }
        keys = List.copyOf(next);
        return current().kid();
    }

    public Optional<SigningKey> byKid(String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst();
    }

    /** A key as the JWKS shows it: Entra's members, including the per-key {@code issuer}, and no {@code alg}. */
    public record PublishedKey(String kty, String use, String kid, String x5t, String n, String e, List<String> x5c, String issuer) {}

    public List<PublishedKey> published(String issuerMember) {
        return keys.stream().map(key -> {
            RSAKey pub = key.jwk().toPublicJWK();
            return new PublishedKey("RSA", "sig", key.kid(), key.kid(), pub.getModulus().toString(),
                    pub.getPublicExponent().toString(), pub.getX509CertChain().stream().map(Base64::toString).toList(), issuerMember);
        }).toList();
    }

    /** Signs claims as a JWT with the current key: header {@code {"typ":"JWT","alg":"RS256","kid":...}}. */
    public String sign(JWTClaimsSet claims) {
        SigningKey key = current();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.kid()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    /** Verifies a token this IdP signed (RS256 only, key chosen by kid among the published keys). */
    public Optional<JWTClaimsSet> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return Optional.empty();
            }
            Optional<SigningKey> key = byKid(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(new RSASSAVerifier(key.get().jwk().toRSAPublicKey()))) {
                return Optional.empty();
            }
            return Optional.of(jwt.getJWTClaimsSet());
        } catch (ParseException | JOSEException e) {
            return Optional.empty();
        }
    }

    private static SigningKey newKey() {
        Certificates.SelfSigned selfSigned = Certificates.generate("cognate-devidp token signing", Duration.ofDays(5 * 365));
        String thumbprint = Certificates.sha1Thumbprint(selfSigned.certificate());
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) selfSigned.keyPair().getPublic())
                .privateKey((RSAPrivateKey) selfSigned.keyPair().getPrivate())
                .keyUse(KeyUse.SIGNATURE)
                .keyID(thumbprint)
                .x509CertThumbprint(new com.nimbusds.jose.util.Base64URL(thumbprint))
                .x509CertChain(List.of(Base64.encode(selfSigned.der())))
                .build();
        return new SigningKey(thumbprint, jwk, (RSAPrivateKey) selfSigned.keyPair().getPrivate());
    }
}
