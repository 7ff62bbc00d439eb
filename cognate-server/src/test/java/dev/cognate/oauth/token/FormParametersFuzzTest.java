package dev.cognate.oauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client puts in a form body, FormParameters yields parameters or an OAuth
 * error a client can be told (4xx); never another exception, which would be a 500.
 */
class FormParametersFuzzTest {
    @Property
    void anyBodyIsParametersOrAClientError(@ForAll("formBodies") String body) {
        try {
            FormParameters form = FormParameters.parse(body);
            form.optional("grant_type");
        } catch (OAuthError e) {
            assertThat(e.status).isBetween(400, 499);
            assertThat(e.description).doesNotContain("Exception");
        }
    }

    @Provide
    Arbitrary<String> formBodies() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("grant_type", "code", "=", "&", "%", "%2", "%zz", "%26", "%3D", "+", "%E4%B8%AD",
                        "%C3%28", "%FF", "client_id", "redirect_uri", "\u0000", "\uD800"),
                Arbitraries.strings().ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(4));
        return pieces.list().ofMaxSize(24).map(list -> String.join("", list));
    }
}
