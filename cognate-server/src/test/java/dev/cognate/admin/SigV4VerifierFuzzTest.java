package dev.cognate.admin;

import dev.cognate.config.AdminCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whatever Authorization, X-Amz-Date and other headers a client sends, the verifier accepts or
 * answers an AWS client error (4xx); it never throws anything else (which would be a 500).
 */
class SigV4VerifierFuzzTest {
    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");
    private static final String WELL_FORMED = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/"
            + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            AdminCredentials.single("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void anyRequestIsVerifiedOrAClientError() {
        Fuzz.forAll(SigV4VerifierFuzzTest::request, request -> {
            try {
                VERIFIER.verify(request.received());
            } catch (AwsException e) {
                assertThat(e.status()).isBetween(400, 499);
            }
        });
    }

    /** A request as sent; its body a string, so that a failure shows it. */
    private record Request(String path, String query, Map<String, List<String>> headers, String body) {
        SigV4Verifier.ReceivedRequest received() {
            return new SigV4Verifier.ReceivedRequest("POST", path, query, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Request request(Fuzz random) {
        String credential = random.pick("AKIDEXAMPLE", "AKIDUNKNOWN", "", "A/B") + "/"
                + random.pick("20150830", "2015083", "", "99999999", "\u4e2d") + "/"
                + random.pick("us-east-1", "eu-west-1", "US_EAST_1", "", "..", "a".repeat(40)) + "/"
                + random.pick("cognito-idp", "iam", "") + "/" + random.pick("aws4_request", "aws4", "");
        List<String> signed = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            signed.add(random.pick("host", "x-amz-date", "x-amz-target", "content-type", "", "HOST", "x-amz-unknown"));
        }
        String signature = random.nextBoolean() ? random.string("0123456789abcdef", 64) : random.text(70);
        String authorization = switch (random.nextInt(4)) {
            case 0 -> "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + String.join(";", signed)
                    + ", Signature=" + signature;
            // a well-formed header of the known key: what follows (canonical request, signature) gets exercised
            case 1 -> "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=" + signature;
            // that header broken a little, or with one of its parts twice
            case 2 -> random.nextBoolean() ? random.mutate(WELL_FORMED)
                    : "AWS4-HMAC-SHA256 " + random.withOneTwice(List.of(WELL_FORMED.substring(17).split(", ")), ", ");
            default -> random.text(200);
        };
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            headers.put(random.pick("x-amz-target", "x-amz-security-token", "x-amz-content-sha256", "content-type",
                    "x-other"), List.of(random.text(30)));
        }
        headers.put("authorization", List.of(authorization));
        headers.put("x-amz-date", List.of(random.nextInt(3) == 0 ? random.text(20) : random.pick("20150830T123600Z",
                "20150830T1236Z", "", "x", "20150830T123600", "99991231T235959Z")));
        headers.put("host", List.of("cognito-idp.us-east-1.amazonaws.com"));
        String path = random.pick("/", "", "/a b", "/%zz", "//x");
        String query = random.nextBoolean() ? random.text(10) : random.pick("", "a=%zz", "a=1&b", "%", "=&=", "a=%E4%B8");
        return new Request(path, query, headers, random.text(50));
    }
}
