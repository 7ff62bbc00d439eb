package dev.cognate.admin.domains;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cognate.admin.AwsException;
import dev.cognate.admin.Caller;
import dev.cognate.admin.Empty;
import dev.cognate.admin.OperationFamily;
import dev.cognate.admin.OperationRegistry;
import dev.cognate.admin.Validate;
import dev.cognate.admin.pools.UserPoolOperations;
import dev.cognate.crypto.RandomIds;
import dev.cognate.domains.CustomDomainConfig;
import dev.cognate.domains.UserPoolDomain;
import dev.cognate.pools.UserPool;
import dev.cognate.store.DuplicateKeyException;
import dev.cognate.store.UserPoolDomainStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain. */
public final class UserPoolDomainOperations implements OperationFamily {
    static final String PREFIX_PATTERN = "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$";
    private static final Pattern PREFIX = Pattern.compile(PREFIX_PATTERN);
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?");
    private static final List<String> RESERVED_WORDS = List.of("aws", "amazon", "cognito");
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final int DEFAULT_MANAGED_LOGIN_VERSION = 1;

    private final UserPoolOperations pools;
    private final UserPoolDomainStore domains;
    private final Clock clock;

    public UserPoolDomainOperations(UserPoolOperations pools, UserPoolDomainStore domains, Clock clock) {
        this.pools = pools;
        this.domains = domains;
        this.clock = clock;
    }

    @Override
    public void registerWith(OperationRegistry registry) {
        registry.signed("CreateUserPoolDomain", DomainRequest.class, this::create);
        registry.signed("DescribeUserPoolDomain", DescribeUserPoolDomainRequest.class, this::describe);
        registry.signed("UpdateUserPoolDomain", DomainRequest.class, this::update);
        registry.signed("DeleteUserPoolDomain", DeleteUserPoolDomainRequest.class, this::delete);
    }

    /** CreateUserPoolDomain and UpdateUserPoolDomain take the same members. */
    public record DomainRequest(String domain, String userPoolId, Integer managedLoginVersion,
                                CustomDomainConfig customDomainConfig, JsonNode routing) {}

    public record DescribeUserPoolDomainRequest(String domain) {}

    public record DeleteUserPoolDomainRequest(String domain, String userPoolId) {}

    /** The answer of Create and UpdateUserPoolDomain; CloudFrontDomain only for custom domains. */
    public record DomainChangeResponse(Integer managedLoginVersion, String cloudFrontDomain, JsonNode routing) {}

    /** AWS DomainDescriptionType; all members absent ({@code {}}) when the domain does not exist. */
    public record DomainDescription(
            String userPoolId,
            @JsonProperty("AWSAccountId") String awsAccountId,
            String domain,
            @JsonProperty("S3Bucket") String s3Bucket,
            String cloudFrontDistribution,
            String version,
            String status,
            CustomDomainConfig customDomainConfig,
            Integer managedLoginVersion,
            JsonNode routing) {

        static final DomainDescription NONE = new DomainDescription(null, null, null, null, null, null, null, null,
                null, null);

        static DomainDescription of(UserPoolDomain d) {
            String region = d.userPoolId().substring(0, d.userPoolId().indexOf('_'));
            return new DomainDescription(d.userPoolId(), UserPool.ACCOUNT_ID, d.domain(),
                    "aws-cognito-prod-" + region + "-assets", d.cloudFrontDistribution(), d.version(), "ACTIVE",
                    d.customDomainConfig(), d.managedLoginVersion(), d.routing());
        }
    }

    public record DescribeUserPoolDomainResponse(DomainDescription domainDescription) {}

    private Object create(DomainRequest r, Caller caller) {
        String name = domainName(r.domain(), r.customDomainConfig());
        Integer version = managedLoginVersion(r.managedLoginVersion());
        UserPool pool = pools.existing(r.userPoolId());
        Instant now = clock.instant();
        UserPoolDomain domain = new UserPoolDomain(name, pool.id(), r.customDomainConfig(),
                version == null ? DEFAULT_MANAGED_LOGIN_VERSION : version, r.routing(), cloudFrontDistribution(),
                VERSION.format(now), now, now);
        refuseTaken(domain);
        try {
            domains.insert(domain);
        } catch (DuplicateKeyException e) {
            refuseTaken(domain);
            throw AwsException.invalidParameter("Domain already exists.");
        }
        return changeResponse(domain);
    }

    private Object describe(DescribeUserPoolDomainRequest r, Caller caller) {
        Validate.requiredString(r.domain(), "domain", 1, 253);
        // a domain of another region's pool is unknown here, as its pool is (AdminApi, region isolation)
        return new DescribeUserPoolDomainResponse(domains.find(r.domain())
                .filter(d -> caller.region() == null || d.userPoolId().startsWith(caller.region() + "_"))
                .map(DomainDescription::of)
                .orElse(DomainDescription.NONE));
    }

