package dev.cognate.admin;

import dev.cognate.config.AdminCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.testing.RawAdminRequest;
import dev.cognate.testing.TestServer;
import io.javalin.Javalin;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's contract for AWS's public operations (InitiateAuth, GetUser...): served
 * without a signature, and a caller without an access key. Checked on an admin API built
 * here with one public and one admin operation, as the server wires its families.
 */
class UnsignedOperationTest {
    record WhoRequest(String clientId) {}

    record WhoResponse(String clientId, String accessKeyId) {}

    static Javalin app;
    static URI endpoint;

    @BeforeAll
    static void start() {
        OperationRegistry registry = new OperationRegistry();
        registry.unsigned("PublicWho", WhoRequest.class, (r, caller) -> new WhoResponse(r.clientId(), caller.accessKeyId()));
        registry.signed("AdminWho", WhoRequest.class, (r, caller) -> new WhoResponse(r.clientId(), caller.accessKeyId()));
        registry.unsigned("PublicLostRace", WhoRequest.class, (r, caller) -> {
            throw new dev.cognate.store.ConcurrentChangeException("the user was changed meanwhile");
        });
        AdminApi api = new AdminApi(registry, new SigV4Verifier(
                AdminCredentials.single(TestServer.ACCESS_KEY_ID, TestServer.SECRET_ACCESS_KEY), Clock.systemUTC()));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.post("/", api::handle);
        }).start();
        endpoint = URI.create("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void publicOperationIsServedWithoutSignature() {
        RawAdminRequest.Response response = RawAdminRequest.to(endpoint, "PublicWho")
                .body("{\"ClientId\":\"abc\"}").unsigned().send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ClientId\":\"abc\"}");
    }

    @Test
    void adminOperationWithoutSignatureIsRefused() {
        RawAdminRequest.Response response = RawAdminRequest.to(endpoint, "AdminWho")
                .body("{\"ClientId\":\"abc\"}").unsigned().send();

        SigV4Test.assertAwsError(response, "MissingAuthenticationTokenException");
    }

    /** A compare-and-set that lost to another request: Cognito's retryable conflict, not a 500. */
    @Test
    void aChangeThatLostToAnotherRequestIsAConcurrentModificationNotAServerError() {
        RawAdminRequest.Response response = RawAdminRequest.to(endpoint, "PublicLostRace")
                .body("{\"ClientId\":\"abc\"}").unsigned().send();

        SigV4Test.assertAwsError(response, "ConcurrentModificationException");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("the user was changed meanwhile");
    }

    @Test
    void adminOperationSeesTheSigningKey() {
        RawAdminRequest.Response response = RawAdminRequest.to(endpoint, "AdminWho").body("{\"ClientId\":\"abc\"}").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"AccessKeyId\":\"" + TestServer.ACCESS_KEY_ID + "\"");
    }
}
