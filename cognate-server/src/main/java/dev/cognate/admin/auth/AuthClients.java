package dev.cognate.admin.auth;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.clients.AppClient;
import dev.cognate.store.AppClientStore;
import java.util.regex.Pattern;

/**
 * Finds the app client a sign-in call names: by its id alone for the public operations (ids
 * are unique across pools), within the named pool for the admin ones.
 */
public final class AuthClients {
    static final Pattern CLIENT_ID = Pattern.compile("[\\w+]+");

    private final UserPoolOperations pools;
    private final AppClientStore clients;

    public AuthClients(UserPoolOperations pools, AppClientStore clients) {
        this.pools = pools;
        this.clients = clients;
    }

    public SignInClient publicClient(String clientId) {
        validClientId(clientId);
        AppClient client = clients.find(clientId).orElseThrow(() -> notFound(clientId));
        return new SignInClient(pools.existing(client.userPoolId()), client);
    }

    public SignInClient adminClient(String poolId, String clientId) {
        var pool = pools.existing(poolId);
        validClientId(clientId);
        AppClient client = clients.find(pool.id(), clientId).orElseThrow(() -> notFound(clientId));
        return new SignInClient(pool, client);
    }

    static void validClientId(String clientId) {
        Validate.requiredString(clientId, "clientId", 1, 128);
        Validate.pattern(clientId, "clientId", CLIENT_ID);
    }

    static AwsException notFound(String clientId) {
        return AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
    }
}
