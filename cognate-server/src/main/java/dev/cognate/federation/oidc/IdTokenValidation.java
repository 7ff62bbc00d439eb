package dev.cognate.federation.oidc;

import dev.cognate.federation.EntraIssuers;
import dev.cognate.federation.GoogleIssuers;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Validates an upstream ID token as OpenID Connect Core 3.1.3.7 and security.md ask, with
 * Nimbus' {@link IDTokenValidator} doing the signature, {@code iss}, {@code aud},
 * {@code exp}/{@code iat} and {@code nonce} checks:
 * <ul>
 *   <li>signature by a key from the provider's JWKS ({@link ProviderKeys}) with one of the
 *       provider's algorithms ({@link OidcEndpoints}); an unsigned ({@code alg: none}) or
 *       HMAC-signed token is refused before any key is looked at;</li>
 *   <li>{@code iss} exactly {@code oidc_issuer}, or for an Entra multi-tenant authority the
 *       issuer template with the token's {@code tid} (a GUID) put in, exact match, then
 *       {@code allowed_tenants}; Google's issuer also without its scheme ({@link GoogleIssuers});</li>
 *   <li>{@code aud} contains our client id and {@code azp} (checked here) is it when there are several
 *       audiences; {@code exp}, {@code nbf}, {@code iat} within 2 minutes of skew; {@code nonce}
 *       equals the one we sent.</li>
 * </ul>
 */
final class IdTokenValidation {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

    private final ProviderKeys keys;
    private final Clock clock;

    IdTokenValidation(ProviderKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    JWTClaimsSet validate(IdentityProvider provider, OidcSettings settings, OidcEndpoints endpoints, JWT idToken,
                          String nonce) throws IdpFailure {
        String name = provider.name();
        if (idToken instanceof PlainJWT) {
            throw invalid(name + "'s ID token is not signed (alg: none), so it proves nothing.");
        }
        if (idToken instanceof EncryptedJWT || !(idToken instanceof SignedJWT signed)) {
            throw invalid(name + "'s ID token is encrypted, which Cognate does not support.");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!endpoints.algorithms().contains(algorithm)) {
            throw invalid(name + "'s ID token is signed with " + algorithm + ", but only "
                    + endpoints.algorithms().stream().map(JWSAlgorithm::getName).collect(Collectors.joining(", "))
                    + " from the IdP's keys is accepted.");
        }
        JWTClaimsSet unverified = claims(signed, name);
        Optional<String> template = EntraIssuers.multiTenantTemplate(settings.issuer().toString());
        String tenant = null;
        String expectedIssuer = provider.details().get(OidcSettings.OIDC_ISSUER);
        if (template.isPresent()) {
            tenant = stringClaim(unverified, "tid");
            if (!EntraIssuers.isTenantId(tenant)) {
                throw invalid(name + "'s ID token has no tenant id (tid) that is a GUID, which a multi-tenant "
                        + "issuer requires.");
            }
            expectedIssuer = EntraIssuers.issuerOfTenant(template.get(), tenant);
        }
        expectedIssuer = GoogleIssuers.expected(expectedIssuer, unverified.getIssuer());

        IDTokenValidator validator = new IDTokenValidator(new Issuer(expectedIssuer), new ClientID(settings.clientId()),
                new JWSVerificationKeySelector<SecurityContext>(endpoints.algorithms(),
                        keys.of(provider.poolId(), name, endpoints.jwks())), null);
        validator.setMaxClockSkew((int) MAX_CLOCK_SKEW.toSeconds());
        try {
            validator.validate(signed, new Nonce(nonce));
        } catch (BadJOSEException e) {
            throw invalid(name + "'s ID token was refused: " + e.getMessage());
        } catch (KeySourceException e) {
            throw new IdpFailure(IdpFailure.Kind.IDP_UNREACHABLE, name + ": " + e.getMessage());
        } catch (JOSEException e) {
            throw invalid(name + "'s ID token could not be checked: " + e.getMessage());
        }
        JWTClaimsSet verified = unverified; // the signature covers these claims
        Object azp = verified.getClaim("azp");
        if ((verified.getAudience().size() > 1 || azp != null) && !settings.clientId().equals(azp)) {
            throw invalid(name + "'s ID token was refused: it has several audiences or an authorized party (azp), "
                    + "and azp is not our client id.");
        }
        Date notBefore = verified.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
            throw invalid(name + "'s ID token is not valid yet (nbf is in the future).");
        }
        if (tenant != null && !settings.allowedTenants().isEmpty()
                && !settings.allowedTenants().contains(tenant.toLowerCase(java.util.Locale.ROOT))) {
            throw IdpFailure.tenantNotAllowed(name + " signed in a user of tenant " + tenant
                    + ", which is not one of the provider's allowed_tenants.", tenant);
        }
        return verified;
    }

    private static JWTClaimsSet claims(SignedJWT token, String name) throws IdpFailure {
        try {
            return token.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid(name + "'s ID token has no readable claims.");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String claim) {
        Object value = claims.getClaim(claim);
        return value instanceof String s ? s : null;
    }

    private static IdpFailure invalid(String description) {
        return new IdpFailure(IdpFailure.Kind.INVALID_TOKEN, description);
    }
}
