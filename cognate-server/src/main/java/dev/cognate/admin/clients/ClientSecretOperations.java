package dev.cognate.admin.clients;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.clients.ClientSecret;
import dev.cognate.crypto.RandomIds;
import dev.cognate.store.AppClientStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A confidential client's secrets, rotated without downtime: AddUserPoolClientSecret (a second
 * secret, made here or given), ListUserPoolClientSecrets (never their values) and
 * DeleteUserPoolClientSecret (never the last). While a client has two, either authenticates it
 * everywhere a secret is checked (the token endpoint, SECRET_HASH, RevokeToken,
 * GetTokensFromRefreshToken).
 */
public final class ClientSecretOperations implements OperationFamily {
    static final int MAX_SECRETS = 2;

    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final Clock clock;

    public ClientSecretOperations(UserPoolOperations pools, AppClientStore clients, Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("AddUserPoolClientSecret", AddRequest.class, this::add);
        registry.signed("ListUserPoolClientSecrets", ListRequest.class, this::list);
        registry.signed("DeleteUserPoolClientSecret", DeleteRequest.class, this::delete);
    }

    public record AddRequest(String userPoolId, String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "AddRequest[userPoolId=" + userPoolId + ", clientId=" + clientId + "]";
        }
    }

    public record ListRequest(String userPoolId, String clientId, String nextToken) {}

    public record DeleteRequest(String userPoolId, String clientId, String clientSecretId) {}

    /** AWS ClientSecretDescriptorType: the value only when Cognate made it, in AddUserPoolClientSecret's answer. */
    public record Descriptor(String clientSecretId, String clientSecretValue, Instant clientSecretCreateDate) {
        static Descriptor withoutValue(ClientSecret secret) {
            return new Descriptor(secret.id(), null, secret.createdAt());
        }

        @Override
        public String toString() {
            return "Descriptor[clientSecretId=" + clientSecretId + "]";
        }
    }

    public record AddResponse(Descriptor clientSecretDescriptor) {}

    public record ListResponse(List<Descriptor> clientSecrets, String nextToken) {}

    private Object add(AddRequest r, Caller caller) {
        clientIdOf(r.clientId());
        Validate.length(r.clientSecret(), "clientSecret", 24, 64);
        Validate.pattern(r.clientSecret(), "clientSecret", ClientRules.CLIENT_SECRET);
        pools.existing(r.userPoolId());
        Instant now = clock.instant();
        ClientSecret added = new ClientSecret(r.clientId() + "--" + now.toEpochMilli() + "-" + RandomIds.alphanumeric(6),
                r.clientSecret() != null ? r.clientSecret() : RandomIds.clientSecret(), now);
        clients.changeSecrets(r.userPoolId(), r.clientId(), secrets -> {
            if (secrets.isEmpty()) {
                throw AwsException.invalidParameter("User pool client " + r.clientId()
                        + " has no secret: secrets are added only to a confidential client.");
            }
            if (secrets.size() >= MAX_SECRETS) {
                throw AwsException.limitExceeded("User pool client " + r.clientId() + " has " + MAX_SECRETS
                        + " client secrets already, the most it can have. Delete one first.");
            }
            List<ClientSecret> next = new ArrayList<>(secrets);
            next.add(added);
            return next;
        }).orElseThrow(() -> notFound(r.clientId()));
        return new AddResponse(new Descriptor(added.id(), r.clientSecret() == null ? added.value() : null,
                added.createdAt()));
    }

    private Object list(ListRequest r, Caller caller) {
        clientIdOf(r.clientId());
        PageTokens.decode(r.nextToken(), "nextToken");
        pools.existing(r.userPoolId());
        var client = clients.find(r.userPoolId(), r.clientId()).orElseThrow(() -> notFound(r.clientId()));
        return new ListResponse(client.clientSecrets().stream().map(Descriptor::withoutValue).toList(), null);
    }

    private Object delete(DeleteRequest r, Caller caller) {
        clientIdOf(r.clientId());
        Validate.requiredString(r.clientSecretId(), "clientSecretId", 1, 128);
        pools.existing(r.userPoolId());
        clients.changeSecrets(r.userPoolId(), r.clientId(), secrets -> {
            List<ClientSecret> next = secrets.stream().filter(s -> !s.id().equals(r.clientSecretId())).toList();
            if (next.size() == secrets.size()) {
                throw AwsException.resourceNotFound("Client secret " + r.clientSecretId() + " does not exist.");
            }
            if (next.isEmpty()) {
                throw AwsException.invalidParameter("Client secret " + r.clientSecretId()
                        + " is the client's last: a confidential client keeps at least one secret.");
            }
            return next;
        }).orElseThrow(() -> notFound(r.clientId()));
        return Empty.INSTANCE;
    }

    private static void clientIdOf(String clientId) {
        Validate.requiredString(clientId, "clientId", 1, 128);
        Validate.pattern(clientId, "clientId", ClientRules.CLIENT_ID);
    }

    private static AwsException notFound(String clientId) {
        return AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
    }
}
