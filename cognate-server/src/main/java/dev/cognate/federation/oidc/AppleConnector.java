package dev.cognate.federation.oidc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ResponseMode;
import dev.cognate.config.SocialEndpoints;
import dev.cognate.federation.Connector;
import dev.cognate.federation.Identity;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.PemKeys;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.providers.ProviderType;
import java.net.URI;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sign-in through a pool's {@code SignInWithApple} identity provider, with Apple's rules
 * ("Sign in with Apple REST API"):
 * <ul>
 *   <li>login: {@code response_mode=form_post} (Apple's rule when {@code name} or {@code email}
 *       is asked for), the provider's {@code authorize_scopes} with {@code openid}, our state and
 *       nonce; no PKCE, which Apple's web flow does not take;</li>
 *   <li>the client secret is a JWT Cognate signs for each exchange with the provider's
 *       {@code private_key} (ES256, {@code kid} {@code key_id}, {@code iss} {@code team_id},
 *       {@code sub} {@code client_id}, {@code aud} Apple's issuer, five minutes), sent in the body;</li>
 *   <li>the ID token is validated as any other (issuer {@code https://appleid.apple.com}, Apple's
 *       keys, RS256, audience, nonce); Apple has no userinfo;</li>
 *   <li>the name the person gave is in the {@code user} form parameter Apple posts at their first
 *       sign-in only, unsigned: it yields the claims {@code firstName}, {@code lastName} and
 *       {@code name}, never an e-mail address (the ID token's is the one that counts).</li>
 * </ul>
 * The endpoints are the node's ({@link SocialEndpoints.Apple}), never the provider's.
 */
public final class AppleConnector implements Connector {
    public static final String TEAM_ID = "team_id";
    public static final String KEY_ID = "key_id";
    static final Duration CLIENT_SECRET_LIFETIME = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_NAME = 256;

    private final OidcConnector oidc;
    private final SocialEndpoints.Apple endpoints;
    private final Clock clock;

    public AppleConnector(OidcConnector oidc, SocialEndpoints.Apple endpoints, Clock clock) {
        this.oidc = oidc;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Override
    public boolean supports(ProviderType type) {
        return type == ProviderType.SIGN_IN_WITH_APPLE;
    }

    @Override
    public boolean pkce(IdentityProvider provider) {
        return false;
    }

    @Override
    public URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) {
        return oidc.loginUrl(settings(provider), oidcEndpoints(), attempt, hints, ResponseMode.FORM_POST);
    }

    @Override
    public boolean isIssuerOf(IdentityProvider provider, String issuer) {
        return SocialEndpoints.Apple.ISSUER.equals(issuer);
    }

    @Override
    public Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure {
        oidc.refuseFailedCallback(provider, callback);
        IdentityProvider asOidc = new IdentityProvider(provider.poolId(), provider.name(), provider.type(),
                Map.of(OidcSettings.OIDC_ISSUER, SocialEndpoints.Apple.ISSUER), new ProviderSecrets(clientSecret(provider), null),
                provider.attributeMapping(), provider.idpIdentifiers(), provider.acrMapping(), provider.creationDate(),
                provider.lastModifiedDate());
        Identity proven = oidc.prove(asOidc, settings(provider), oidcEndpoints(), attempt, callback.code());
        Map<String, Object> names = new LinkedHashMap<>(names(callback.user()));
        // unsigned: only where the signed ID token says nothing of its own
        names.keySet().removeIf(proven.claims()::has);
        return names.isEmpty() ? proven
                : new Identity(proven.issuer(), proven.subject(), proven.claims().with(names), proven.groups());
    }

    private OidcSettings settings(IdentityProvider provider) {
        return new OidcSettings(provider.details().get(OidcSettings.CLIENT_ID),
                OidcSettings.withOpenId(provider.details().get(OidcSettings.AUTHORIZE_SCOPES)), "GET",
                URI.create(SocialEndpoints.Apple.ISSUER),
                new OidcSettings.Endpoints(endpoints.authorization(), endpoints.token(), null, endpoints.jwks()),
                OidcSettings.ClientAuthentication.CLIENT_SECRET_POST, false, List.of(), null, null, null);
    }

    private OidcEndpoints oidcEndpoints() {
        return new OidcEndpoints(endpoints.authorization(), endpoints.token(), null, endpoints.jwks(),
                Set.of(JWSAlgorithm.RS256));
    }

    /** The client secret Apple takes: a JWT signed with the provider's key (Apple, "Creating a client secret"). */
    String clientSecret(IdentityProvider provider) throws IdpFailure {
        String pem = provider.secrets().privateKey().orElseThrow(() -> new IdpFailure(
                IdpFailure.Kind.INVALID_RESPONSE, provider.name() + " has no private_key to sign its client secret with."));
        PrivateKey key;
        try {
            key = PemKeys.privateKey(pem);
        } catch (IllegalArgumentException e) {
            // stored before private keys were checked: the administrator must give the .p8 file's PEM again
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name() + "'s private_key is "
                    + e.getMessage() + "; update the provider with the .p8 file's PEM.");
        }
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name()
                    + "'s private_key is not the EC key Apple issues.");
        }
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(provider.details().get(TEAM_ID))
                .subject(provider.details().get(OidcSettings.CLIENT_ID))
                .audience(SocialEndpoints.Apple.ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(CLIENT_SECRET_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(provider.details().get(KEY_ID)).build(), claims);
        try {
            jwt.sign(new ECDSASigner(ec));
        } catch (JOSEException e) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name()
                    + ": the client secret could not be signed with the provider's private_key (" + e.getMessage() + ").");
        }
        return jwt.serialize();
    }

    /** {@code {"name":{"firstName":..,"lastName":..}}} as claims; nothing when absent or not that shape. */
    static Map<String, Object> names(String user) {
        Map<String, Object> names = new LinkedHashMap<>();
        if (user == null) {
            return names;
        }
        JsonNode name;
        try {
            name = JSON.readTree(user).path("name");
        } catch (JsonProcessingException e) {
            return names;
        }
        String first = text(name.path("firstName"));
        String last = text(name.path("lastName"));
        if (first != null) {
            names.put("firstName", first);
        }
        if (last != null) {
            names.put("lastName", last);
        }
        if (first != null || last != null) {
            names.put("name", first == null ? last : last == null ? first : first + " " + last);
        }
        return names;
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        String value = node.asText().strip();
        return value.isEmpty() || value.length() > MAX_NAME ? null : value;
    }
}
