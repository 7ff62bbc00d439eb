package dev.cognate.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client puts in a form body, FormParameters yields parameters or an OAuth
 * error a client can be told (4xx); never another exception, which would be a 500.
 */
class FormParametersFuzzTest {
    private static final List<String> PIECES = List.of("grant_type", "code", "=", "&", "%", "%2", "%zz", "%26", "%3D",
            "+", "%E4%B8%AD", "%C3%28", "%FF", "client_id", "redirect_uri", "\u0000", "\uD800");
    private static final List<String> PARAMETERS = List.of("grant_type=authorization_code", "code=AbC-123",
            "redirect_uri=https%3A%2F%2Fapp.example%2Fcb", "client_id=6f1c", "code_verifier=x~y.z_", "scope=openid+email");

    @Test
    void anyBodyIsParametersOrAClientError() {
        Fuzz.forAll(FormParametersFuzzTest::body, body -> {
            try {
                FormParameters form = FormParameters.parse(body);
                form.optional("grant_type");
            } catch (OAuthError e) {
                assertThat(e.status).isBetween(400, 499);
                assertThat(e.description).doesNotContain("Exception");
            }
        });
    }

    private static String body(Fuzz random) {
        return switch (random.nextInt(4)) {
            case 0, 1 -> random.pieces(24, PIECES);
            // a valid body, mutated or with a parameter twice, gets further into the parser
            case 2 -> random.mutate(String.join("&", PARAMETERS));
            default -> random.withOneTwice(PARAMETERS, "&");
        };
    }
}
