package dev.cognate.triggers;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts a code or temporary password for a pool's custom sender trigger as Cognito does: the
 * AWS Encryption SDK's message under the pool's KMS key ({@code KMSKeyID}), the encryption
 * context {@code userpool-id} naming the pool, base64 in the event. The data key comes from KMS
 * (GenerateDataKey) at {@code endpoint}, or AWS's own endpoint of the key's region.
 *
 * <p>The algorithm suite is the Encryption SDK's signed suite without key commitment (message
 * format 1): Cognito's documented functions decrypt with {@code REQUIRE_ENCRYPT_ALLOW_DECRYPT},
 * which takes it, as does every Encryption SDK since 1.x; a committed suite would refuse
 * functions on a 1.x SDK that decrypt Cognito's own codes.
 */
final class SecretEncryption implements AutoCloseable {
    static final String POOL_CONTEXT_KEY = "userpool-id";

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Duration timeout;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();

    /** Built at the first code to encrypt: a node whose pools have no custom sender never loads the SDK. */
    private static final class Suite {
        static final AwsCrypto CRYPTO = AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.ForbidEncryptAllowDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384)
                .build();
    }

    SecretEncryption(URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The secret as a custom sender's event carries it; any failure of KMS is thrown as it came. */
    String encrypt(String keyArn, String poolId, String secret) {
        KmsMasterKeyProvider keys = KmsMasterKeyProvider.builder()
                .customRegionalClientSupplier(region -> client(region.id()))
                .defaultRegion(Region.of(regionOf(keyArn)))
                .buildStrict(keyArn);
        byte[] message = Suite.CRYPTO.encryptData(keys, secret.getBytes(StandardCharsets.UTF_8),
                Map.of(POOL_CONTEXT_KEY, poolId)).getResult();
        return Base64.getEncoder().encodeToString(message);
    }

    /** {@code arn:aws:kms:<region>:<account>:key/<id>} (or {@code alias/<name>}). */
    static String regionOf(String keyArn) {
        String[] parts = keyArn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("kms") || parts[3].isEmpty()) {
            throw new IllegalArgumentException("not a KMS key ARN");
        }
        return parts[3];
    }

    private KmsClient client(String region) {
        return clients.computeIfAbsent(region, r -> {
            var builder = KmsClient.builder()
                    .region(Region.of(r))
                    .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout)
                            .retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(2)));
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    @Override
    public void close() {
        clients.values().forEach(KmsClient::close);
    }
}
