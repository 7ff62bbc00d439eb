package dev.cognate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Whatever Authorization, X-Amz-Date and other headers a client sends, the verifier accepts or
 * answers an AWS client error (4xx); it never throws anything else (which would be a 500).
 */
class SigV4VerifierFuzzTest {
    private static final Instant NOW = Instant.parse("2015-08-30T12:36:00Z");
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            AdminCredentials.single("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property
    void anyRequestIsVerifiedOrAClientError(@ForAll long seed) {
        SigV4Verifier.ReceivedRequest request = request(new Random(seed));
        try {
            VERIFIER.verify(request);
        } catch (AwsException e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    // Built from a seed rather than from combined jqwik arbitraries: the edge cases of that many
    // combined parts multiply past any long run (jqwik computes them up front).
    private static SigV4Verifier.ReceivedRequest request(Random random) {
        String credential = pick(random, "AKIDEXAMPLE", "AKIDUNKNOWN", "", "A/B") + "/"
                + pick(random, "20150830", "2015083", "", "99999999", "\u4e2d") + "/"
                + pick(random, "us-east-1", "eu-west-1", "US_EAST_1", "", "..", "a".repeat(40)) + "/"
                + pick(random, "cognito-idp", "iam", "") + "/" + pick(random, "aws4_request", "aws4", "");
        List<String> signed = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            signed.add(pick(random, "host", "x-amz-date", "x-amz-target", "content-type", "", "HOST", "x-amz-unknown"));
        }
        String signature = random.nextBoolean() ? hex(random, 64) : text(random, 70);
        String authorization = switch (random.nextInt(3)) {
            case 0 -> "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + String.join(";", signed)
                    + ", Signature=" + signature;
            // a well-formed header of the known key: what follows (canonical request, signature) gets exercised
            case 1 -> "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/cognito-idp/aws4_request, "
                    + "SignedHeaders=host;x-amz-date, Signature=" + signature;
            default -> text(random, 200);
        };
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            headers.put(pick(random, "x-amz-target", "x-amz-security-token", "x-amz-content-sha256", "content-type",
                    "x-other"), List.of(text(random, 30)));
        }
        headers.put("authorization", List.of(authorization));
        headers.put("x-amz-date", List.of(random.nextInt(3) == 0 ? text(random, 20) : pick(random, "20150830T123600Z",
                "20150830T1236Z", "", "x", "20150830T123600", "99991231T235959Z")));
        headers.put("host", List.of("cognito-idp.us-east-1.amazonaws.com"));
        String path = pick(random, "/", "", "/a b", "/%zz", "//x");
        String query = random.nextBoolean() ? text(random, 10) : pick(random, "", "a=%zz", "a=1&b", "%", "=&=", "a=%E4%B8");
        return new SigV4Verifier.ReceivedRequest("POST", path, query, headers,
                text(random, 50).getBytes(StandardCharsets.UTF_8));
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String hex(Random random, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return out.toString();
    }

    /** Any UTF-16 text up to {@code max} characters, lone surrogates and controls included. */
    private static String text(Random random, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            out.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : 0x20 + random.nextInt(0x5f)));
        }
        return out.toString();
    }
}
