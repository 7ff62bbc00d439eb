package dev.cognate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cognate.config.LambdaSettings;
import dev.cognate.testing.LambdaEndpoint;
import dev.cognate.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;

/**
 * Stopping a node: a request in flight is answered in full, a connection kept alive for a
 * next request is closed at once, so that a stop waits for work and never for idle clients.
 */
class NodeStopTest {
    private static final byte[] HEALTH = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void inFlightRequestCompletesDuringStop() throws Exception {
        CountDownLatch invoked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LambdaEndpoint lambda = new LambdaEndpoint()) {
            // the request in flight: a sign-up whose PreSignUp trigger answers when the test says so
            String function = lambda.function("slow-pre-sign-up", event -> {
                invoked.countDown();
                await(release);
                return new LambdaEndpoint.Answer.Returns(event);
            });
            TestServer node = TestServer.startWithLambda(new LambdaSettings(lambda.endpoint(),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLAMBDACALLER0001", "lambda-secret")),
                    LambdaSettings.COGNITO_TIMEOUT));
            try (RawHttp idle = RawHttp.connect(node.port())) {
                var cognito = node.client();
                String poolId = cognito.createUserPool(r -> r.poolName("stopping")
                        .lambdaConfig(l -> l.preSignUp(function))).userPool().id();
                String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId).clientName("app"))
                        .userPoolClient().clientId();
                CompletableFuture<SignUpResponse> signUp = CompletableFuture.supplyAsync(() -> cognito.signUp(
                        r -> r.clientId(clientId).username("ada").password("Correct-Horse-1")), NodeStopTest::ownThread);
                assertThat(invoked.await(20, TimeUnit.SECONDS)).isTrue();
                assertThat(idle.send(HEALTH).answer().status()).isEqualTo(200);

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(node::close, NodeStopTest::ownThread);

                assertThat(idle.awaitClosed()).as("the idle connection is closed while the sign-up still runs").isTrue();
                assertThat(signUp).isNotDone();
                release.countDown();
                assertThat(signUp.get(20, TimeUnit.SECONDS).userSub()).isNotBlank();
                stopped.get(20, TimeUnit.SECONDS);
            } finally {
                release.countDown();
                node.close();
            }
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedAtOnceAndABusyOneIsLeftToFinish() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Listener listener = Listener.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (Request.getPathInContext(request).equals("/slow")) {
                    handling.countDown();
                    await(release);
                }
                response.setStatus(200);
                Content.Sink.write(response, true, "done", callback);
                return true;
            }
        });
        try (RawHttp idle = RawHttp.connect(listener.port());
                RawHttp busy = RawHttp.connect(listener.port())) {
            assertThat(idle.send(HEALTH).answer().status()).isEqualTo(200);
            busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(handling.await(20, TimeUnit.SECONDS)).isTrue();

            listener.closer().shutdown();

            // without the closer, the idle connection would stay open for its 60 s idle timeout
            assertThat(idle.awaitClosed()).isTrue();
            release.countDown();
            RawHttp.Answer answer = busy.answer();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("done");
        } finally {
            release.countDown();
            listener.server().stop();
        }
    }

    @Test
    void aConnectionWhoseAnswerWentOutButIsNotRecycledYetWhenTheStopBeginsIsClosedOnceItIs() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        CountDownLatch recycle = new CountDownLatch(1);
        Listener listener = Listener.start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                // the whole answer is written; the request ends (and the connection is recycled) only later
                Content.Sink.write(response, true, "done", Callback.from(() -> {
                    answered.countDown();
                    Thread.ofVirtual().start(() -> {
                        await(recycle);
                        callback.succeeded();
                    });
                }, callback::failed));
                return true;
            }
        });
        try (RawHttp client = RawHttp.connect(listener.port())) {
            assertThat(client.send(HEALTH).answer().body()).isEqualTo("done");
            assertThat(answered.await(20, TimeUnit.SECONDS)).isTrue();

            listener.closer().shutdown();
            recycle.countDown();

            assertThat(client.awaitClosed()).as("closed once it waits for a next request").isTrue();
        } finally {
            recycle.countDown();
            listener.server().stop();
        }
    }

    /** A Jetty listener as a node has it: idle connections close when it shuts down; 60 s idle timeout otherwise. */
    record Listener(Server server, ServerConnector connector, IdleConnectionsClose closer) {
        static Listener start(Handler handler) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setIdleTimeout(60_000);
            IdleConnectionsClose closer = new IdleConnectionsClose(connector);
            connector.addBean(closer);
            server.addConnector(connector);
            server.setHandler(handler);
            server.start();
            return new Listener(server, connector, closer);
        }

        int port() {
            return connector.getLocalPort();
        }
    }

    private static void ownThread(Runnable task) {
        Thread.ofPlatform().daemon().start(task);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
