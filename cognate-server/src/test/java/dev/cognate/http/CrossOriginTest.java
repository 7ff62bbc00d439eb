package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.Backend;
import dev.cognate.testing.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * CORS as browsers meet it: a page on another origin calls the user API's public operations and the
 * OAuth/OIDC endpoints with fetch (preflight, then the call), never reads an admin operation's answer,
 * never gets credentials allowed, and the hosted pages take part in no CORS at all. HTTP only: SQLite.
 */
class CrossOriginTest {
    static final String PAGE = "https://spa.example";
    static final String AMPLIFY_HEADERS = "content-type,x-amz-target,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request,cache-control";

    final HttpClient http = HttpClient.newHttpClient();
    TestServer server;

    @BeforeEach
    void server() {
        server = TestServer.shared(Backend.SQLITE);
    }

    @Test
    void userApiPreflightAllowsTheHeadersAmplifySends() throws Exception {
        HttpResponse<String> preflight = preflight("/", "POST", AMPLIFY_HEADERS);

        assertThat(preflight.statusCode()).isEqualTo(200);
        HttpHeaders h = preflight.headers();
        assertThat(h.firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(h.firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(list(h, "Access-Control-Allow-Headers")).containsAll(List.of(AMPLIFY_HEADERS.split(",")));
        assertThat(list(h, "Access-Control-Expose-Headers"))
                .containsExactly("x-amzn-requestid", "x-amzn-errortype", "x-amzn-errormessage", "date");
        assertThat(h.firstValue("Access-Control-Max-Age")).hasValue("172800");
        assertNoCredentials(h);
    }

    @Test
    void userApiPreflightNeverAllowsTheSigV4Headers() throws Exception {
        HttpResponse<String> preflight = preflight("/", "POST", AMPLIFY_HEADERS + ",authorization,x-amz-security-token");

        assertThat(list(preflight.headers(), "Access-Control-Allow-Headers"))
                .doesNotContain("authorization", "x-amz-security-token", "x-amz-content-sha256");
        assertNoCredentials(preflight.headers());
    }

    @Test
    void publicOperationAnswerIsReadableCrossOriginWithItsErrorHeaders() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .header("Origin", PAGE)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .POST(HttpRequest.BodyPublishers.ofString("{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"nosuchclient\","
                        + "\"AuthParameters\":{\"USERNAME\":\"a\",\"PASSWORD\":\"b\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(list(answer.headers(), "Access-Control-Expose-Headers")).contains("x-amzn-errortype", "x-amzn-requestid");
        assertNoCredentials(answer.headers());
    }

    @Test
    void signedAdminOperationAnswerCarriesNoCorsAllowance() throws Exception {
        HttpResponse<String> answer = signedFromPage("ListUserPools", "{\"MaxResults\":1}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertNoCorsAllowance(answer.headers());
    }

    @Test
    void signedAdminOperationErrorCarriesNoCorsAllowanceEither() throws Exception {
        HttpResponse<String> answer = signedFromPage("DescribeUserPool", "{\"UserPoolId\":\"us-east-1_NoSuchPoo\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertNoCorsAllowance(answer.headers());
    }

    @Test
    void adminOperationSentUnsignedFromAPageCannotBeReadEither() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .header("Origin", PAGE)
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools")
                .POST(HttpRequest.BodyPublishers.ofString("{\"MaxResults\":1}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isBetween(400, 403);
        assertNoCorsAllowance(answer.headers());
    }

    @Test
    void tokenEndpointPreflightAllowsClientSecretBasicAndTheForm() throws Exception {
        HttpResponse<String> preflight = preflight("/oauth2/token", "POST", "authorization,content-type,x-amz-user-agent");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(list(preflight.headers(), "Access-Control-Allow-Headers"))
                .contains("authorization", "content-type", "x-amz-user-agent");
        assertNoCredentials(preflight.headers());
    }

    @Test
    void tokenEndpointErrorIsReadableCrossOrigin() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/oauth2/token"))
                .header("Origin", PAGE)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=nosuchclient&code=x"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isBetween(400, 401);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertNoCredentials(answer.headers());
    }

    @Test
    void revokeEndpointPreflightAllowsClientSecretBasicAndTheForm() throws Exception {
        HttpResponse<String> preflight = preflight("/oauth2/revoke", "POST", "authorization,content-type");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(list(preflight.headers(), "Access-Control-Allow-Headers")).contains("authorization", "content-type");
        assertNoCredentials(preflight.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/userInfo", "/oauth2/userinfo"})
    void userInfoPreflightAllowsTheBearerToken(String path) throws Exception {
        HttpResponse<String> preflight = preflight(path, "GET", "authorization");

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(list(preflight.headers(), "Access-Control-Allow-Methods")).contains("get", "post");
        assertThat(list(preflight.headers(), "Access-Control-Allow-Headers")).contains("authorization");
        assertNoCredentials(preflight.headers());
    }

    @Test
    void userInfoRefusalIsReadableWithItsChallenge() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/oauth2/userInfo"))
                .header("Origin", PAGE).header("Authorization", "Bearer not-a-token").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(list(answer.headers(), "Access-Control-Expose-Headers")).contains("www-authenticate");
        assertNoCredentials(answer.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/jwks.json"})
    void discoveryAndKeysArePreflightedAndReadableCrossOrigin(String document) throws Exception {
        String poolId = server.client().createUserPool(r -> r.poolName("cors")).userPool().id();

        HttpResponse<String> preflight = preflight("/" + poolId + document, "GET", "x-amz-user-agent");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET");
        assertNoCredentials(preflight.headers());

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/" + poolId + document))
                .header("Origin", PAGE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertNoCredentials(answer.headers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/oauth2/authorize", "/logout", "/oauth2/idpresponse", "/login/new-password"})
    void hostedPagesAnswerNoPreflightAndNoCorsAllowance(String path) throws Exception {
        HttpResponse<String> preflight = preflight(path, "POST", "content-type");
        assertThat(preflight.statusCode()).isEqualTo(404);
        assertNoCorsAllowance(preflight.headers());

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.endpoint().resolve(path + "?client_id=x"))
                .header("Origin", PAGE).build(), HttpResponse.BodyHandlers.ofString());
        assertNoCorsAllowance(page.headers());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .header("Origin", PAGE).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertNoCorsAllowance(post.headers());
    }

    private HttpResponse<String> preflight(String path, String method, String headers) throws Exception {
        return http.send(HttpRequest.newBuilder(server.endpoint().resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", PAGE)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An admin operation signed with the admin key (the SDK's own SigV4 signer), sent with a page's Origin. */
    private HttpResponse<String> signedFromPage(String operation, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(server.endpoint().resolve("/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSCognitoIdentityProviderService." + operation)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "cognito-idp")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Origin", PAGE);
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                request.header(name, String.join(",", values));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoCorsAllowance(HttpHeaders headers) {
        assertThat(headers.map().keySet()).noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    }

    private static List<String> list(HttpHeaders headers, String name) {
        return headers.firstValue(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.trim().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static void assertNoCredentials(HttpHeaders headers) {
        assertThat(headers.firstValue("Access-Control-Allow-Credentials")).as("credentials are never allowed").isEmpty();
    }
}
