package dev.cognate.federation;

import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.ProviderType;
import java.net.URI;
import java.util.Optional;

/**
 * Sign-in through one kind of upstream IdP: where to send the browser, and what the IdP's
 * answer proves. Connectors keep no per-sign-in state of their own: what must survive the
 * round trip is in {@link Attempt}, kept by {@link FederatedLogin}.
 */
public interface Connector {

    /** One sign-in attempt: the values sent to the IdP that its answer must match. */
    record Attempt(String state, String nonce, String codeVerifier, URI redirectUri) {
        @Override
        public String toString() {
            return "Attempt[redirectUri=" + redirectUri + "]";
        }
    }

    /** What the app asked to pass on to the IdP. */
    record Hints(String prompt, String loginHint) {
        public static final Hints NONE = new Hints(null, null);
    }

    /**
     * The IdP's answer at {@code /oauth2/idpresponse}. {@code user}: Sign in with Apple's
     * {@code user} form parameter (the name the person gave, at their first sign-in only), or null.
     */
    record Callback(String code, String error, String errorDescription, String issuer, String user) {
        public Callback(String code, String error, String errorDescription, String issuer) {
            this(code, error, errorDescription, issuer, null);
        }

        public Optional<String> errorCode() {
            return Optional.ofNullable(error);
        }

        @Override
        public String toString() {
            return "Callback[error=" + error + ", issuer=" + issuer + "]";
        }
    }

    /** Whether this connector signs users in through providers of {@code type}. */
    boolean supports(ProviderType type);

    /** Whether sign-ins through {@code provider} send a PKCE challenge (RFC 7636). */
    boolean pkce(IdentityProvider provider);

    /** The IdP's sign-in URL for this attempt. */
    URI loginUrl(IdentityProvider provider, Attempt attempt, Hints hints) throws IdpFailure;

    /** The issuer(s) an RFC 9207 {@code iss} response parameter may name for this provider. */
    boolean isIssuerOf(IdentityProvider provider, String issuer) throws IdpFailure;

    /** Exchanges the code and checks everything the IdP sends back; the neutral identity it proves. */
    Identity complete(IdentityProvider provider, Attempt attempt, Callback callback) throws IdpFailure;
}
