package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolDomainResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DomainDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DomainStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UpdateUserPoolDomainResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

@ParameterizedClass
@EnumSource(Backend.class)
class DomainsTest {
    static final String CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555";
    static final String OTHER_CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/66666666-7777-8888-9999-000000000000";

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;

    @BeforeEach
    void createPool() {
        cognito = TestServer.shared(backend).client();
        poolId = newPool();
    }

    private String newPool() {
        return cognito.createUserPool(r -> r.poolName("domains-" + suffix())).userPool().id();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String uniquePrefix() {
        return "my-app-" + suffix();
    }

    private static String uniqueHost() {
        return "auth-" + suffix() + ".example.com";
    }

    @Test
    void prefixDomainIsDescribedAndReportedByDescribeUserPool() {
        String prefix = uniquePrefix();
        CreateUserPoolDomainResponse created = cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        assertThat(created.cloudFrontDomain()).isNull();
        assertThat(created.managedLoginVersion()).isEqualTo(1);

        DomainDescriptionType description = cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription();
        assertThat(description.userPoolId()).isEqualTo(poolId);
        assertThat(description.awsAccountId()).isEqualTo("000000000000");
        assertThat(description.domain()).isEqualTo(prefix);
        assertThat(description.status()).isEqualTo(DomainStatusType.ACTIVE);
        assertThat(description.s3Bucket()).isNotBlank();
        assertThat(description.cloudFrontDistribution()).endsWith(".cloudfront.net");
        assertThat(description.version()).isNotBlank();
        assertThat(description.customDomainConfig()).isNull();

        UserPoolType pool = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertThat(pool.domain()).isEqualTo(prefix);
        assertThat(pool.customDomain()).isNull();
    }

    @Test
    void domainOfAUsEast1PoolIsUnknownToARequestSignedForEuWest1() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        var eu = TestServer.shared(backend).client(software.amazon.awssdk.regions.Region.EU_WEST_1,
                TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY);

        DomainDescriptionType description = eu.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription();

        assertThat(description.userPoolId()).isNull();
        assertThat(description.domain()).isNull();
    }

    @Test
    void unknownDomainIsDescribedAsAnEmptyDescription() {
        DomainDescriptionType description = cognito.describeUserPoolDomain(r -> r.domain(uniquePrefix())).domainDescription();
        assertThat(description).isNotNull();
        assertThat(description.domain()).isNull();
        assertThat(description.userPoolId()).isNull();
        var raw = dev.cognate.testing.RawAdminRequest.to(TestServer.shared(backend), "DescribeUserPoolDomain")
                .body("{\"Domain\":\"" + uniquePrefix() + "\"}").send();
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo("{\"DomainDescription\":{}}");
    }

    @Test
    void describeRefusesAMissingDomainMember() {
        assertThatThrownBy(() -> cognito.describeUserPoolDomain(r -> { }))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'domain'");
    }

