package dev.cognate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.admin.AwsJson;
import dev.cognate.pools.LogConfiguration;
import dev.cognate.pools.ManagedLoginBranding;
import dev.cognate.pools.MfaFactors;
import dev.cognate.pools.RiskConfiguration;
import dev.cognate.pools.Terms;
import dev.cognate.pools.UiCustomization;
import dev.cognate.store.jdbc.JdbcLogDeliveryStore;
import dev.cognate.store.jdbc.JdbcManagedLoginBrandingStore;
import dev.cognate.store.jdbc.JdbcMfaFactorStore;
import dev.cognate.store.jdbc.JdbcRiskConfigurationStore;
import dev.cognate.store.jdbc.JdbcTermsStore;
import dev.cognate.store.jdbc.JdbcUiCustomizationStore;
import dev.cognate.store.jdbc.JdbcUserPoolStore;
import dev.cognate.testing.Backend;
import dev.cognate.testing.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The settings kept per pool (MFA factors, UI customizations, risk configurations, log destinations, terms, branding styles), on both backends. */
@ParameterizedClass
@EnumSource(Backend.class)
class PoolSettingsStoreConformanceTest {
    static final String POOL = "us-east-1_AAAAAAAAA";
    static final String OTHER_POOL = "us-east-1_BBBBBBBBB";

    @Parameter
    Backend backend;

