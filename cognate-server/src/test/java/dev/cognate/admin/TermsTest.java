package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TermsDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TermsEnforcementType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TermsExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TermsSourceType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TermsType;

/** CreateTerms, DescribeTerms, UpdateTerms, DeleteTerms, ListTerms as Terraform's aws_cognito_managed_login_terms uses them. */
@ParameterizedClass
@EnumSource(Backend.class)
class TermsTest {
    static final Map<String, String> LINKS = Map.of("cognito:default", "https://example.com/terms",
            "cognito:french", "https://example.com/fr/conditions");

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;

    @BeforeEach
    void createPoolAndClient() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("terms-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();
    }

    private TermsType createTermsOfUse() {
        return cognito.createTerms(r -> r.userPoolId(poolId).clientId(clientId).termsName("terms-of-use")
                .termsSource(TermsSourceType.LINK).enforcement(TermsEnforcementType.NONE).links(LINKS)).terms();
    }

    @Test
    void createdTermsAreDescribedByIdAndByClient() {
        TermsType created = createTermsOfUse();
        assertThat(created.termsId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(created.userPoolId()).isEqualTo(poolId);
        assertThat(created.clientId()).isEqualTo(clientId);
        assertThat(created.links()).isEqualTo(LINKS);
        assertThat(created.creationDate()).isNotNull();

        assertThat(cognito.describeTerms(r -> r.userPoolId(poolId).termsId(created.termsId())).terms()).isEqualTo(created);
        assertThat(cognito.describeTermsByClient(r -> r.userPoolId(poolId).clientId(clientId).termsName("terms-of-use"))
                .terms()).isEqualTo(created);
    }

    @Test
    void updateChangesTheLinksAndKeepsTheRest() {
        TermsType created = createTermsOfUse();

        TermsType updated = cognito.updateTerms(r -> r.userPoolId(poolId).termsId(created.termsId())
                .links(Map.of("cognito:default", "https://example.com/terms-v2"))).terms();

        assertThat(updated.links()).isEqualTo(Map.of("cognito:default", "https://example.com/terms-v2"));
        assertThat(updated.termsName()).isEqualTo("terms-of-use");
        assertThat(updated.creationDate()).isEqualTo(created.creationDate());
        assertThat(cognito.describeTerms(r -> r.userPoolId(poolId).termsId(created.termsId())).terms()).isEqualTo(updated);
    }

    @Test
    void aClientHasOneTermsOfEachName() {
        createTermsOfUse();

        assertThatThrownBy(this::createTermsOfUse).isInstanceOf(TermsExistsException.class);
        cognito.createTerms(r -> r.userPoolId(poolId).clientId(clientId).termsName("privacy-policy")
                .termsSource(TermsSourceType.LINK).enforcement(TermsEnforcementType.NONE).links(LINKS));
        assertThat(cognito.listTerms(r -> r.userPoolId(poolId)).terms()).extracting(TermsDescriptionType::termsName)
                .containsExactlyInAnyOrder("terms-of-use", "privacy-policy");
    }

    @Test
    void deletedTermsAreNotFound() {
        TermsType created = createTermsOfUse();

        cognito.deleteTerms(r -> r.userPoolId(poolId).termsId(created.termsId()));

        assertThatThrownBy(() -> cognito.describeTerms(r -> r.userPoolId(poolId).termsId(created.termsId())))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.deleteTerms(r -> r.userPoolId(poolId).termsId(created.termsId())))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void linksWithoutADefaultOrWithAnUnknownLanguageAreRefused() {
        assertThatThrownBy(() -> cognito.createTerms(r -> r.userPoolId(poolId).clientId(clientId).termsName("terms-of-use")
                .termsSource(TermsSourceType.LINK).enforcement(TermsEnforcementType.NONE)
                .links(Map.of("cognito:french", "https://example.com/fr")))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> cognito.createTerms(r -> r.userPoolId(poolId).clientId(clientId).termsName("terms-of-use")
                .termsSource(TermsSourceType.LINK).enforcement(TermsEnforcementType.NONE)
                .links(Map.of("cognito:default", "https://example.com", "cognito:klingon", "https://example.com/tlh"))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unknownClientIsNotFound() {
        assertThatThrownBy(() -> cognito.createTerms(r -> r.userPoolId(poolId).clientId("nosuchclient").termsName("terms-of-use")
                .termsSource(TermsSourceType.LINK).enforcement(TermsEnforcementType.NONE).links(LINKS)))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
