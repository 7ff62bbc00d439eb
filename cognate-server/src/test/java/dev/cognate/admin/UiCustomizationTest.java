package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UICustomizationType;

/** GetUICustomization / SetUICustomization as Terraform's aws_cognito_user_pool_ui_customization uses them. */
@ParameterizedClass
@EnumSource(Backend.class)
class UiCustomizationTest {
    static final String CSS = ".label-customizable {font-weight: 400;}";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

    @Parameter
    Backend backend;

    CognitoIdentityProviderClient cognito;
    String poolId;
    String clientId;

    @BeforeEach
    void createPoolAndClient() {
        cognito = TestServer.shared(backend).client();
        poolId = cognito.createUserPool(r -> r.poolName("ui-" + UUID.randomUUID().toString().substring(0, 8)))
                .userPool().id();
        clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("web")).userPoolClient().clientId();
    }

    @Test
    void nothingSetAnswersTheEmptyShape() {
        UICustomizationType ui = cognito.getUICustomization(r -> r.userPoolId(poolId).clientId(clientId)).uiCustomization();

        assertThat(ui).isEqualTo(UICustomizationType.builder().build());
    }

    @Test
    void poolLevelCustomizationIsStoredWithItsVersionAndDates() {
        UICustomizationType set = cognito.setUICustomization(r -> r.userPoolId(poolId).css(CSS)
                .imageFile(SdkBytes.fromByteArray(PNG))).uiCustomization();
        assertThat(set.clientId()).isEqualTo("ALL");
        assertThat(set.css()).isEqualTo(CSS);
        assertThat(set.cssVersion()).isNotBlank();

        UICustomizationType got = cognito.getUICustomization(r -> r.userPoolId(poolId)).uiCustomization();
        assertThat(got.userPoolId()).isEqualTo(poolId);
        assertThat(got.clientId()).isEqualTo("ALL");
        assertThat(got.css()).isEqualTo(CSS);
        assertThat(got.cssVersion()).isEqualTo(set.cssVersion());
        assertThat(got.creationDate()).isNotNull();
        assertThat(got.lastModifiedDate()).isNotNull();
    }

    @Test
    void aClientWithoutItsOwnGetsThePoolsAndItsOwnWinsOnceSet() {
        cognito.setUICustomization(r -> r.userPoolId(poolId).clientId("ALL").css(CSS));
        assertThat(cognito.getUICustomization(r -> r.userPoolId(poolId).clientId(clientId)).uiCustomization().clientId())
                .isEqualTo("ALL");

        cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId).css(".banner-customizable {padding: 0;}"));

        UICustomizationType got = cognito.getUICustomization(r -> r.userPoolId(poolId).clientId(clientId)).uiCustomization();
        assertThat(got.clientId()).isEqualTo(clientId);
        assertThat(got.css()).isEqualTo(".banner-customizable {padding: 0;}");
    }

    @Test
    void setWithoutCssAndImageRemovesIt() {
        cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId).css(CSS));

        cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId));

        assertThat(cognito.getUICustomization(r -> r.userPoolId(poolId).clientId(clientId)).uiCustomization())
                .isEqualTo(UICustomizationType.builder().build());
    }

    @Test
    void theLogoIsServedAtItsImageUrlAndAnEarlierUrlIsGone() throws Exception {
        String first = cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId)
                .imageFile(SdkBytes.fromByteArray(PNG))).uiCustomization().imageUrl();
        assertThat(first).startsWith(TestServer.shared(backend).server().publicUrl() + "/ui-assets/" + poolId + "/" + clientId + "/")
                .endsWith("/image.png");
        HttpResponse<byte[]> logo = get(first);
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(logo.body()).isEqualTo(PNG);
        assertThat(cognito.getUICustomization(r -> r.userPoolId(poolId).clientId(clientId)).uiCustomization().imageUrl())
                .isEqualTo(first);

        byte[] jpeg = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, 'J', 'F', 'I', 'F'};
        String second = cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId)
                .imageFile(SdkBytes.fromByteArray(jpeg))).uiCustomization().imageUrl();

        assertThat(second).endsWith("/image.jpg").isNotEqualTo(first);
        assertThat(get(second).headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(get(first).statusCode()).isEqualTo(404);
        cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId));
        assertThat(get(second).statusCode()).isEqualTo(404);
    }

    /** Stored XSS: a page uploaded as the "logo" would run on the pool's own origin if it were served. */
    @Test
    void anUploadedPageIsNeverServedAsTheLogo() throws Exception {
        byte[] page = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        UICustomizationType set = cognito.setUICustomization(r -> r.userPoolId(poolId).clientId(clientId)
                .imageFile(SdkBytes.fromByteArray(page))).uiCustomization();

        assertThat(set.imageUrl()).isNull();
        String guessed = TestServer.shared(backend).endpoint() + "/ui-assets/" + poolId + "/" + clientId + "/"
                + set.lastModifiedDate().toEpochMilli() + "/image.png";
        HttpResponse<byte[]> answer = get(guessed);
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).doesNotContain("<script>");
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    @Test
    void unknownClientOrPoolIsNotFound() {
        assertThatThrownBy(() -> cognito.setUICustomization(r -> r.userPoolId(poolId).clientId("nosuchclient").css(CSS)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> cognito.getUICustomization(r -> r.userPoolId("us-east-1_NoSuchPoo")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void imageOverOneHundredKilobytesIsRefused() {
        assertThatThrownBy(() -> cognito.setUICustomization(r -> r.userPoolId(poolId)
                .imageFile(SdkBytes.fromByteArray(new byte[100 * 1024 + 1]))))
                .isInstanceOf(InvalidParameterException.class);
    }
}
