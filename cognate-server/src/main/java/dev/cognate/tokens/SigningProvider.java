package dev.cognate.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that signs tokens (RS256): the Amazon Corretto Crypto Provider (AWS-LC;
 * 1.7 times the JDK's RSA signing rate on the benchmark machine, docs/BENCHMARKS.md) when its
 * native library loads on this platform, else the JDK's own provider. It serves token signing only: it is not installed JVM-wide, so
 * TLS, {@code SecureRandom}, AES-GCM and everything else keep the JDK's providers.
 */
public final class SigningProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SigningProvider.class);
    static final String ACCP = "AmazonCorrettoCryptoProvider";

    /** Null for the JDK's providers (whichever it prefers for SHA256withRSA). */
    private final Provider provider;

    private SigningProvider(Provider provider) {
        this.provider = provider;
    }

    public static SigningProvider jdk() {
        return new SigningProvider(null);
    }

    /** ACCP when it is on the class path and its native library loads here; else the JDK's provider. */
    public static SigningProvider detect() {
        return detect(ServiceLoader.load(Provider.class, SigningProvider.class.getClassLoader()));
    }

    static SigningProvider detect(Iterable<Provider> installed) {
        Iterator<Provider> candidates = installed.iterator();
        while (true) {
            Provider candidate;
            try {
                if (!candidates.hasNext()) {
                    return jdk();
                }
                candidate = candidates.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // e.g. a provider class built for another JVM: skip it, keep looking
                LOG.debug("a security provider could not be loaded", e);
                continue;
            }
            if (ACCP.equals(candidate.getName()) && signsRs256(candidate)) {
                return new SigningProvider(candidate);
            }
        }
    }

    /** ACCP registers no algorithms when its native library does not load on this platform. */
    private static boolean signsRs256(Provider candidate) {
        try {
            Signature.getInstance("SHA256withRSA", candidate);
            KeyFactory.getInstance("RSA", candidate);
            return true;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            LOG.debug("{} cannot sign RS256 here", candidate.getName(), e);
            return false;
        }
    }

    /** Which provider signs, for the start-up log. */
    public String description() {
        return provider == null ? "the JDK's provider" : provider.getName() + " " + provider.getVersionStr() + " (AWS-LC)";
    }

    public boolean isNative() {
        return provider != null;
    }

    /**
     * A new RSA-2048 key pair for RS256. The native provider makes one in milliseconds; the
     * JDK's search for primes takes a JVM without its optimizing compiler seconds, and a
     * pool's first sign-ins wait for it.
     */
    public RSAKey newRsaKey() throws JOSEException {
        if (provider != null) {
            try {
                RSAKeyGenerator generator = generator();
                generator.provider(provider);
                return generator.generate();
            } catch (JOSEException | RuntimeException e) {
                LOG.warn("{} cannot make an RSA key; the JDK makes it", provider.getName(), e);
            }
        }
        return generator().generate();
    }

    private static RSAKeyGenerator generator() {
        RSAKeyGenerator generator = new RSAKeyGenerator(2048);
        generator.keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
        return generator;
    }

    /**
     * A reusable RS256 signer for {@code key}. The key is converted once to the provider's own
     * form: ACCP would otherwise convert a JDK key on every signature (a third of its speed).
     */
    public RSASSASigner signer(RSAPrivateKey key) {
        if (provider == null) {
            return new RSASSASigner(key);
        }
        PrivateKey own;
        try {
            own = (PrivateKey) KeyFactory.getInstance("RSA", provider).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn("{} cannot take an RSA signing key; the JDK signs with it", provider.getName(), e);
            return new RSASSASigner(key);
        }
        RSASSASigner signer = new RSASSASigner(own);
        signer.getJCAContext().setProvider(provider);
        return signer;
    }
}