    private Object update(DomainRequest r, Caller caller) {
        Validate.requiredString(r.domain(), "domain", 1, 253);
        Integer version = managedLoginVersion(r.managedLoginVersion());
        if (r.customDomainConfig() != null) {
            certificateArn(r.customDomainConfig());
        }
        pools.existing(r.userPoolId());
        UserPoolDomain old = ofPool(r.userPoolId(), r.domain()).orElseThrow(UserPoolDomainOperations::noSuchDomain);
        if (!old.customDomain() && r.customDomainConfig() != null) {
            throw AwsException.invalidParameter("Domain " + old.domain()
                    + " is a prefix domain: CustomDomainConfig applies only to custom domains.");
        }
        Instant now = clock.instant();
        UserPoolDomain updated = new UserPoolDomain(old.domain(), old.userPoolId(),
                r.customDomainConfig() == null ? old.customDomainConfig() : r.customDomainConfig(),
                version == null ? old.managedLoginVersion() : version,
                r.routing() == null ? old.routing() : r.routing(), old.cloudFrontDistribution(),
                VERSION.format(now), old.creationDate(), now);
        if (!domains.update(updated)) {
            throw noSuchDomain();
        }
        return changeResponse(updated);
    }

    private Object delete(DeleteUserPoolDomainRequest r, Caller caller) {
        Validate.requiredString(r.domain(), "domain", 1, 253);
        pools.existing(r.userPoolId());
        if (!domains.delete(r.userPoolId(), r.domain())) {
            throw noSuchDomain();
        }
        return Empty.INSTANCE;
    }

    private Optional<UserPoolDomain> ofPool(String poolId, String domain) {
        return domains.find(domain).filter(d -> d.userPoolId().equals(poolId));
    }

    private void refuseTaken(UserPoolDomain wanted) {
        Optional<UserPoolDomain> existing = domains.find(wanted.domain());
        if (existing.isPresent()) {
            throw AwsException.invalidParameter(existing.get().userPoolId().equals(wanted.userPoolId())
                    ? "Domain already exists." : "Domain already associated with another user pool.");
        }
        boolean sameKind = domains.ofPool(wanted.userPoolId()).stream()
                .anyMatch(d -> d.customDomain() == wanted.customDomain());
        if (sameKind) {
            throw AwsException.invalidParameter("User pool already has a " + (wanted.customDomain() ? "custom" : "prefix")
                    + " domain configured.");
        }
    }

    private static DomainChangeResponse changeResponse(UserPoolDomain d) {
        return new DomainChangeResponse(d.managedLoginVersion(), d.customDomain() ? d.cloudFrontDistribution() : null,
                d.routing());
    }

    private static AwsException noSuchDomain() {
        return AwsException.invalidParameter("No such domain or user pool exists.");
    }

    /** A prefix ({@code my-app}) or, with a CustomDomainConfig, a fully qualified host name. */
    private static String domainName(String domain, CustomDomainConfig custom) {
        if (custom == null) {
            Validate.requiredString(domain, "domain", 1, 63);
            if (!PREFIX.matcher(domain).matches()) {
                throw AwsException.invalidParameter("The domain name contains an invalid character. Domain names can "
                        + "only contain lower-case letters, numbers, and hyphens. Please enter a different name that "
                        + "follows this format: " + PREFIX_PATTERN);
            }
            for (String word : RESERVED_WORDS) {
                if (domain.contains(word)) {
                    throw AwsException.invalidParameter("Domain cannot contain reserved word: " + word);
                }
            }
            return domain;
        }
        Validate.requiredString(domain, "domain", 1, 253);
        String host = domain.toLowerCase(Locale.ROOT);
        String[] labels = host.split("\\.", -1);
        boolean valid = labels.length >= 2 && host.equals(domain);
        for (String label : labels) {
            valid &= PREFIX.matcher(label).matches();
        }
        if (!valid) {
            throw AwsException.invalidParameter("The custom domain " + domain + " is not a valid fully qualified "
                    + "domain name in lower case (for example auth.example.com).");
        }
        certificateArn(custom);
        return domain;
    }

    private static void certificateArn(CustomDomainConfig custom) {
        Validate.requiredString(custom.certificateArn(), "customDomainConfig.certificateArn", 20, 2048);
        Validate.pattern(custom.certificateArn(), "customDomainConfig.certificateArn", CERTIFICATE_ARN);
        Validate.oneOf(custom.securityPolicy(), "customDomainConfig.securityPolicy",
                List.of("TLS_V1", "TLS_V1_2_2021", "TLS_V1_3_2025"));
    }

    private static Integer managedLoginVersion(Integer version) {
        return Validate.range(version, "managedLoginVersion", 1, 2);
    }

    private static String cloudFrontDistribution() {
        return "d" + RandomIds.alphanumeric(13).toLowerCase(Locale.ROOT) + ".cloudfront.net";
    }
}
