package dev.cognate.admin.terms;

import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.PageTokens;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.pools.Terms;
import dev.cognate.pools.UserPool;
import dev.cognate.store.AppClientStore;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.Page;
import dev.cognate.store.TermsStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * CreateTerms, DescribeTerms, DescribeTermsByClient, UpdateTerms, DeleteTerms, ListTerms: an app
 * client's terms of use and privacy policy links for managed login (Terraform's
 * aws_cognito_managed_login_terms). Kept and answered; the hosted pages do not show them yet.
 */
public final class TermsOperations implements OperationFamily {
    private static final List<String> NAMES = List.of("terms-of-use", "privacy-policy");
    private static final Pattern LINK_KEY = Pattern.compile("cognito:(default|english|french|spanish|german|bahasa-indonesia"
            + "|italian|japanese|korean|portuguese-brazil|chinese-(simplified|traditional))");
    private static final Pattern LINK_VALUE = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    private static final Pattern TERMS_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

    private final UserPoolOperations pools;
    private final AppClientStore clients;
    private final TermsStore terms;
    private final Clock clock;

    public TermsOperations(UserPoolOperations pools, AppClientStore clients, TermsStore terms, Clock clock) {
        this.pools = pools;
        this.clients = clients;
        this.terms = terms;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateTerms", CreateTermsRequest.class, this::create);
        registry.signed("DescribeTerms", TermsIdRequest.class, this::describe);
        registry.signed("DescribeTermsByClient", DescribeTermsByClientRequest.class, this::describeByClient);
        registry.signed("UpdateTerms", UpdateTermsRequest.class, this::update);
        registry.signed("DeleteTerms", TermsIdRequest.class, this::delete);
        registry.signed("ListTerms", ListTermsRequest.class, this::list);
    }

    public record CreateTermsRequest(String userPoolId, String clientId, String termsName, String termsSource,
                                     String enforcement, Map<String, String> links) {}

    public record TermsIdRequest(String termsId, String userPoolId) {}

    public record DescribeTermsByClientRequest(String clientId, String userPoolId, String termsName) {}

    public record UpdateTermsRequest(String termsId, String userPoolId, String termsName, String termsSource,
                                     String enforcement, Map<String, String> links) {}

    public record ListTermsRequest(String userPoolId, Integer maxResults, String nextToken) {}

    public record TermsResponse(Terms terms) {}

    public record TermsDescription(String termsId, String termsName, String enforcement, Instant creationDate,
                                   Instant lastModifiedDate) {}

    public record ListTermsResponse(List<TermsDescription> terms, String nextToken) {}

    private Object create(CreateTermsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = Validate.requiredString(r.clientId(), "clientId", 1, 128);
        if (clients.find(pool.id(), clientId).isEmpty()) {
            throw AwsException.resourceNotFound("User pool client " + clientId + " does not exist.");
        }
        Instant now = clock.instant();
        Terms created = new Terms(UUID.randomUUID().toString(), pool.id(), clientId,
                name(Validate.required(r.termsName(), "termsName")), source(Validate.required(r.termsSource(), "termsSource")),
                enforcement(Validate.required(r.enforcement(), "enforcement")), links(r.links()), now, now);
        try {
            terms.insert(created);
        } catch (DuplicateKeyException e) {
            throw exists(created);
        }
        return new TermsResponse(created);
    }

    private Object describe(TermsIdRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        return new TermsResponse(existing(pool, r.termsId()));
    }

    private Object describeByClient(DescribeTermsByClientRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String clientId = Validate.requiredString(r.clientId(), "clientId", 1, 128);
        String name = r.termsName() == null ? NAMES.getFirst() : name(r.termsName());
        return new TermsResponse(terms.findByClient(pool.id(), clientId, name).orElseThrow(
                () -> AwsException.resourceNotFound("Client " + clientId + " has no " + name + " terms.")));
    }

    /** Members left out keep their values. */
    private Object update(UpdateTermsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        Terms old = existing(pool, r.termsId());
        Terms updated = new Terms(old.termsId(), old.userPoolId(), old.clientId(),
                r.termsName() == null ? old.termsName() : name(r.termsName()),
                r.termsSource() == null ? old.termsSource() : source(r.termsSource()),
                r.enforcement() == null ? old.enforcement() : enforcement(r.enforcement()),
                r.links() == null ? old.links() : links(r.links()), old.creationDate(), clock.instant());
        try {
            if (!terms.update(updated)) {
                throw notFound(old.termsId());
            }
        } catch (DuplicateKeyException e) {
            throw exists(updated);
        }
        return new TermsResponse(updated);
    }

    private Object delete(TermsIdRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        String id = termsId(r.termsId());
        if (!terms.delete(pool.id(), id)) {
            throw notFound(id);
        }
        return Empty.INSTANCE;
    }

    private Object list(ListTermsRequest r, Caller caller) {
        UserPool pool = pools.existing(r.userPoolId());
        int max = r.maxResults() == null ? 60 : Validate.range(r.maxResults(), "maxResults", 0, 60);
        Page<Terms> page = terms.list(pool.id(), PageTokens.decode(r.nextToken()), Math.max(max, 1));
        return new ListTermsResponse(page.items().stream()
                .map(t -> new TermsDescription(t.termsId(), t.termsName(), t.enforcement(), t.creationDate(), t.lastModifiedDate()))
                .toList(), PageTokens.encode(page.next()));
    }

    private Terms existing(UserPool pool, String termsId) {
        String id = termsId(termsId);
        return terms.find(pool.id(), id).orElseThrow(() -> notFound(id));
    }

    private static String termsId(String termsId) {
        return Validate.pattern(Validate.required(termsId, "termsId"), "termsId", TERMS_ID);
    }

    private static String name(String name) {
        if (!NAMES.contains(name)) {
            throw Validate.violation("'" + name + "'", "termsName",
                    "Member must satisfy regular expression pattern: ^(terms-of-use|privacy-policy)$");
        }
        return name;
    }

    private static String source(String source) {
        return Validate.oneOf(source, "termsSource", List.of("LINK"));
    }

    private static String enforcement(String enforcement) {
        return Validate.oneOf(enforcement, "enforcement", List.of("NONE"));
    }

    private static Map<String, String> links(Map<String, String> links) {
        if (links == null || links.isEmpty() || links.size() > 12) {
            throw Validate.violation(links == null ? "null" : "'" + links.keySet() + "'", "links",
                    "Member must have between 1 and 12 entries");
        }
        links.forEach((key, value) -> {
            Validate.pattern(key, "links.key", LINK_KEY);
            Validate.pattern(Validate.requiredString(value, "links.value", 1, 1024), "links.value", LINK_VALUE);
        });
        if (!links.containsKey("cognito:default")) {
            throw AwsException.invalidParameter("Links must include a cognito:default link.");
        }
        return Map.copyOf(links);
    }

    private static AwsException exists(Terms t) {
        return new AwsException("TermsExistsException",
                "Client " + t.clientId() + " already has " + t.termsName() + " terms.");
    }

    private static AwsException notFound(String termsId) {
        return AwsException.resourceNotFound("Terms " + termsId + " do not exist.");
    }
}