    @Test
    void domainNamesAreUniqueAcrossPools() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Domain already exists.");
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(otherPool).domain(prefix)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Domain already associated with another user pool.");
    }

    @Test
    void aPoolHasAtMostOnePrefixDomain() {
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(uniquePrefix()));
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(uniquePrefix())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("already has a prefix domain");
    }

    @Test
    void malformedPrefixesAreRefusedWithCognitosPattern() {
        for (String bad : new String[] {"My-App", "-leading", "trailing-", "under_score", "dot.ted", "x".repeat(64)}) {
            assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(bad)))
                    .as(bad)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining(bad.length() > 63 ? "'domain'" : "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$");
        }
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain("my-cognito-login")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("reserved word: cognito");
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'domain'");
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(uniquePrefix()).managedLoginVersion(3)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("managedLoginVersion");
    }

    @Test
    void createOnAMissingPoolIsNotFound() {
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId("us-east-1_Missing00").domain(uniquePrefix())))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User pool us-east-1_Missing00 does not exist.");
    }

    @Test
    void customDomainKeepsItsCertificateAndAnswersACloudFrontDomain() {
        String host = uniqueHost();
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        CreateUserPoolDomainResponse created = cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(host)
                .managedLoginVersion(2).customDomainConfig(c -> c.certificateArn(CERTIFICATE)));
        assertThat(created.cloudFrontDomain()).matches("d[a-z0-9]{13}\\.cloudfront\\.net");
        assertThat(created.managedLoginVersion()).isEqualTo(2);

        DomainDescriptionType description = cognito.describeUserPoolDomain(r -> r.domain(host)).domainDescription();
        assertThat(description.customDomainConfig().certificateArn()).isEqualTo(CERTIFICATE);
        assertThat(description.cloudFrontDistribution()).isEqualTo(created.cloudFrontDomain());
        assertThat(description.managedLoginVersion()).isEqualTo(2);

        UserPoolType pool = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertThat(pool.domain()).isEqualTo(prefix);
        assertThat(pool.customDomain()).isEqualTo(host);
    }

    @Test
    void customDomainNeedsAHostNameAndACertificateArn() {
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain("not a host")
                .customDomainConfig(c -> c.certificateArn(CERTIFICATE))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("fully qualified");
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(uniqueHost())
                .customDomainConfig(c -> c.certificateArn("not-an-arn-at-all-really"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("certificateArn");
        assertThatThrownBy(() -> cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(uniqueHost())
                .customDomainConfig(c -> { })))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("certificateArn");
    }

    @Test
    void updateReplacesTheCertificateAndManagedLoginVersion() {
        String host = uniqueHost();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(host).customDomainConfig(c -> c.certificateArn(CERTIFICATE)));
        UpdateUserPoolDomainResponse updated = cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(host)
                .managedLoginVersion(2).customDomainConfig(c -> c.certificateArn(OTHER_CERTIFICATE)));
        assertThat(updated.managedLoginVersion()).isEqualTo(2);
        assertThat(updated.cloudFrontDomain()).endsWith(".cloudfront.net");
        DomainDescriptionType description = cognito.describeUserPoolDomain(r -> r.domain(host)).domainDescription();
        assertThat(description.customDomainConfig().certificateArn()).isEqualTo(OTHER_CERTIFICATE);
        assertThat(description.managedLoginVersion()).isEqualTo(2);
    }

    @Test
    void updateOfAPrefixDomainChangesTheManagedLoginVersionOnly() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix).managedLoginVersion(2));
        assertThat(cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription().managedLoginVersion()).isEqualTo(2);
        assertThatThrownBy(() -> cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix)
                .customDomainConfig(c -> c.certificateArn(CERTIFICATE))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("prefix domain");
    }

    @Test
    void updateOfAnotherPoolsOrAnUnknownDomainIsRefused() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.updateUserPoolDomain(r -> r.userPoolId(otherPool).domain(prefix).managedLoginVersion(2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No such domain or user pool exists.");
        assertThatThrownBy(() -> cognito.updateUserPoolDomain(r -> r.userPoolId(poolId).domain(uniquePrefix()).managedLoginVersion(2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No such domain or user pool exists.");
        assertThatThrownBy(() -> cognito.updateUserPoolDomain(r -> r.userPoolId("us-east-1_Missing00").domain(prefix)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deleteNeedsTheOwningPoolAndFreesTheName() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        String otherPool = newPool();
        assertThatThrownBy(() -> cognito.deleteUserPoolDomain(r -> r.userPoolId(otherPool).domain(prefix)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No such domain or user pool exists.");
        assertThatThrownBy(() -> cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'domain'");

        cognito.deleteUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        assertThat(cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription().domain()).isNull();
        assertThat(cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool().domain()).isNull();
        cognito.createUserPoolDomain(r -> r.userPoolId(otherPool).domain(prefix));
        assertThat(cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription().userPoolId()).isEqualTo(otherPool);
    }

    @Test
    void deletingThePoolFreesItsDomain() {
        String prefix = uniquePrefix();
        cognito.createUserPoolDomain(r -> r.userPoolId(poolId).domain(prefix));
        cognito.deleteUserPool(r -> r.userPoolId(poolId));
        assertThat(cognito.describeUserPoolDomain(r -> r.domain(prefix)).domainDescription().domain()).isNull();
    }
}
