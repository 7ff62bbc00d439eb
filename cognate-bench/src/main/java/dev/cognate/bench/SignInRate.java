package dev.cognate.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;

/**
 * Sign-ins per second through the public API, as apps sign in: USER_PASSWORD_AUTH (one call,
 * Argon2id on the server) next to USER_SRP_AUTH (InitiateAuth, then PASSWORD_VERIFIER: two
 * calls, 3072-bit modular exponentiations on both sides). Each thread signs its own users in
 * again and again through the AWS SDK for a warm-up, then a measured window; every sign-in must
 * end in tokens. The SRP client's own math runs on the same machine and is counted in the result
 * ({@code clientCpuShare}), since it competes with the server for the cores.
 */
final class SignInRate {
    record Result(String flow, int threads, double seconds, long signIns, long errors, double signInsPerSecond,
                  double clientCpuShare) {}

    /** What the fixture prepared: the app client, its users and their password. */
    record Users(String baseUrl, String poolId, String clientId, List<String> usernames, String password) {}

    private SignInRate() {}

    static Result measure(Users users, AuthFlowType flow, int threads, Duration warmUp, Duration measured)
            throws InterruptedException {
        run(users, flow, threads, warmUp);
        double cpu0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        ProcStats.MachineCpu machine0 = ProcStats.MachineCpu.now();
        long start = System.nanoTime();
        long[] counts = run(users, flow, threads, measured);
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcStats.MachineCpu machine1 = ProcStats.MachineCpu.now();
        double own = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - cpu0;
        double share = own / Math.max(1e-9, machine1.total() - machine0.total());
        return new Result(flow.toString(), threads, seconds, counts[0], counts[1], counts[0] / seconds,
                Math.min(1, share));
    }

    /** Signs in until {@code duration} is over. @return sign-ins, errors */
    private static long[] run(Users users, AuthFlowType flow, int threads, Duration duration) throws InterruptedException {
        LongAdder signIns = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            running.add(Thread.ofPlatform().name("sign-in-" + t).start(() -> {
                try (CognitoIdentityProviderClient cognito = client(users.baseUrl())) {
                    int i = thread;
                    while (System.nanoTime() < end) {
                        String username = users.usernames().get(i % users.usernames().size());
                        i += threads;
                        try {
                            signIn(cognito, users, flow, username);
                            signIns.increment();
                        } catch (RuntimeException e) {
                            errors.increment();
                            firstError.compareAndSet(null, e);
                        }
                    }
                }
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (firstError.get() != null && signIns.sum() == 0) {
            throw new IllegalStateException(flow + " sign-ins all failed", firstError.get());
        }
        return new long[] {signIns.sum(), errors.sum()};
    }

    private static void signIn(CognitoIdentityProviderClient cognito, Users users, AuthFlowType flow, String username) {
        if (flow == AuthFlowType.USER_PASSWORD_AUTH) {
            requireTokens(cognito.initiateAuth(r -> r.clientId(users.clientId()).authFlow(flow)
                    .authParameters(Map.of("USERNAME", username, "PASSWORD", users.password()))).authenticationResult());
            return;
        }
        SrpClient srp = new SrpClient();
        InitiateAuthResponse verifier = cognito.initiateAuth(r -> r.clientId(users.clientId()).authFlow(flow)
                .authParameters(Map.of("USERNAME", username, "SRP_A", srp.srpA())));
        requireTokens(cognito.respondToAuthChallenge(r -> r.clientId(users.clientId())
                .challengeName(ChallengeNameType.PASSWORD_VERIFIER)
                .challengeResponses(srp.claim(users.poolId(), users.password(), verifier.challengeParameters())))
                .authenticationResult());
    }

    private static void requireTokens(Object result) {
        if (result == null) {
            throw new IllegalStateException("a sign-in ended without tokens");
        }
    }

    private static CognitoIdentityProviderClient client(String baseUrl) {
        return CognitoIdentityProviderClient.builder()
                .endpointOverride(URI.create(baseUrl))
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
