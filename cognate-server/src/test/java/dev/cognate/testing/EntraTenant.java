package dev.cognate.testing;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;

/**
 * An independent OpenID provider (no.nav.security:mock-oauth2-server) shaped like one
 * Microsoft Entra tenant: issuer {@code http://127.0.0.1:<port>/<tenant>/v2.0}, ID tokens with
 * {@code tid}, {@code oid}, {@code ver} and whatever claims the next user has. Its sign-in is
 * not interactive: the authorize endpoint answers the redirect URI with a code at once.
 */
public final class EntraTenant implements AutoCloseable {
    public static final String TENANT_ID = "5f3c2a1b-7d4e-4c8f-9a6b-2e1d0c9b8a77";

    /** A user of the tenant as its tokens describe them; {@code claims} are the optional ones (email, name, groups...). */
    public record User(String oid, String sub, Map<String, Object> claims) {}

    private final MockOAuth2Server server;
    private final String clientId;

    private EntraTenant(MockOAuth2Server server, String clientId) {
        this.server = server;
        this.clientId = clientId;
    }

    /** @param clientId the app registration's client id (the ID tokens' audience) */
    public static EntraTenant start(String clientId) {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config());
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return new EntraTenant(server, clientId);
    }

    /** Its issuer on 127.0.0.1 (the server's own issuerUrl() says localhost). */
    public String issuer() {
        return "http://127.0.0.1:" + server.baseUrl().port() + "/" + issuerId();
    }

    public String clientId() {
        return clientId;
    }

    /** The user the next code exchange signs in. */
    public void nextSignIn(User user) {
        server.enqueueCallback(new Callback(user));
    }

    private static String issuerId() {
        return TENANT_ID + "/v2.0";
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private final class Callback implements OAuth2TokenCallback {
        private final User user;

        Callback(User user) {
            this.user = user;
        }

        @Override
        public String issuerId() {
            return EntraTenant.issuerId();
        }

        @Override
        public String subject(TokenRequest request) {
            return user.sub();
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(clientId);
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("tid", TENANT_ID);
            claims.put("oid", user.oid());
            claims.put("ver", "2.0");
            claims.putAll(user.claims());
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }
}