    Database database;
    UserPoolStore pools;
    MfaFactorStore mfa;
    UiCustomizationStore ui;
    RiskConfigurationStore risk;
    LogDeliveryStore logs;
    TermsStore terms;
    ManagedLoginBrandingStore brandings;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void open() {
        database = TestDatabases.fresh(backend);
        pools = new JdbcUserPoolStore(database.jdbi());
        mfa = new JdbcMfaFactorStore(database.jdbi());
        ui = new JdbcUiCustomizationStore(database.jdbi());
        risk = new JdbcRiskConfigurationStore(database.jdbi());
        logs = new JdbcLogDeliveryStore(database.jdbi());
        terms = new JdbcTermsStore(database.jdbi());
        brandings = new JdbcManagedLoginBrandingStore(database.jdbi());
        pools.insert(UserPoolStoreConformanceTest.pool(POOL, "one"));
        pools.insert(UserPoolStoreConformanceTest.pool(OTHER_POOL, "two"));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void mfaFactorsReadBackEqualAndAPutReplacesThem() {
        MfaFactors token = new MfaFactors(null, new MfaFactors.SoftwareTokenMfaConfiguration(true), null, null);
        MfaFactors sms = new MfaFactors(new MfaFactors.SmsMfaConfiguration("Code {####}",
                new MfaFactors.SmsConfiguration("arn:aws:iam::000000000000:role/sns", "ext", null)), null,
                new MfaFactors.EmailMfaConfiguration("Code {####}", "Code"), null);

        mfa.put(POOL, token);
        assertThat(mfa.find(POOL)).contains(token);
        assertThat(mfa.find(OTHER_POOL)).isEmpty();

        mfa.put(POOL, sms);
        assertThat(mfa.find(POOL)).contains(sms);
    }

    @Test
    void uiCustomizationsAreKeptPerClientAndReplacedAndDeleted() {
        UiCustomization all = new UiCustomization(POOL, UiCustomization.ALL_CLIENTS, ".a {}", "1", "iVBORw0KGgo=", now, now);
        UiCustomization client = new UiCustomization(POOL, "client1", ".b {}", "2", null, now, now);
        ui.put(all);
        ui.put(client);
        assertThat(ui.find(POOL, UiCustomization.ALL_CLIENTS)).contains(all);
        assertThat(ui.find(POOL, "client1")).contains(client);
        assertThat(ui.find(OTHER_POOL, "client1")).isEmpty();

        UiCustomization changed = new UiCustomization(POOL, "client1", ".c {}", "3", null, now, now.plusSeconds(1));
        ui.put(changed);
        assertThat(ui.find(POOL, "client1")).contains(changed);

        ui.delete(POOL, "client1");
        assertThat(ui.find(POOL, "client1")).isEmpty();
        assertThat(ui.find(POOL, UiCustomization.ALL_CLIENTS)).contains(all);
    }

    @Test
    void riskConfigurationsAreKeptPerClientAndDeleted() {
        RiskConfiguration config = new RiskConfiguration(POOL, RiskConfiguration.ALL_CLIENTS, null, null,
                AwsJson.MAPPER.createObjectNode().set("BlockedIPRangeList", AwsJson.MAPPER.createArrayNode().add("10.0.0.0/8")),
                now);
        risk.put(config);
        assertThat(risk.find(POOL, RiskConfiguration.ALL_CLIENTS)).contains(config);
        assertThat(risk.find(POOL, "client1")).isEmpty();

        risk.delete(POOL, RiskConfiguration.ALL_CLIENTS);
        assertThat(risk.find(POOL, RiskConfiguration.ALL_CLIENTS)).isEmpty();
    }

    @Test
    void logDestinationsReadBackInOrderAndNoneWhenUnset() {
        List<LogConfiguration> destinations = List.of(
                new LogConfiguration("ERROR", "userNotification",
                        new LogConfiguration.CloudWatchLogsConfiguration("arn:aws:logs:us-east-1:000000000000:log-group:x"), null, null),
                new LogConfiguration("INFO", "userAuthEvents", null, new LogConfiguration.S3Configuration("arn:aws:s3:::b"), null));
        assertThat(logs.find(POOL)).isEmpty();

        logs.put(POOL, destinations);
        assertThat(logs.find(POOL)).isEqualTo(destinations);

        logs.put(POOL, List.of());
        assertThat(logs.find(POOL)).isEmpty();
    }

    Terms terms(String id, String client, String name) {
        return new Terms(id, POOL, client, name, "LINK", "NONE", Map.of("cognito:default", "https://example.com/" + name), now, now);
    }

    @Test
    void termsAreOneOfEachNamePerClientAndPageInIdOrder() {
        Terms use = terms("00000000-0000-4000-8000-000000000001", "client1", "terms-of-use");
        Terms privacy = terms("00000000-0000-4000-8000-000000000002", "client1", "privacy-policy");
        terms.insert(use);
        terms.insert(privacy);
        assertThat(terms.find(POOL, use.termsId())).contains(use);
        assertThat(terms.findByClient(POOL, "client1", "privacy-policy")).contains(privacy);
        assertThat(terms.find(OTHER_POOL, use.termsId())).isEmpty();

        assertThatThrownBy(() -> terms.insert(terms("00000000-0000-4000-8000-000000000003", "client1", "terms-of-use")))
                .isInstanceOf(DuplicateKeyException.class);
        assertThatThrownBy(() -> terms.update(terms(privacy.termsId(), "client1", "terms-of-use")))
                .isInstanceOf(DuplicateKeyException.class);

        Page<Terms> first = terms.list(POOL, null, 1);
        assertThat(first.items()).containsExactly(use);
        assertThat(terms.list(POOL, first.next(), 1).items()).containsExactly(privacy);

        assertThat(terms.delete(POOL, use.termsId())).isTrue();
        assertThat(terms.delete(POOL, use.termsId())).isFalse();
        assertThat(terms.update(use)).isFalse();
    }

    ManagedLoginBranding branding(String id, String client) {
        return new ManagedLoginBranding(id, POOL, client, false,
                AwsJson.MAPPER.createObjectNode().put("categories", "x"), AwsJson.MAPPER.createArrayNode(), now, now);
    }

    @Test
    void brandingStylesAreOnePerClientAndFoundByIdOrClient() {
        ManagedLoginBranding style = branding("00000000-0000-4000-8000-00000000000a", "client1");
        brandings.insert(style);
        assertThat(brandings.find(POOL, style.managedLoginBrandingId())).contains(style);
        assertThat(brandings.findByClient(POOL, "client1")).contains(style);
        assertThat(brandings.findByClient(OTHER_POOL, "client1")).isEmpty();

        assertThatThrownBy(() -> brandings.insert(branding("00000000-0000-4000-8000-00000000000b", "client1")))
                .isInstanceOf(DuplicateKeyException.class);

        ManagedLoginBranding plain = new ManagedLoginBranding(style.managedLoginBrandingId(), POOL, "client1", true,
                null, null, now, now.plusSeconds(1));
        assertThat(brandings.update(plain)).isTrue();
        assertThat(brandings.find(POOL, style.managedLoginBrandingId())).contains(plain);
        assertThat(brandings.delete(POOL, style.managedLoginBrandingId())).isTrue();
        assertThat(brandings.delete(POOL, style.managedLoginBrandingId())).isFalse();
        assertThat(brandings.update(plain)).isFalse();
    }

    @Test
    void deletingThePoolDeletesItsSettings() {
        mfa.put(POOL, new MfaFactors(null, new MfaFactors.SoftwareTokenMfaConfiguration(true), null, null));
        ui.put(new UiCustomization(POOL, UiCustomization.ALL_CLIENTS, ".a {}", "1", null, now, now));
        risk.put(new RiskConfiguration(POOL, RiskConfiguration.ALL_CLIENTS, null, null, AwsJson.MAPPER.createObjectNode(), now));
        logs.put(POOL, List.of(new LogConfiguration("INFO", "userAuthEvents", null, new LogConfiguration.S3Configuration("arn:aws:s3:::b"), null)));
        terms.insert(terms("00000000-0000-4000-8000-000000000001", "client1", "terms-of-use"));
        brandings.insert(branding("00000000-0000-4000-8000-00000000000a", "client1"));

        pools.delete(POOL);

        assertThat(mfa.find(POOL)).isEmpty();
        assertThat(ui.find(POOL, UiCustomization.ALL_CLIENTS)).isEmpty();
        assertThat(risk.find(POOL, RiskConfiguration.ALL_CLIENTS)).isEmpty();
        assertThat(logs.find(POOL)).isEmpty();
        assertThat(terms.find(POOL, "00000000-0000-4000-8000-000000000001")).isEmpty();
        assertThat(brandings.findByClient(POOL, "client1")).isEmpty();
    }
}
