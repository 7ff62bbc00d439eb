package dev.cognate.admin.providers;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.UserPool;
import dev.cognate.providers.IdentityProvider;
import dev.cognate.providers.InvalidProviderDetailsException;
import dev.cognate.providers.IssuerDiscovery;
import dev.cognate.providers.OidcMetadata;
import dev.cognate.providers.OidcSettings;
import dev.cognate.providers.ProviderDetailRules;
import dev.cognate.providers.ProviderSecrets;
import dev.cognate.providers.ProviderSummary;
import dev.cognate.providers.ProviderType;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.ConcurrentChangeException;
import dev.cognate.store.IdentifierInUseException;
import dev.cognate.store.IdentityProviderStore;
import dev.cognate.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider,
 * DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier.
 *
 * <p>An OIDC provider without explicit endpoint URLs is checked against its issuer's discovery
 * document when it is created or its details are updated (see {@link IssuerDiscovery}): an
 * issuer Cognate could not sign in with is refused with InvalidParameterException saying
 * why, and what the document said is stored with the provider. Deleting a provider that app clients still list in SupportedIdentityProviders is allowed;
 * sign-in through it then fails because the provider is gone.
 */
public final class IdentityProviderOperations implements OperationFamily {
    /** AWS ProviderNameTypeV2 (CreateIdentityProvider): no leading or trailing '_', no spaces. */
    private static final Pattern NEW_PROVIDER_NAME = Pattern.compile("[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+");
    /** AWS ProviderNameType (the other operations). */
    private static final Pattern PROVIDER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern IDP_IDENTIFIER = Pattern.compile("[\\w\\s+=.@-]+");
    private static final Pattern NEXT_TOKEN = Pattern.compile("[\\S]+");
    private static final int MAX_IDENTIFIERS = 50;
    private static final int DEFAULT_MAX_RESULTS = 60;

    private final IdentityProviderStore providers;
    private final UserPoolOperations pools;
    private final IssuerDiscovery discovery;
    private final Clock clock;

    public IdentityProviderOperations(IdentityProviderStore providers, UserPoolOperations pools,
                                      IssuerDiscovery discovery, Clock clock) {
        this.providers = providers;
        this.pools = pools;
        this.discovery = discovery;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateIdentityProvider", CreateIdentityProviderRequest.class, this::create);
        registry.signed("DescribeIdentityProvider", ProviderRequest.class, this::describe);
        registry.signed("UpdateIdentityProvider", UpdateIdentityProviderRequest.class, this::update);
        registry.signed("DeleteIdentityProvider", ProviderRequest.class, this::delete);
        registry.signed("ListIdentityProviders", ListIdentityProvidersRequest.class, this::list);
        registry.signed("GetIdentityProviderByIdentifier", ByIdentifierRequest.class, this::byIdentifier);
    }

    public record CreateIdentityProviderRequest(
            String userPoolId,
            String providerName,
            String providerType,
            Map<String, String> providerDetails,
            Map<String, String> attributeMapping,
            List<String> idpIdentifiers,
            Map<String, String> acrMapping) {}

    public record UpdateIdentityProviderRequest(
            String userPoolId,
            String providerName,
            Map<String, String> providerDetails,
            Map<String, String> attributeMapping,
            List<String> idpIdentifiers,
            Map<String, String> acrMapping) {}

    public record ProviderRequest(String userPoolId, String providerName) {}

    public record ListIdentityProvidersRequest(String userPoolId, Integer maxResults, String nextToken) {}

    public record ByIdentifierRequest(String userPoolId, String idpIdentifier) {}

    record IdentityProviderResponse(IdentityProviderView identityProvider) {}

    record ProviderDescription(String providerName, String providerType, Instant lastModifiedDate,
                               Instant creationDate) {}

    record ListIdentityProvidersResponse(List<ProviderDescription> providers, String nextToken) {}

