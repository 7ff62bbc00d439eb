package dev.cognate.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.cognate.testing.Backend;
import dev.cognate.testing.IssuedCodes;
import dev.cognate.testing.IssuedCodes.Client;
import dev.cognate.testing.IssuedCodes.Issued;
import dev.cognate.testing.IssuedCodes.TestUser;
import dev.cognate.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two server nodes on one PostgreSQL database: single use and revocation hold across the cluster. */
class CodeRedemptionAcrossNodesTest {
    static TestServer nodeA;
    static TestServer nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodeA = TestServer.start(Backend.POSTGRESQL);
        nodeB = TestServer.start(Backend.POSTGRESQL, Files.createTempDirectory("cognate-node-b-"), nodeA.dbUrl());
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
    }

    private static AuthorizationCodeGrant grant(Issued issued, CodeVerifier verifier) {
        return new AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(issued.code()),
                URI.create(IssuedCodes.REDIRECT_URI), verifier);
    }

    @Test
    void concurrentRedemptionsOfOneCodeOnTwoNodesHaveExactlyOneWinner() throws Exception {
        IssuedCodes codes = new IssuedCodes(nodeA);
        String poolId = codes.newPool("cluster");
        Client client = codes.confidentialClient(poolId);
        TestUser ada = codes.user(poolId, "ada", "email", "ada@example.com");
        nodeA.server().keyRing().publicKeys(poolId);
        List<RelyingParty> nodes = List.of(new RelyingParty(nodeA), new RelyingParty(nodeB));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                CodeVerifier verifier = new CodeVerifier();
                Issued issued = codes.issue(client, ada, Set.of("openid"), verifier.getValue());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<TokenResponse>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    RelyingParty node = nodes.get(i % 2);
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return node.token(client, grant(issued, verifier));
                    }));
                }
                start.countDown();
                List<TokenResponse> responses = new ArrayList<>();
                for (Future<TokenResponse> attempt : attempts) {
                    responses.add(attempt.get());
                }

                List<TokenResponse> winners = responses.stream().filter(TokenResponse::indicatesSuccess).toList();
                assertThat(winners).as("round " + round).hasSize(1);
                assertThat(responses.stream().filter(r -> !r.indicatesSuccess())
                        .map(r -> r.toErrorResponse().getErrorObject().getCode()))
                        .hasSize(7).containsOnly("invalid_grant");

                // The losers were replays: what the winner got is revoked, on every node.
                OIDCTokens won = RelyingParty.tokens(winners.get(0));
                for (RelyingParty node : nodes) {
                    assertThat(RelyingParty.error(node.token(client, new RefreshTokenGrant(won.getRefreshToken()))).getCode())
                            .isEqualTo("invalid_grant");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anyNodeServesAnyStepOfTheFlow() throws Exception {
        IssuedCodes codes = new IssuedCodes(nodeA);
        String poolId = codes.newPool("cluster-steps");
        Client client = codes.confidentialClient(poolId);
        TestUser ada = codes.user(poolId, "ada");
        RelyingParty a = new RelyingParty(nodeA);
        RelyingParty b = new RelyingParty(nodeB);

        CodeVerifier verifier = new CodeVerifier();
        OIDCTokens tokens = RelyingParty.tokens(b.token(client, grant(codes.issue(client, ada, Set.of("openid"),
                verifier.getValue()), verifier)));
        RelyingParty.tokens(a.token(client, new RefreshTokenGrant(tokens.getRefreshToken())));
        assertThat(b.revoke(client, tokens.getRefreshToken()).getStatusCode()).isEqualTo(200);
        assertThat(RelyingParty.error(a.token(client, new RefreshTokenGrant(tokens.getRefreshToken()))).getCode())
                .isEqualTo("invalid_grant");
    }
}
