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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssetCategoryType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssetExtensionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AssetType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ColorSchemeModeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ManagedLoginBrandingExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ManagedLoginBrandingType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;

/** The managed login branding operations as Terraform's aws_cognito_managed_login_branding uses them. */
@ParameterizedClass
@EnumSource(Backend.class)
class ManagedLoginBrandingTest {
    static final Document SETTINGS = Document.mapBuilder()
            .putDocument("components", Document.mapBuilder()
                    .putDocument("pageBackground", Document.mapBuilder().putString("image", "enabled").build()).build())
            .build();
    static final AssetType LIGHT_LOGO = AssetType.builder().category(AssetCategoryType.FORM_LOGO)
            .colorMode(ColorSchemeModeType.LIGHT).extension(AssetExtensionType.PNG)
            .bytes(SdkBytes.fromByteArray(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).build();

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;

    @BeforeEach
    void createPoolAndClient() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("brand-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();
    }

    private ManagedLoginBrandingType create() {
        return cognito.createManagedLoginBranding(r -> r.userPoolId(poolId).clientId(clientId).settings(SETTINGS)
                .assets(LIGHT_LOGO)).managedLoginBranding();
    }

    @Test
    void createdStyleIsDescribedByIdAndByClient() {
        ManagedLoginBrandingType created = create();
        assertThat(created.managedLoginBrandingId()).matches("[0-9a-f-]{36}");
        assertThat(created.useCognitoProvidedValues()).isFalse();
        assertThat(created.settings()).isEqualTo(SETTINGS);
        assertThat(created.assets()).containsExactly(LIGHT_LOGO);

        assertThat(cognito.describeManagedLoginBranding(r -> r.userPoolId(poolId)
                .managedLoginBrandingId(created.managedLoginBrandingId()).returnMergedResources(true))
                .managedLoginBranding()).isEqualTo(created);
        assertThat(cognito.describeManagedLoginBrandingByClient(r -> r.userPoolId(poolId).clientId(clientId))
                .managedLoginBranding()).isEqualTo(created);
    }

    @Test
    void aStyleWithoutSettingsUsesCognitosValues() {
        ManagedLoginBrandingType created = cognito.createManagedLoginBranding(r -> r.userPoolId(poolId).clientId(clientId)
                .useCognitoProvidedValues(true)).managedLoginBranding();

        assertThat(created.useCognitoProvidedValues()).isTrue();
        assertThat(created.settings()).isNull();
    }

    @Test
    void cognitoValuesTogetherWithSettingsAreRefused() {
        assertThatThrownBy(() -> cognito.createManagedLoginBranding(r -> r.userPoolId(poolId).clientId(clientId)
                .useCognitoProvidedValues(true).settings(SETTINGS)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aClientHasOneStyle() {
        create();

        assertThatThrownBy(this::create).isInstanceOf(ManagedLoginBrandingExistsException.class);
    }

    @Test
    void updateReplacesTheAssetOfTheSameCategoryAndColorModeAndAddsOthers() {
        ManagedLoginBrandingType created = create();
        AssetType newLightLogo = LIGHT_LOGO.toBuilder().extension(AssetExtensionType.SVG)
                .bytes(SdkBytes.fromUtf8String("<svg/>")).build();
        AssetType darkLogo = LIGHT_LOGO.toBuilder().colorMode(ColorSchemeModeType.DARK).build();

        ManagedLoginBrandingType updated = cognito.updateManagedLoginBranding(r -> r.userPoolId(poolId)
                .managedLoginBrandingId(created.managedLoginBrandingId()).assets(newLightLogo, darkLogo)).managedLoginBranding();

        assertThat(updated.assets()).containsExactly(newLightLogo, darkLogo);
        assertThat(updated.settings()).isEqualTo(SETTINGS);
        assertThat(updated.creationDate()).isEqualTo(created.creationDate());
    }

    @Test
    void deletedStyleIsNotFound() {
        ManagedLoginBrandingType created = create();

        cognito.deleteManagedLoginBranding(r -> r.userPoolId(poolId).managedLoginBrandingId(created.managedLoginBrandingId()));

        assertThatThrownBy(() -> cognito.describeManagedLoginBranding(r -> r.userPoolId(poolId)
                .managedLoginBrandingId(created.managedLoginBrandingId()))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.describeManagedLoginBrandingByClient(r -> r.userPoolId(poolId).clientId(clientId)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void unknownClientIsNotFound() {
        assertThatThrownBy(() -> cognito.createManagedLoginBranding(r -> r.userPoolId(poolId).clientId("nosuchclient")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
