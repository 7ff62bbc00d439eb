package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever Authorization, X-Amz-Date and other headers a client sends, the verifier accepts or
 * answers an AWS client error (4xx); it never throws anything else (which would be a 500).
 */
class SigV4VerifierFuzzTest {
    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            AdminCredentials.single("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property
    void anyRequestIsVerifiedOrAClientError(@ForAll("requests") SigV4Verifier.ReceivedRequest request) {
        try {
            VERIFIER.verify(request);
        } catch (AwsException e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    @Provide
    Arbitrary<SigV4Verifier.ReceivedRequest> requests() {
        Arbitrary<String> credential = Combinators.combine(
                Arbitraries.of("AKIDEXAMPLE", "AKIDUNKNOWN", "", "A/B"),
                Arbitraries.of("20150830", "2015083", "", "99999999", "\u4e2d"),
                Arbitraries.of("us-east-1", "eu-west-1", "US_EAST_1", "", "..", "a".repeat(40)),
                Arbitraries.of("cognito-idp", "iam", ""),
                Arbitraries.of("aws4_request", "aws4", "")).as((k, d, r, s, t) -> k + "/" + d + "/" + r + "/" + s + "/" + t);
        Arbitrary<String> signedHeaders = Arbitraries.of("host", "x-amz-date", "x-amz-target", "content-type", "",
                "HOST", "x-amz-unknown").list().ofMaxSize(5).map(l -> String.join(";", l));
        Arbitrary<String> signature = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
                Arbitraries.strings().ofMaxLength(70));
        Arbitrary<String> authorization = Arbitraries.oneOf(
                Combinators.combine(credential, signedHeaders, signature)
                        .as((c, h, s) -> "AWS4-HMAC-SHA256 Credential=" + c + ", SignedHeaders=" + h + ", Signature=" + s),
                // a well-formed header of the known key: what follows (canonical request, signature) gets exercised
                signature.map(s -> "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + s),
                Arbitraries.strings().ofMaxLength(200));
        Arbitrary<String> amzDate = Arbitraries.oneOf(Arbitraries.just("20150830T123600Z"), Arbitraries.of("20150830T123600Z", "20150830T1236Z", "", "x",
                "20150830T123600", "99991231T235959Z"), Arbitraries.strings().ofMaxLength(20));
        Arbitrary<Map<String, List<String>>> extra = Arbitraries.maps(
                Arbitraries.of("x-amz-target", "x-amz-security-token", "x-amz-content-sha256", "content-type", "x-other"),
                Arbitraries.strings().ofMaxLength(30).list().ofMinSize(1).ofMaxSize(2)).ofMaxSize(3)
                .injectDuplicates(0).edgeCases(e -> e.add(Map.of()));
        return Combinators.combine(authorization, amzDate, extra, Arbitraries.strings().ofMaxLength(50),
                Arbitraries.of("/", "", "/a b", "/%zz", "//x"),
                Arbitraries.oneOf(Arbitraries.of("", "a=%zz", "a=1&b", "%", "=&=", "a=%E4%B8"), Arbitraries.strings().ofMaxLength(10)))
                .as((auth, date, headers, body, path, query) -> {
                    Map<String, List<String>> all = new LinkedHashMap<>(headers);
                    all.put("authorization", List.of(auth));
                    all.put("x-amz-date", List.of(date));
                    all.put("host", List.of("cognito-idp.us-east-1.amazonaws.com"));
                    return new SigV4Verifier.ReceivedRequest("POST", path, query, all, body.getBytes(StandardCharsets.UTF_8));
                });
    }
}