    private Object create(CreateIdentityProviderRequest r, Caller caller) {
        String name = Validate.requiredString(r.providerName(), "providerName", 1, 32);
        Validate.pattern(name, "providerName", NEW_PROVIDER_NAME);
        Validate.required(r.providerType(), "providerType");
        Validate.oneOf(r.providerType(), "providerType", ProviderType.awsNames());
        ProviderType type = ProviderType.fromAwsName(r.providerType()).orElseThrow();
        Validate.required(r.providerDetails(), "providerDetails");
        List<String> identifiers = identifiers(r.idpIdentifiers());
        if (name.toLowerCase(Locale.ROOT).startsWith("cognito")) {
            throw AwsException.invalidParameter("ProviderName " + name
                    + " is reserved: names starting with Cognito belong to Cognito.");
        }
        UserPool pool = pools.existing(r.userPoolId());
        Map<String, String> details = details(type, r.providerDetails());
        Map<String, String> mapping = AttributeMappingRules.check(r.attributeMapping(), pool, type);
        OidcMetadata discovered = discover(type, details);
        Instant now = now();
        IdentityProvider provider = new IdentityProvider(pool.id(), name, type, ProviderSecrets.withoutSecrets(details),
                ProviderSecrets.of(details), mapping, identifiers, acrMapping(r.acrMapping()), now, now, discovered);
        try {
            providers.insert(provider);
        } catch (DuplicateKeyException e) {
            throw new AwsException("DuplicateProviderException",
                    "A provider with the name " + name + " already exists in this user pool.");
        } catch (IdentifierInUseException e) {
            throw identifierInUse(e);
        }
        return new IdentityProviderResponse(IdentityProviderView.of(provider));
    }

    private Object describe(ProviderRequest r, Caller caller) {
        return new IdentityProviderResponse(IdentityProviderView.of(existing(r.userPoolId(), r.providerName())));
    }

    /**
     * Members left out keep their values; a private key left out of new ProviderDetails is kept (it is never answered).
     * URL keys that only repeat what discovery filled in (a described provider sent back) are not taken as
     * explicit endpoints: the issuer is discovered again.
     */
    private Object update(UpdateIdentityProviderRequest r, Caller caller) {
        List<String> identifiers = r.idpIdentifiers() == null ? null : identifiers(r.idpIdentifiers());
        String name = providerName(r.providerName());
        UserPool pool = pools.existing(r.userPoolId());
        IdentityProvider old = existing(pool, name);
        Map<String, String> details = null;
        if (r.providerDetails() != null) {
            Map<String, String> given = new LinkedHashMap<>(r.providerDetails());
            if (!given.containsKey(ProviderSecrets.PRIVATE_KEY)) {
                old.secrets().privateKey().ifPresent(key -> given.put(ProviderSecrets.PRIVATE_KEY, key));
            }
            old.discoveredMetadata().ifPresent(filled -> IdentityProviderView.discoveredUrls(filled)
                    .forEach((key, value) -> given.remove(key, value)));
            details = details(old.type(), given);
        }
        Map<String, String> mapping = r.attributeMapping() == null ? old.attributeMapping()
                : AttributeMappingRules.check(r.attributeMapping(), pool, old.type());
        IdentityProvider updated = new IdentityProvider(old.poolId(), old.name(), old.type(),
                details == null ? old.details() : ProviderSecrets.withoutSecrets(details),
                details == null ? old.secrets() : ProviderSecrets.of(details),
                mapping, identifiers == null ? old.idpIdentifiers() : identifiers,
                r.acrMapping() == null ? old.acrMapping() : acrMapping(r.acrMapping()),
                old.creationDate(), now(), details == null ? old.discovered() : discover(old.type(), details));
        try {
            if (!providers.update(old, updated)) {
                throw providerNotFound(old.name());
            }
        } catch (IdentifierInUseException e) {
            throw identifierInUse(e);
        } catch (ConcurrentChangeException e) {
            throw new AwsException("ConcurrentModificationException", "Identity provider " + old.name()
                    + " was changed by another request while this one was being made; read it again and retry.");
        }
        return new IdentityProviderResponse(IdentityProviderView.of(updated));
    }

    private Object delete(ProviderRequest r, Caller caller) {
        IdentityProvider provider = existing(r.userPoolId(), r.providerName());
        if (!providers.delete(provider.poolId(), provider.name())) {
            throw providerNotFound(provider.name());
        }
        return Empty.INSTANCE;
    }

