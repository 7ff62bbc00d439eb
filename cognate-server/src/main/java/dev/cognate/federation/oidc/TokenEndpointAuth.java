package dev.cognate.federation.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.cognate.federation.IdpFailure;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.PemKeys;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * How Cognate authenticates at an IdP's token endpoint ({@code token_endpoint_auth_method}):
 * the secret in the body (Cognito's only way, the default), HTTP Basic, or a client assertion
 * signed with the provider's private key ({@code private_key_jwt}): {@code iss} = {@code sub} =
 * client id, {@code aud} = the token URL, {@code jti}, {@code nbf}, 5-minute {@code exp}; PS256
 * for an RSA key (ES256 for EC) with the certificate's {@code x5t#S256}, as Entra asks. A
 * provider without any secret is a public client: it sends only its {@code client_id}
 * (null here), relying on PKCE.
 */
final class TokenEndpointAuth {
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);

    private final Clock clock;

    TokenEndpointAuth(Clock clock) {
        this.clock = clock;
    }

    /** The client authentication, or null for a public client. */
    ClientAuthentication of(IdentityProvider provider, OidcSettings settings, URI tokenEndpoint) throws IdpFailure {
        ClientID clientId = new ClientID(settings.clientId());
        return switch (settings.clientAuthentication()) {
            case CLIENT_SECRET_BASIC -> new ClientSecretBasic(clientId, secret(provider));
            case CLIENT_SECRET_POST -> provider.secrets().clientSecret().isEmpty() ? null
                    : new ClientSecretPost(clientId, secret(provider));
            case PRIVATE_KEY_JWT -> assertion(provider, settings, clientId, tokenEndpoint);
        };
    }

    private static Secret secret(IdentityProvider provider) {
        return new Secret(provider.secrets().clientSecret().orElseThrow());
    }

    private ClientAuthentication assertion(IdentityProvider provider, OidcSettings settings, ClientID clientId,
                                           URI tokenEndpoint) throws IdpFailure {
        PrivateKey key = PemKeys.privateKey(provider.secrets().privateKey().orElseThrow());
        Instant now = clock.instant();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(clientId,
                List.of(new Audience(tokenEndpoint.toString())), Date.from(now.plus(ASSERTION_LIFETIME)),
                Date.from(now), Date.from(now), new JWTID());
        JWSAlgorithm algorithm = key instanceof ECPrivateKey ? JWSAlgorithm.ES256 : JWSAlgorithm.PS256;
        Base64URL thumbprint = settings.certificate() == null ? null : sha256Thumbprint(PemKeys.certificate(settings.certificate()));
        try {
            return new PrivateKeyJWT(claims, algorithm, key, null, null, thumbprint, null);
        } catch (JOSEException e) {
            throw new IdpFailure(IdpFailure.Kind.INVALID_RESPONSE, provider.name()
                    + ": the client assertion could not be signed with the provider's private_key (" + e.getMessage() + ").");
        }
    }

    static Base64URL sha256Thumbprint(X509Certificate certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

}
