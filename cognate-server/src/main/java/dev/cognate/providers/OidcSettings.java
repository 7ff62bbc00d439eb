package dev.cognate.providers;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ProviderDetails of an OIDC identity provider, typed. {@link #parse} is also the check
 * applied when a provider is created or updated: what it refuses never reaches the store.
 *
 * <p>Besides AWS's keys, Cognate understands these extension keys: {@code token_endpoint_auth_method}
 * ({@code client_secret_post} as Cognito, {@code client_secret_basic}, {@code private_key_jwt}),
 * {@code pkce} (default true), {@code allowed_tenants} (Entra tenant ids accepted from a
 * multi-tenant issuer), {@code client_secret_expires_at}, {@code groups_claim},
 * {@code private_key} and {@code certificate} (for {@code private_key_jwt}).
 */
public record OidcSettings(
        String clientId,
        List<String> authorizeScopes,
        String attributesRequestMethod,
        URI issuer,
        Endpoints endpoints,
        ClientAuthentication clientAuthentication,
        boolean pkce,
        List<String> allowedTenants,
        Instant clientSecretExpiresAt,
        String groupsClaim,
        String certificate) {

    public static final String CLIENT_ID = "client_id";
    public static final String AUTHORIZE_SCOPES = "authorize_scopes";
    public static final String ATTRIBUTES_REQUEST_METHOD = "attributes_request_method";
    public static final String OIDC_ISSUER = "oidc_issuer";
    public static final String AUTHORIZE_URL = "authorize_url";
    public static final String TOKEN_URL = "token_url";
    public static final String ATTRIBUTES_URL = "attributes_url";
    public static final String JWKS_URI = "jwks_uri";
    public static final String TOKEN_ENDPOINT_AUTH_METHOD = "token_endpoint_auth_method";
    public static final String PKCE = "pkce";
    public static final String ALLOWED_TENANTS = "allowed_tenants";
    public static final String CLIENT_SECRET_EXPIRES_AT = "client_secret_expires_at";
    public static final String GROUPS_CLAIM = "groups_claim";
    public static final String CERTIFICATE = "certificate";

    static final Set<String> REQUIRED = Set.of(CLIENT_ID, AUTHORIZE_SCOPES, ATTRIBUTES_REQUEST_METHOD, OIDC_ISSUER);
    static final List<String> ENDPOINT_KEYS = List.of(AUTHORIZE_URL, TOKEN_URL, ATTRIBUTES_URL, JWKS_URI);
    static final Set<String> OPTIONAL = Set.of(ProviderSecrets.CLIENT_SECRET, AUTHORIZE_URL, TOKEN_URL, ATTRIBUTES_URL,
            JWKS_URI, TOKEN_ENDPOINT_AUTH_METHOD, PKCE, ALLOWED_TENANTS, CLIENT_SECRET_EXPIRES_AT, GROUPS_CLAIM,
            ProviderSecrets.PRIVATE_KEY, CERTIFICATE);

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern CLAIM_NAME = Pattern.compile("\\S{1,256}");

    /** The IdP's endpoints when given instead of discovered (all four or none, as in AWS). */
    public record Endpoints(URI authorization, URI token, URI userInfo, URI jwks) {}

    /** How Cognate authenticates to the IdP's token endpoint. */
    public enum ClientAuthentication {
        CLIENT_SECRET_POST, CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<ClientAuthentication> of(String value) {
            return Arrays.stream(values()).filter(m -> m.value().equals(value)).findFirst();
        }
    }

    public OidcSettings {
        authorizeScopes = List.copyOf(authorizeScopes);
        allowedTenants = List.copyOf(allowedTenants);
    }

    public Optional<Endpoints> givenEndpoints() {
        return Optional.ofNullable(endpoints);
    }

    public Optional<Instant> clientSecretExpiry() {
        return Optional.ofNullable(clientSecretExpiresAt);
    }

    public Optional<String> groupsClaimName() {
        return Optional.ofNullable(groupsClaim);
    }

    /**
     * Reads and checks the details of an OIDC provider (without secret keys) and its secrets.
     *
     * @throws InvalidProviderDetailsException naming the first key that is missing or wrong
     */
    public static OidcSettings parse(Map<String, String> details, ProviderSecrets secrets) {
        String clientId = required(details, CLIENT_ID);
        List<String> scopes = List.of(required(details, AUTHORIZE_SCOPES).strip().split("\\s+"));
        if (!scopes.contains("openid")) {
            throw invalid(AUTHORIZE_SCOPES + " must include openid, or the IdP returns no ID token.");
        }
        String method = required(details, ATTRIBUTES_REQUEST_METHOD);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw invalid(ATTRIBUTES_REQUEST_METHOD + " must be GET or POST.");
        }
        URI issuer = url(details, OIDC_ISSUER);
        if (issuer.getRawQuery() != null) {
            throw invalid(OIDC_ISSUER + " must not have a query.");
        }
        return new OidcSettings(clientId, scopes, method, issuer, endpoints(details),
                clientAuthentication(details, secrets), pkce(details), allowedTenants(details),
                clientSecretExpiresAt(details), groupsClaim(details), certificate(details));
    }

    /**
     * A social provider's {@code authorize_scopes} (separated by spaces or commas, as Cognito takes
     * them), each once, with {@code openid} first where it was not given: Cognate signs in through
     * Google and Apple with a signed ID token.
     */
    public static List<String> withOpenId(String scopes) {
        List<String> all = socialScopes(scopes);
        if (!all.contains("openid")) {
            all.addFirst("openid");
        }
        return all;
    }

    /** A social provider's {@code authorize_scopes} (separated by spaces or commas, as Cognito takes them), each once. */
    public static List<String> socialScopes(String scopes) {
        List<String> all = new java.util.ArrayList<>();
        for (String scope : (scopes == null ? "" : scopes).strip().split("[\\s,]+")) {
            if (!scope.isEmpty() && !all.contains(scope)) {
                all.add(scope);
            }
        }
        return all;
    }

    private static Endpoints endpoints(Map<String, String> details) {
        List<String> given = ENDPOINT_KEYS.stream().filter(details::containsKey).toList();
        if (given.isEmpty()) {
            return null;
        }
        if (given.size() < ENDPOINT_KEYS.size()) {
            List<String> missing = ENDPOINT_KEYS.stream().filter(k -> !details.containsKey(k)).toList();
            throw invalid("authorize_url, token_url, attributes_url and jwks_uri must be given together, or none of "
                    + "them (missing: " + String.join(", ", missing) + ").");
        }
        return new Endpoints(url(details, AUTHORIZE_URL), url(details, TOKEN_URL), url(details, ATTRIBUTES_URL),
                url(details, JWKS_URI));
    }

    private static ClientAuthentication clientAuthentication(Map<String, String> details, ProviderSecrets secrets) {
        String value = details.get(TOKEN_ENDPOINT_AUTH_METHOD);
        ClientAuthentication method = value == null ? ClientAuthentication.CLIENT_SECRET_POST
                : ClientAuthentication.of(value).orElseThrow(() -> invalid(TOKEN_ENDPOINT_AUTH_METHOD
                        + " must be client_secret_post, client_secret_basic or private_key_jwt."));
        if (value != null && method != ClientAuthentication.PRIVATE_KEY_JWT && secrets.clientSecret().isEmpty()) {
            throw invalid(TOKEN_ENDPOINT_AUTH_METHOD + " " + value + " needs a client_secret.");
        }
        if (method == ClientAuthentication.PRIVATE_KEY_JWT && secrets.privateKey().isEmpty()) {
            throw invalid(TOKEN_ENDPOINT_AUTH_METHOD + " private_key_jwt needs a private_key.");
        }
        secrets.clientSecret().ifPresent(secret -> {
            if (secret.isBlank()) {
                throw invalid(ProviderSecrets.CLIENT_SECRET + " must not be blank.");
            }
        });
        secrets.privateKey().ifPresent(pem -> {
            try {
                PemKeys.privateKey(pem);
            } catch (IllegalArgumentException e) {
                throw invalid(ProviderSecrets.PRIVATE_KEY + " is " + e.getMessage() + ".");
            }
        });
        return method;
    }

    private static boolean pkce(Map<String, String> details) {
        String value = details.get(PKCE);
        if (value == null) {
            return true;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw invalid(PKCE + " must be true or false.");
        }
        return Boolean.parseBoolean(value);
    }

    private static List<String> allowedTenants(Map<String, String> details) {
        String value = details.get(ALLOWED_TENANTS);
        if (value == null) {
            return List.of();
        }
        List<String> tenants = value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
        if (tenants.isEmpty() || !tenants.stream().allMatch(t -> GUID.matcher(t).matches())) {
            throw invalid(ALLOWED_TENANTS + " must be one or more tenant ids (GUIDs) separated by spaces.");
        }
        return tenants.stream().map(t -> t.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private static Instant clientSecretExpiresAt(Map<String, String> details) {
        String value = details.get(CLIENT_SECRET_EXPIRES_AT);
        if (value == null) {
            return null;
        }
        if (EPOCH_SECONDS.matcher(value).matches()) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(CLIENT_SECRET_EXPIRES_AT
                    + " must be an ISO-8601 instant (2030-01-31T00:00:00Z) or epoch seconds.");
        }
    }

    private static String groupsClaim(Map<String, String> details) {
        String value = details.get(GROUPS_CLAIM);
        if (value != null && !CLAIM_NAME.matcher(value).matches()) {
            throw invalid(GROUPS_CLAIM + " must be a claim name: 1 to 256 characters, no spaces.");
        }
        return value;
    }

    private static String certificate(Map<String, String> details) {
        String value = details.get(CERTIFICATE);
        if (value != null) {
            try {
                PemKeys.certificate(value);
            } catch (IllegalArgumentException e) {
                throw invalid(CERTIFICATE + " is " + e.getMessage() + ".");
            }
        }
        return value;
    }

    private static String required(Map<String, String> details, String key) {
        String value = details.get(key);
        if (value == null || value.isBlank()) {
            throw invalid("ProviderDetails of an OIDC provider must have " + key + ".");
        }
        return value;
    }

    /** An absolute https URL; plain http only for a loopback host, as for local development IdPs. */
    private static URI url(Map<String, String> details, String key) {
        String value = details.get(key);
        if (value == null || value.isBlank()) {
            throw invalid("ProviderDetails of an OIDC provider must have " + key + ".");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(key + " is not a valid URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw invalid(key + " must be an absolute https URL without user info or fragment: " + value);
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw invalid(key + " must use https (plain http is allowed only for localhost and 127.0.0.1): " + value);
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equalsIgnoreCase("localhost") || host.equals("127.0.0.1");
    }

    private static InvalidProviderDetailsException invalid(String message) {
        return new InvalidProviderDetailsException(message);
    }
}
