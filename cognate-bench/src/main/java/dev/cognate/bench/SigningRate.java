package dev.cognate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.cognate.tokens.SigningProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw RS256 signing rate of a provider: signatures per second over a token-sized input,
 * with the signer the server makes ({@link SigningProvider#signer}), on one thread and on as
 * many threads as there are cores. The server cannot mint tokens faster than this.
 */
final class SigningRate {
    /** {@code otherCpuShare}: the machine's CPU that other processes used while all cores signed. */
    record Result(String provider, String when, double singleThread, double allCores, int threads, double otherCpuShare) {}

    /** The signing input of a client_credentials access token: its header and claims, base64url. */
    private static final byte[] INPUT = (Base64URL.encode("{\"kid\":\"Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE\","
            + "\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "." + Base64URL.encode("{\"sub\":\"4k2b9c8d7e6f5g4h3i2j1k0l9m\","
            + "\"token_use\":\"access\",\"scope\":\"bench-api/read\",\"auth_time\":1700000000,\"iss\":"
            + "\"http://localhost:9229/us-east-1_AbCdEfGhI\",\"exp\":1700003600,\"iat\":1700000000,\"version\":2,"
            + "\"jti\":\"0b0d3b52-6a4e-4d8e-9f55-1f2a3b4c5d6e\",\"client_id\":\"4k2b9c8d7e6f5g4h3i2j1k0l9m\"}"))
            .getBytes(StandardCharsets.US_ASCII);
    private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build();

    private SigningRate() {}

    static Result measure(SigningProvider provider, Duration warmUp, Duration measured, String when) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).generate();
        RSASSASigner signer = provider.signer(key.toRSAPrivateKey());
        int cores = Runtime.getRuntime().availableProcessors();
        rate(signer, 1, warmUp);
        double single = rate(signer, 1, measured);
        rate(signer, cores, warmUp.dividedBy(2));
        ProcStats.MachineCpu machine0 = ProcStats.MachineCpu.now();
        double own0 = ProcStats.cpuSeconds(ProcessHandle.current().pid());
        double all = rate(signer, cores, measured);
        ProcStats.MachineCpu machine1 = ProcStats.MachineCpu.now();
        double own = ProcStats.cpuSeconds(ProcessHandle.current().pid()) - own0;
        double other = Math.max(0, machine1.busy() - machine0.busy() - own) / Math.max(1e-9, machine1.total() - machine0.total());
        return new Result(provider.description(), when, single, all, cores, other);
    }

    private static double rate(RSASSASigner signer, int threads, Duration duration) throws InterruptedException {
        LongAdder signatures = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(Thread.ofPlatform().name("sign-" + i).start(() -> {
                long count = 0;
                try {
                    while (System.nanoTime() < end) {
                        signer.sign(HEADER, INPUT);
                        count++;
                    }
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
                signatures.add(count);
            }));
        }
        for (Thread thread : running) {
            thread.join();
        }
        return signatures.sum() / ((System.nanoTime() - start) / 1e9);
    }
}