    private Object list(ListIdentityProvidersRequest r, Caller caller) {
        int max = r.maxResults() == null ? DEFAULT_MAX_RESULTS
                : Validate.range(r.maxResults(), "maxResults", 1, 60);
        Validate.length(r.nextToken(), "nextToken", 1, 131072);
        Validate.pattern(r.nextToken(), "nextToken", NEXT_TOKEN);
        UserPool pool = pools.existing(r.userPoolId());
        Page<ProviderSummary> page = providers.list(pool.id(), PageTokens.decode(r.nextToken()), max);
        return new ListIdentityProvidersResponse(page.items().stream()
                .map(p -> new ProviderDescription(p.name(), p.type().awsName(), p.lastModifiedDate(), p.creationDate()))
                .toList(), PageTokens.encode(page.next()));
    }

    private Object byIdentifier(ByIdentifierRequest r, Caller caller) {
        String identifier = Validate.requiredString(r.idpIdentifier(), "idpIdentifier", 1, 40);
        Validate.pattern(identifier, "idpIdentifier", IDP_IDENTIFIER);
        UserPool pool = pools.existing(r.userPoolId());
        return new IdentityProviderResponse(IdentityProviderView.of(providers.findByIdentifier(pool.id(), identifier)
                .orElseThrow(() -> AwsException.resourceNotFound(
                        "No identity provider has the identifier " + identifier + " in this user pool."))));
    }

    private IdentityProvider existing(String poolId, String providerName) {
        String name = providerName(providerName);
        return existing(pools.existing(poolId), name);
    }

    private IdentityProvider existing(UserPool pool, String providerName) {
        return providers.find(pool.id(), providerName).orElseThrow(() -> providerNotFound(providerName));
    }

    private static String providerName(String given) {
        Validate.requiredString(given, "providerName", 1, 32);
        return Validate.pattern(given, "providerName", PROVIDER_NAME);
    }

    private static Map<String, String> details(ProviderType type, Map<String, String> given) {
        try {
            return ProviderDetailRules.check(type, given);
        } catch (InvalidProviderDetailsException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }

    /** What the OIDC issuer's discovery document says, unless the endpoints are given explicitly. */
    private OidcMetadata discover(ProviderType type, Map<String, String> details) {
        if (type != ProviderType.OIDC) {
            return null;
        }
        OidcSettings settings = OidcSettings.parse(ProviderSecrets.withoutSecrets(details), ProviderSecrets.of(details));
        if (settings.givenEndpoints().isPresent()) {
            return null;
        }
        try {
            return discovery.discover(details.get(OidcSettings.OIDC_ISSUER));
        } catch (InvalidProviderDetailsException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }

    private static List<String> identifiers(List<String> given) {
        if (given == null) {
            return List.of();
        }
        Validate.size(given, "idpIdentifiers", 0, MAX_IDENTIFIERS);
        Set<String> seen = new HashSet<>();
        for (String identifier : given) {
            if (identifier == null) {
                throw Validate.violation("null", "idpIdentifiers.member", "Member must not be null");
            }
            Validate.length(identifier, "idpIdentifiers.member", 1, 40);
            Validate.pattern(identifier, "idpIdentifiers.member", IDP_IDENTIFIER);
            if (!seen.add(identifier)) {
                throw AwsException.invalidParameter("Duplicate identifiers: " + identifier + " is given twice.");
            }
        }
        return List.copyOf(given);
    }

    private static Map<String, String> acrMapping(Map<String, String> given) {
        if (given != null && given.values().stream().anyMatch(v -> v == null)) {
            throw Validate.violation("null", "acrMapping.value", "Member must not be null");
        }
        return given;
    }

    private static AwsException identifierInUse(IdentifierInUseException e) {
        return AwsException.invalidParameter("Duplicate identifiers: " + e.identifier()
                + " is already an identifier of another identity provider of this user pool.");
    }

    private static AwsException providerNotFound(String providerName) {
        return AwsException.resourceNotFound("Identity provider " + providerName + " does not exist.");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
