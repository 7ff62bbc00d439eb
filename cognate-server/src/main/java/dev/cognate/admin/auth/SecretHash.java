package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.clients.AppClient;
import dev.cognate.clients.ClientSecret;
import dev.cognate.crypto.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Collection;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client
 * id)). A client with a secret must send it with every sign-in call, proving it holds the
 * secret without sending it.
 */
public final class SecretHash {
    private SecretHash() {}

    static String of(String clientSecret, String username, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Refuses the call unless a client with a secret sent the hash of one of {@code usernames}
     * (compared in constant time). A client without a secret needs none and any sent is ignored.
     */
    public static void check(AppClient client, String presented, Collection<String> usernames) {
        if (!client.hasSecret()) {
            return;
        }
        if (presented == null || presented.isEmpty()) {
            throw AwsException.notAuthorized("Client " + client.clientId()
                    + " is configured with secret but SECRET_HASH was not received");
        }
        boolean matched = false;
        for (ClientSecret secret : client.clientSecrets()) {
            for (String username : usernames) {
                if (username != null) {
                    matched |= ConstantTime.equals(of(secret.value(), username, client.clientId()), presented);
                }
            }
        }
        if (!matched) {
            throw unverified(client);
        }
    }

    static AwsException unverified(AppClient client) {
        return AwsException.notAuthorized("Unable to verify secret hash for client " + client.clientId());
    }
}
