package dev.cognate.devidp.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cognate.devidp.crypto.RandomValues;
import dev.cognate.devidp.directory.Application;
import dev.cognate.devidp.directory.Directory;
import dev.cognate.devidp.directory.KeyCredential;
import dev.cognate.devidp.directory.PasswordCredential;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token endpoint client authentication, exactly one of: {@code client_secret_basic}, {@code client_secret_post},
 * {@code private_key_jwt} (a JWT with iss = sub = client id, aud = this token URL, jti, exp; RS256 with
 * {@code x5t} or PS256 with {@code x5t#S256}, naming a registered certificate). Secrets compared in constant time.
 */
final class ClientAuthenticator {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<JWSAlgorithm> ASSERTION_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);
    private static final Duration SKEW = Duration.ofMinutes(5);

    private final Directory directory;
    private final Endpoints endpoints;
    private final Clock clock;
    private final Map<String, Instant> usedAssertionIds = new ConcurrentHashMap<>();

    ClientAuthenticator(Directory directory, Endpoints endpoints, Clock clock) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    Application authenticate(Context ctx, Authority authority) {
        String bodyClientId = ctx.formParam("client_id");
        String bodySecret = ctx.formParam("client_secret");
        String assertion = ctx.formParam("client_assertion");
        String assertionType = ctx.formParam("client_assertion_type");
        Optional<String[]> basic = basicCredentials(ctx.header("Authorization"));
        int methods = (basic.isPresent() ? 1 : 0) + (bodySecret != null ? 1 : 0) + (assertion != null ? 1 : 0);
        if (methods > 1) {
            throw EntraError.conflictingClientAuthentication();
        }
        if (basic.isPresent()) {
            if (bodyClientId != null && !bodyClientId.equals(basic.get()[0])) {
                throw EntraError.conflictingClientAuthentication();
            }
            return bySecret(basic.get()[0], basic.get()[1], authority);
        }
        if (assertion != null) {
            if (!JWT_BEARER.equals(assertionType)) {
                throw EntraError.invalidParameter("client_assertion_type", "it must be " + JWT_BEARER + ".");
            }
            return byAssertion(bodyClientId, assertion, authority);
        }
        if (bodyClientId == null) {
            throw EntraError.missingParameter("client_id");
        }
        Application app = application(bodyClientId, authority);
        if (bodySecret == null) {
            throw EntraError.clientCredentialRequired();
        }
        return checkSecret(app, bodySecret);
    }

    private Application bySecret(String clientId, String secret, Authority authority) {
        return checkSecret(application(clientId, authority), secret);
    }

    private Application checkSecret(Application app, String secret) {
        String presented = RandomValues.hash(secret);
        Optional<PasswordCredential> match = app.passwordCredentials().stream()
                .filter(c -> RandomValues.constantTimeEquals(c.secretHash(), presented)).findFirst();
        if (match.isEmpty()) {
            throw EntraError.invalidClientSecret(app.appId());
        }
        Instant now = clock.instant();
        if (match.get().expiredAt(now) || now.isBefore(match.get().startDateTime())) {
            throw EntraError.expiredClientSecret(app.appId());
        }
        return app;
    }

    private Application byAssertion(String bodyClientId, String assertion, Authority authority) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw EntraError.invalidClientAssertion("The client_assertion is not a signed JWT.");
        }
        String clientId = claims.getIssuer();
        if (clientId == null || !clientId.equals(claims.getSubject()) || (bodyClientId != null && !bodyClientId.equals(clientId))) {
            throw EntraError.assertionClientMismatch();
        }
        Application app = application(clientId, authority);
        JWSHeader header = jwt.getHeader();
        if (!ASSERTION_ALGORITHMS.contains(header.getAlgorithm())) {
            throw EntraError.invalidClientAssertion("The client assertion must be signed with RS256 or PS256.");
        }
        byte[] x5t = thumbprintBytes(header.getX509CertThumbprint());
        byte[] x5tS256 = thumbprintBytes(header.getX509CertSHA256Thumbprint());
        Optional<KeyCredential> key = app.keyCredentials().stream()
                .filter(k -> java.util.Arrays.equals(thumbprintBytes(k.sha1Thumbprint()), x5t)
                        || java.util.Arrays.equals(thumbprintBytes(k.sha256Thumbprint()), x5tS256)).findFirst();
        if (key.isEmpty()) {
            throw EntraError.assertionSignature("The certificate named by the x5t or x5t#S256 header is not registered on application '"
                    + app.appId() + "'.");
        }
        Instant now = clock.instant();
        if (now.isAfter(key.get().endDateTime())) {
            throw EntraError.assertionSignature("The key used is expired.");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) key.get().certificate().getPublicKey()))) {
                throw EntraError.assertionSignature("The signature does not verify with the registered certificate.");
            }
        } catch (JOSEException | ClassCastException e) {
            throw EntraError.assertionSignature("The signature does not verify with the registered certificate.");
        }
        Set<String> acceptedAudiences = new java.util.HashSet<>(java.util.List.of(endpoints.token(authority.segment()),
                endpoints.token(authority.endpointSegment()), endpoints.token(app.tenantId())));
        if (claims.getAudience().stream().noneMatch(acceptedAudiences::contains)) {
            throw EntraError.invalidClientAssertion("The audience must be the token endpoint " + endpoints.token(authority.endpointSegment()) + ".");
        }
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || !now.isBefore(exp.toInstant().plus(SKEW)) || (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant()))) {
            throw EntraError.assertionTime();
        }
        String jti = claims.getJWTID();
        if (jti == null) {
            throw EntraError.invalidClientAssertion("The client assertion has no jti claim.");
        }
        usedAssertionIds.values().removeIf(expiry -> expiry.isBefore(now));
        if (usedAssertionIds.putIfAbsent(app.appId() + "|" + jti, exp.toInstant().plus(SKEW)) != null) {
            throw EntraError.invalidClientAssertion("The client assertion's jti was already used.");
        }
        return app;
    }

    /** A thumbprint header as bytes: base64url per RFC 7515, but standard base64 (as MSAL sends it) is accepted too, as Entra does. */
    private static byte[] thumbprintBytes(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().replace('+', '-').replace('/', '_').replace("=", "");
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Application application(String clientId, Authority authority) {
        return directory.applicationByAppId(clientId).orElseThrow(() -> EntraError.applicationNotFound(clientId, authority.segment()));
    }

    /** RFC 6749 2.3.1: both parts are form-urlencoded before Base64. */
    private static Optional<String[]> basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no colon");
            }
            return Optional.of(new String[] {
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            throw new EntraError("invalid_client", 7000215, "The Basic credentials are malformed.", null, 401);
        }
    }
}
