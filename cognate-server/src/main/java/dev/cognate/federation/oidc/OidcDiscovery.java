package dev.cognate.federation.oidc;

import dev.cognate.http.WireJson;

import dev.cognate.federation.EntraIssuers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.cognate.providers.InvalidProviderDetailsException;
import dev.cognate.providers.IssuerDiscovery;
import dev.cognate.providers.OidcMetadata;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Fetches {@code <oidc_issuer>/.well-known/openid-configuration} (bounded, see {@link IdpHttp})
 * and refuses an issuer Cognate could not sign in with: unreachable, answering something that
 * is not provider metadata, naming another issuer (except Entra's {@code {tenantid}} template
 * for a {@code common}/{@code organizations} authority), or lacking the authorization, token or
 * keys endpoint. A missing userinfo endpoint is fine: sign-in then uses the ID token alone.
 */
public final class OidcDiscovery implements IssuerDiscovery {
    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final String ANY_TENANT = "00000000-0000-0000-0000-000000000000";
    private static final ObjectMapper JSON = WireJson.PLAIN;

    private final IdpHttp http;
    private final Clock clock;

    public OidcDiscovery(IdpHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public OidcMetadata discover(String oidcIssuer) {
        String base = oidcIssuer.endsWith("/") ? oidcIssuer.substring(0, oidcIssuer.length() - 1) : oidcIssuer;
        URI url = URI.create(base + WELL_KNOWN);
        IdpHttp.Response response;
        try {
            response = http.get(url, Map.of("Accept", "application/json"));
        } catch (IdpHttp.IdpUnreachableException e) {
            throw refused("The discovery document of oidc_issuer " + oidcIssuer + " could not be read: " + e.getMessage()
                    + ". Check oidc_issuer, or give authorize_url, token_url, attributes_url and jwks_uri.");
        }
        if (response.status() != 200) {
            throw refused("The discovery document " + url + " answered HTTP " + response.status()
                    + ": check that oidc_issuer " + oidcIssuer + " is the IdP's issuer.");
        }
        ObjectNode document;
        try {
            document = JSON.readTree(response.body()) instanceof ObjectNode object ? object : null;
        } catch (JsonProcessingException e) {
            document = null;
        }
        if (document == null || !document.path("issuer").isTextual()) {
            throw refused("The discovery document " + url + " is not OpenID provider metadata (no issuer).");
        }
        String advertised = document.get("issuer").asText();
        if (!advertised.equals(oidcIssuer) && !isEntraTemplateOf(oidcIssuer, advertised)) {
            throw refused("The discovery document of oidc_issuer " + oidcIssuer + " names the issuer " + advertised
                    + ": tokens would carry that issuer, so oidc_issuer must be exactly " + advertised + ".");
        }
        for (String member : List.of("authorization_endpoint", "token_endpoint", "jwks_uri")) {
            if (!document.path(member).isTextual()) {
                throw refused("The discovery document " + url + " has no " + member + ": Cognate cannot sign in "
                        + "through this IdP without it.");
            }
        }
        // Entra's template issuer is not a URI; Nimbus checks the rest of the document with a tenant put in.
        document.put("issuer", advertised.replace(EntraIssuers.TENANT_PLACEHOLDER, ANY_TENANT));
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(document.toString());
        } catch (ParseException e) {
            throw refused("The discovery document " + url + " is not OpenID provider metadata: " + e.getMessage());
        }
        URI authorization = required(metadata.getAuthorizationEndpointURI(), "authorization_endpoint", url);
        URI token = required(metadata.getTokenEndpointURI(), "token_endpoint", url);
        URI jwks = required(metadata.getJWKSetURI(), "jwks_uri", url);
        URI userInfo = metadata.getUserInfoEndpointURI();
        if (userInfo != null) {
            checkUrl(userInfo, "userinfo_endpoint", url);
        }
        List<String> algorithms = Optional.ofNullable(metadata.getIDTokenJWSAlgs()).orElse(List.of()).stream()
                .map(a -> a.getName()).toList();
        return new OidcMetadata(advertised, authorization, token, userInfo, jwks, algorithms, clock.instant());
    }

    private static boolean isEntraTemplateOf(String oidcIssuer, String advertised) {
        return EntraIssuers.multiTenantTemplate(oidcIssuer).map(advertised::equals).orElse(false);
    }

    private static URI required(URI value, String member, URI document) {
        if (value == null) {
            throw refused("The discovery document " + document + " has no " + member + ": Cognate cannot sign in "
                    + "through this IdP without it.");
        }
        checkUrl(value, member, document);
        return value;
    }

    /** The same rule as for URLs given in ProviderDetails: https, or http on a loopback host. */
    private static void checkUrl(URI value, String member, URI document) {
        String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = value.getHost() != null
                && (value.getHost().equalsIgnoreCase("localhost") || value.getHost().equals("127.0.0.1"));
        if (value.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback)) {
            throw refused("The discovery document " + document + " gives " + member + " " + value
                    + ", which is not an https URL.");
        }
    }

    private static InvalidProviderDetailsException refused(String message) {
        return new InvalidProviderDetailsException(message);
    }
}
