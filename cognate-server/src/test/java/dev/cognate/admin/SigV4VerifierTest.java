package dev.cognate.admin;

import dev.cognate.config.AdminCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The verifier recomputes exactly what the AWS SDK's own SigV4 signer computes, on fixed
 * inputs: the example key pair and instant of AWS's SigV4 documentation, signed for
 * cognito-idp by {@link AwsV4HttpSigner} (AWS's published test-suite vectors are all for the
 * service "service", which the verifier's service check refuses by design).
 */
class SigV4VerifierTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final byte[] BODY = "{\"MaxResults\":10}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

    private static SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(AdminCredentials.single(KEY_ID, SECRET), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SdkHttpRequest.Builder adminRequest() {
        return SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .protocol("https").host("cognito-idp.us-east-1.amazonaws.com").encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools");
    }

    /** Signs with the SDK and hands the verifier the request as a server receives it. */
    private static SigV4Verifier.ReceivedRequest signed(SdkHttpRequest.Builder request, byte[] body, String region) {
        SdkHttpRequest signedRequest = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY_ID, SECRET))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cognito-idp")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC))).request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signedRequest.headers().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        String query = signedRequest.encodedQueryParameters().orElse(null);
        return new SigV4Verifier.ReceivedRequest(signedRequest.method().name(), signedRequest.encodedPath(), query,
                headers, body);
    }

    private static SigV4Verifier.ReceivedRequest withHeaders(SigV4Verifier.ReceivedRequest request,
                                                             UnaryOperator<Map<String, List<String>>> change) {
        return new SigV4Verifier.ReceivedRequest(request.method(), request.path(), request.rawQuery(),
                change.apply(new LinkedHashMap<>(request.headers())), request.body());
    }

    @Test
    void acceptsAnAdminRequestSignedByTheAwsSdk() {
        SigV4Verifier.Verified verified = verifier.verify(signed(adminRequest(), BODY, "us-east-1"));

        assertThat(verified).isEqualTo(new SigV4Verifier.Verified(KEY_ID, "us-east-1"));
    }

    @Test
    void reportsTheRegionOfTheCredentialScope() {
        assertThat(verifier.verify(signed(adminRequest(), BODY, "eu-west-3")).region()).isEqualTo("eu-west-3");
    }

    @Test
    void acceptsAnEmptyBody() {
        assertThat(verifier.verify(signed(adminRequest(), new byte[0], "us-east-1")).accessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void acceptsCanonicalisedHeaderValuesQueriesAndEncodedPaths() {
        SdkHttpRequest.Builder request = adminRequest()
                .encodedPath("/a%20b/c~d/%C3%A9")
                .putRawQueryParameter("b", "2")
                .putRawQueryParameter("a-", "x y")
                .putRawQueryParameter("a", List.of("1", "0"))
                .putHeader("X-Amz-Meta-Note", "  spaced    out   value ")
                .putHeader("X-Amz-Meta-List", List.of("one", "two"));

        assertThat(verifier.verify(signed(request, BODY, "us-east-1")).accessKeyId()).isEqualTo(KEY_ID);
    }

    @Test
    void refusesABodyOtherThanTheSignedOne() {
        SigV4Verifier.ReceivedRequest request = signed(adminRequest(), BODY, "us-east-1");
        SigV4Verifier.ReceivedRequest tampered = new SigV4Verifier.ReceivedRequest(request.method(), request.path(),
                request.rawQuery(), request.headers(), "{\"MaxResults\":60}".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void refusesASignedHeaderChangedInTransit() {
        SigV4Verifier.ReceivedRequest tampered = withHeaders(signed(adminRequest(), BODY, "us-east-1"), h -> {
            h.put("x-amz-target", List.of("AWSCognitoIdentityProviderService.DeleteUserPool"));
            return h;
        });

        assertThatThrownBy(() -> verifier.verify(tampered))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.type()).isEqualTo("InvalidSignatureException"));
    }

    @Test
    void refusesASignedHeaderRemovedInTransit() {
        SigV4Verifier.ReceivedRequest stripped = withHeaders(signed(adminRequest(), BODY, "us-east-1"), h -> {
            h.remove("x-amz-target");
            return h;
        });

        assertThatThrownBy(() -> verifier.verify(stripped))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidSignatureException");
                    assertThat(e.getMessage()).contains("x-amz-target");
                });
    }

    @Test
    void acceptsExactlyFifteenMinutesOfSkewEitherWay() {
        SigV4Verifier.ReceivedRequest request = signed(adminRequest(), BODY, "us-east-1");

        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15))).verify(request).accessKeyId()).isEqualTo(KEY_ID);
        assertThat(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(15))).verify(request).accessKeyId()).isEqualTo(KEY_ID);
        assertThatThrownBy(() -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15).plusSeconds(1))).verify(request))
                .hasMessageStartingWith("Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z");
        assertThatThrownBy(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(15).plusSeconds(1))).verify(request))
                .hasMessageStartingWith("Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z");
    }

    @Test
    void refusesACapturedRequestReplayedWithAnUnsignedXAmzTarget() {
        SdkHttpRequest.Builder withoutTarget = adminRequest().removeHeader("X-Amz-Target");
        SigV4Verifier.ReceivedRequest replayed = withHeaders(signed(withoutTarget, BODY, "us-east-1"), h -> {
            h.put("x-amz-target", List.of("AWSCognitoIdentityProviderService.DeleteUserPool"));
            return h;
        });

        assertThatThrownBy(() -> verifier.verify(replayed))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidSignatureException");
                    assertThat(e.getMessage()).isEqualTo(
                            "There were headers present in the request which were not signed: x-amz-target");
                });
    }

    @Test
    void refusesAnXAmzDateLeftOutOfTheSignature() {
        SigV4Verifier.ReceivedRequest request = signed(adminRequest(), BODY, "us-east-1");
        String authorization = request.headers().get("authorization").getFirst()
                .replace(";x-amz-date", "");
        SigV4Verifier.ReceivedRequest unsignedDate = withHeaders(request, h -> {
            h.put("authorization", List.of(authorization));
            return h;
        });

        assertThatThrownBy(() -> verifier.verify(unsignedDate))
                .hasMessage("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void refusesAnUnsignedHost() {
        SigV4Verifier.ReceivedRequest request = signed(adminRequest(), BODY, "us-east-1");
        String authorization = request.headers().get("authorization").getFirst().replace("host;", "");
        SigV4Verifier.ReceivedRequest unsignedHost = withHeaders(request, h -> {
            h.put("authorization", List.of(authorization));
            return h;
        });

        assertThatThrownBy(() -> verifier.verify(unsignedHost))
                .hasMessage("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void refusesACredentialScopedToSomethingThatIsNoRegionName() {
        assertThatThrownBy(() -> verifier.verify(signed(adminRequest(), BODY, "US_EAST_1")))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("IncompleteSignatureException");
                    assertThat(e.getMessage()).isEqualTo("Credential should be scoped to a valid region, not 'US_EAST_1'.");
                });
    }

    @Test
    void aBrokenPercentEscapeInTheQueryIsAClientErrorNotA500() {
        SigV4Verifier.ReceivedRequest request = signed(adminRequest(), BODY, "us-east-1");
        SigV4Verifier.ReceivedRequest broken = new SigV4Verifier.ReceivedRequest(request.method(), request.path(), "a=%zz",
                request.headers(), request.body());

        assertThatThrownBy(() -> verifier.verify(broken))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.type()).isEqualTo("MalformedQueryString");
                    assertThat(e.status()).isEqualTo(400);
                });
    }
}
