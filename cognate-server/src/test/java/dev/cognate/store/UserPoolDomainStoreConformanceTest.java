package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.domains.CustomDomainConfig;
import dev.cognate.domains.UserPoolDomain;
import dev.cognate.store.jdbc.JdbcUserPoolDomainStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class UserPoolDomainStoreConformanceTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String OTHER_POOL = "us-east-1_BBBBBBBBB";

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    UserPoolDomainStore domains;

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        domains = new JdbcUserPoolDomainStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    static UserPoolDomain prefix(String poolId, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new UserPoolDomain(name, poolId, null, 1, null, "d123.cloudfront.net", "1", now, now);
    }

    static UserPoolDomain custom(String poolId, String name, String certificateArn) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new UserPoolDomain(name, poolId, new CustomDomainConfig(certificateArn, null), 2, null,
                "d456.cloudfront.net", "1", now, now);
    }

    @Test
    void insertedDomainIsFoundByNameAndByPool() {
        UserPoolDomain domain = prefix(POOL, "my-app");
        domains.insert(domain);
        assertThat(domains.find("my-app")).contains(domain);
        assertThat(domains.ofPool(POOL)).containsExactly(domain);
        assertThat(domains.ofPool(OTHER_POOL)).isEmpty();
        assertThat(domains.find("other")).isEmpty();
    }

    @Test
    void domainNamesAreUniqueAcrossPools() {
        domains.insert(prefix(POOL, "my-app"));
        assertThatThrownBy(() -> domains.insert(prefix(OTHER_POOL, "my-app"))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aPoolHasOnePrefixDomainAndOneCustomDomain() {
        domains.insert(prefix(POOL, "my-app"));
        assertThatThrownBy(() -> domains.insert(prefix(POOL, "my-app-2"))).isInstanceOf(DuplicateKeyException.class);
        UserPoolDomain custom = custom(POOL, "auth.example.com", "arn:aws:acm:us-east-1:000000000000:certificate/x");
        domains.insert(custom);
        assertThatThrownBy(() -> domains.insert(custom(POOL, "login.example.com", "arn:x")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(domains.ofPool(POOL)).extracting(UserPoolDomain::domain).containsExactly("my-app", "auth.example.com");
    }

    @Test
    void updateReplacesTheDocumentOfTheSameDomainInItsPool() {
        UserPoolDomain domain = custom(POOL, "auth.example.com", "arn:one");
        assertThat(domains.update(domain)).isFalse();
        domains.insert(domain);
        UserPoolDomain renewed = custom(POOL, "auth.example.com", "arn:two");
        assertThat(domains.update(renewed)).isTrue();
        assertThat(domains.find("auth.example.com")).map(d -> d.customDomainConfig().certificateArn()).contains("arn:two");
        assertThat(domains.update(custom(OTHER_POOL, "auth.example.com", "arn:three"))).isFalse();
    }

    @Test
    void deleteNeedsTheOwningPool() {
        domains.insert(prefix(POOL, "my-app"));
        assertThat(domains.delete(OTHER_POOL, "my-app")).isFalse();
        assertThat(domains.delete(POOL, "my-app")).isTrue();
        assertThat(domains.delete(POOL, "my-app")).isFalse();
        assertThat(domains.find("my-app")).isEmpty();
    }

    @Test
    void deletingThePoolFreesItsDomains() {
        domains.insert(prefix(POOL, "my-app"));
        pools.delete(POOL);
        assertThat(domains.find("my-app")).isEmpty();
        domains.insert(prefix(OTHER_POOL, "my-app"));
        assertThat(domains.find("my-app")).map(UserPoolDomain::userPoolId).contains(OTHER_POOL);
    }
}
