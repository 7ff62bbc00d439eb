package dev.cognate.admin.resourceservers;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.resourceservers.ResourceServer;
import dev.cognate.resourceservers.ResourceServerScope;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.ResourceServerStore;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** CreateResourceServer, DescribeResourceServer, UpdateResourceServer, DeleteResourceServer, ListResourceServers. */
public final class ResourceServerOperations implements OperationFamily {
    static final Pattern IDENTIFIER = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    static final Pattern NAME = Pattern.compile("[\\w\\s+=,.@-]+");
    static final Pattern SCOPE_NAME = Pattern.compile("[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+");
    static final int MAX_SCOPES = 100;

    private final UserPoolOperations pools;
    private final ResourceServerStore servers;

    public ResourceServerOperations(UserPoolOperations pools, ResourceServerStore servers) {
        this.pools = pools;
        this.servers = servers;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateResourceServer", ResourceServerRequest.class, this::create);
        registry.signed("DescribeResourceServer", IdentifierRequest.class, this::describe);
        registry.signed("UpdateResourceServer", ResourceServerRequest.class, this::update);
        registry.signed("DeleteResourceServer", IdentifierRequest.class, this::delete);
        registry.signed("ListResourceServers", ListResourceServersRequest.class, this::list);
    }

    /** CreateResourceServer and UpdateResourceServer take the same members. */
    public record ResourceServerRequest(String userPoolId, String identifier, String name, List<ResourceServerScope> scopes) {}

    public record IdentifierRequest(String userPoolId, String identifier) {}

    public record ListResourceServersRequest(String userPoolId, Integer maxResults, String nextToken) {}

    public record ResourceServerResponse(ResourceServer resourceServer) {}

    public record ListResourceServersResponse(List<ResourceServer> resourceServers, String nextToken) {}

    private Object create(ResourceServerRequest r, Caller caller) {
        ResourceServer server = validated(r);
        pools.existing(r.userPoolId());
        try {
            servers.insert(server);
        } catch (DuplicateKeyException e) {
            throw AwsException.invalidParameter(server.identifier() + " already exists in user pool "
                    + server.userPoolId() + ".");
        }
        return new ResourceServerResponse(server);
    }

    private Object describe(IdentifierRequest r, Caller caller) {
        identifier(r.identifier());
        pools.existing(r.userPoolId());
        return new ResourceServerResponse(existing(r.userPoolId(), r.identifier()));
    }

    /** As in Cognito, the request replaces the name and the whole list of scopes. */
    private Object update(ResourceServerRequest r, Caller caller) {
        ResourceServer server = validated(r);
        pools.existing(r.userPoolId());
        if (!servers.update(server)) {
            throw notFound(r.userPoolId(), r.identifier());
        }
        return new ResourceServerResponse(server);
    }

    private Object delete(IdentifierRequest r, Caller caller) {
        identifier(r.identifier());
        pools.existing(r.userPoolId());
        if (!servers.delete(r.userPoolId(), r.identifier())) {
            throw notFound(r.userPoolId(), r.identifier());
        }
        return Empty.INSTANCE;
    }

    private Object list(ListResourceServersRequest r, Caller caller) {
        int max = r.maxResults() == null ? 50 : Validate.range(r.maxResults(), "maxResults", 1, 50);
        pools.existing(r.userPoolId());
        Page<ResourceServer> page = servers.list(r.userPoolId(), PageTokens.decode(r.nextToken()), max);
        return new ListResourceServersResponse(page.items(), PageTokens.encode(page.next()));
    }

    private ResourceServer existing(String poolId, String identifier) {
        return servers.find(poolId, identifier).orElseThrow(() -> notFound(poolId, identifier));
    }

    private static AwsException notFound(String poolId, String identifier) {
        return AwsException.resourceNotFound("Resource server " + identifier + " does not exist in user pool "
                + poolId + ".");
    }

    private static void identifier(String identifier) {
        Validate.requiredString(identifier, "identifier", 1, 256);
        Validate.pattern(identifier, "identifier", IDENTIFIER);
    }

    private static ResourceServer validated(ResourceServerRequest r) {
        identifier(r.identifier());
        Validate.requiredString(r.name(), "name", 1, 256);
        Validate.pattern(r.name(), "name", NAME);
        List<ResourceServerScope> scopes = r.scopes() == null ? List.of() : r.scopes();
        Validate.size(scopes, "scopes", 0, MAX_SCOPES);
        Set<String> names = new HashSet<>();
        for (ResourceServerScope scope : scopes) {
            Validate.required(scope, "scopes.member");
            Validate.requiredString(scope.scopeName(), "scopes.member.scopeName", 1, 256);
            Validate.pattern(scope.scopeName(), "scopes.member.scopeName", SCOPE_NAME);
            Validate.requiredString(scope.scopeDescription(), "scopes.member.scopeDescription", 1, 256);
            if (!names.add(scope.scopeName())) {
                throw AwsException.invalidParameter("Duplicate scope name " + scope.scopeName()
                        + ": scope names of a resource server must be unique.");
            }
        }
        return new ResourceServer(r.userPoolId(), r.identifier(), r.name(), List.copyOf(scopes));
    }
}
