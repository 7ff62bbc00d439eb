package dev.cognate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code serve --lambda-endpoint} / COGNATE_LAMBDA_ENDPOINT as the node reads it. */
class LambdaSettingsTest {
    @Test
    void noEndpointMeansAwsAndCognitosFiveSeconds() {
        assertThat(LambdaSettings.endpoint(null)).isEqualTo(LambdaSettings.DEFAULT);
        assertThat(LambdaSettings.endpoint(" ")).isEqualTo(LambdaSettings.DEFAULT);
        assertThat(LambdaSettings.DEFAULT.endpoint()).isNull();
        assertThat(LambdaSettings.DEFAULT.credentials()).as("the SDK's default chain").isNull();
        assertThat(LambdaSettings.DEFAULT.timeout()).hasSeconds(5);
    }

    @Test
    void anEndpointIsAnHttpOrHttpsUrl() {
        assertThat(LambdaSettings.endpoint("http://localhost:3002").endpoint()).isEqualTo(URI.create("http://localhost:3002"));
        assertThat(LambdaSettings.endpoint("https://lambda.internal.example").endpoint().getHost())
                .isEqualTo("lambda.internal.example");
        for (String bad : new String[] {"localhost:3002", "ftp://host", "http:///nohost", "not a url"}) {
            assertThatThrownBy(() -> LambdaSettings.endpoint(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
