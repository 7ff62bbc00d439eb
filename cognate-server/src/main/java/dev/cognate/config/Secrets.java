package dev.cognate.config;

import dev.cognate.config.AdminCredentials;
import dev.cognate.crypto.RandomIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The admin credentials and the master key. From the environment when set; with the
 * embedded store, generated once and kept in the data directory (mode 600) otherwise.
 */
public final class Secrets {
    public static final String ENV_ACCESS_KEY = "COGNATE_ADMIN_ACCESS_KEY_ID";
    public static final String ENV_SECRET_KEY = "COGNATE_ADMIN_SECRET_ACCESS_KEY";
    public static final String ENV_MASTER_KEY = "COGNATE_MASTER_KEY";
    /** Master keys being rotated away from (comma-separated, base64): what they sealed still opens. */
    public static final String ENV_PREVIOUS_MASTER_KEYS = "COGNATE_PREVIOUS_MASTER_KEYS";
    static final String PREVIOUS_MASTER_KEYS_FILE = "master.key.previous";
    static final String CREDENTIALS_FILE = "admin-credentials.properties";
    static final String MASTER_KEY_FILE = "master.key";

    /** What was resolved, and whether it was generated just now (to be printed once). */
    public record Resolved(AdminCredentials credentials, String accessKeyId, String secretAccessKey,
                           byte[] masterKey, boolean credentialsGenerated, boolean masterKeyGenerated,
                           List<byte[]> previousMasterKeys) {
        public Resolved {
            previousMasterKeys = List.copyOf(previousMasterKeys);
        }

        /** Secrets with no master key being rotated away from. */
        public Resolved(AdminCredentials credentials, String accessKeyId, String secretAccessKey, byte[] masterKey,
                        boolean credentialsGenerated, boolean masterKeyGenerated) {
            this(credentials, accessKeyId, secretAccessKey, masterKey, credentialsGenerated, masterKeyGenerated, List.of());
        }

        @Override
        public String toString() {
            return "Secrets[accessKeyId=" + accessKeyId + "]";
        }
    }

    private Secrets() {}

    public static Resolved resolve(Settings settings, Map<String, String> env) {
        String akid = blankToNull(env.get(ENV_ACCESS_KEY));
        String secret = blankToNull(env.get(ENV_SECRET_KEY));
        boolean credentialsGenerated = false;
        if ((akid == null) != (secret == null)) {
            throw new IllegalArgumentException("set both " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY + ", or neither");
        }
        if (akid == null) {
            if (!settings.embeddedStore()) {
                throw new IllegalArgumentException("with --db-url, set " + ENV_ACCESS_KEY + " and " + ENV_SECRET_KEY
                        + " (every node must share them)");
            }
            Path file = settings.dataDir().resolve(CREDENTIALS_FILE);
            Properties props = null;
            if (Files.exists(file)) {
                props = readProperties(file);
            } else {
                String newAkid = RandomIds.accessKeyId();
                String newSecret = RandomIds.secretAccessKey();
                StringBuilder text = new StringBuilder("# Cognate admin credentials (SigV4). Keep this file private.\n");
                text.append("access_key_id=").append(newAkid).append('\n');
                text.append("secret_access_key=").append(newSecret).append('\n');
                if (publishPrivate(file, text.toString().getBytes(StandardCharsets.UTF_8))) {
                    akid = newAkid;
                    secret = newSecret;
                    credentialsGenerated = true;
                } else {
                    // another process starting on this directory made them first: theirs are the node's
                    props = readProperties(file);
                }
            }
            if (props != null) {
                akid = blankToNull(props.getProperty("access_key_id"));
                secret = blankToNull(props.getProperty("secret_access_key"));
            }
            if (akid == null || secret == null) {
                throw new IllegalArgumentException(file + " lacks access_key_id or secret_access_key: "
                        + "fix it, or move it away to have new ones made");
            }
        }
        MasterKey master = masterKey(settings, env);
        return new Resolved(AdminCredentials.single(akid, secret), akid, secret, master.key(),
                credentialsGenerated, master.generated(), previousMasterKeys(settings, env));
    }

    /** The node's master key and whether it was just made (an embedded store's first start). */
    record MasterKey(byte[] key, boolean generated) {}

    /**
     * The master key and the previous ones, for a command that only opens sealed values (no admin
     * keys needed). It writes nothing. A shared store needs the nodes' key; an embedded store
     * without a key file has had no node seal anything in it, so the box opens nothing there (a
     * key of its own, never stored) rather than make the key a first node would adopt.
     *
     * @throws IllegalArgumentException with a shared store and no COGNATE_MASTER_KEY
     */
    public static dev.cognate.crypto.SecretBox openingBox(Settings settings, Map<String, String> env) {
        String encoded = blankToNull(env.get(ENV_MASTER_KEY));
        byte[] key;
        if (encoded != null) {
            key = decodeMasterKey(encoded, ENV_MASTER_KEY);
        } else if (!settings.embeddedStore()) {
            throw new IllegalArgumentException("with --db-url, set " + ENV_MASTER_KEY + " to the nodes' master key: "
                    + "what the store seals opens only with it");
        } else {
            Path file = settings.dataDir().resolve(MASTER_KEY_FILE);
            try {
                key = Files.exists(file) ? decodeMasterKey(Files.readString(file).trim(), file.toString())
                        : RandomIds.bytes(32);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return new dev.cognate.crypto.SecretBox(key, previousMasterKeys(settings, env));
    }

    private static MasterKey masterKey(Settings settings, Map<String, String> env) {
        byte[] masterKey;
        boolean masterKeyGenerated = false;
        String encoded = blankToNull(env.get(ENV_MASTER_KEY));
        if (encoded != null) {
            masterKey = decodeMasterKey(encoded, ENV_MASTER_KEY);
        } else if (!settings.embeddedStore()) {
            throw new IllegalArgumentException("with --db-url, set " + ENV_MASTER_KEY
                    + " (32 random bytes, base64; every node must share it), e.g. `openssl rand -base64 32`");
        } else {
            Path file = settings.dataDir().resolve(MASTER_KEY_FILE);
            if (Files.exists(file)) {
                try {
                    masterKey = decodeMasterKey(Files.readString(file).trim(), file.toString());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                }
            } else {
                byte[] fresh = RandomIds.bytes(32);
                if (publishPrivate(file, (Base64.getEncoder().encodeToString(fresh) + "\n").getBytes(StandardCharsets.US_ASCII))) {
                    masterKey = fresh;
                    masterKeyGenerated = true;
                } else {
                    // another process starting on this directory made one first: it is the node's key
                    try {
                        masterKey = decodeMasterKey(Files.readString(file).trim(), file.toString());
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return new MasterKey(masterKey, masterKeyGenerated);
    }

    /** From COGNATE_PREVIOUS_MASTER_KEYS, or (embedded store) one key a line in data/master.key.previous. */
    static List<byte[]> previousMasterKeys(Settings settings, Map<String, String> env) {
        String listed = blankToNull(env.get(ENV_PREVIOUS_MASTER_KEYS));
        String source = ENV_PREVIOUS_MASTER_KEYS;
        if (listed == null && settings.embeddedStore()) {
            Path file = settings.dataDir().resolve(PREVIOUS_MASTER_KEYS_FILE);
            if (Files.exists(file)) {
                try {
                    listed = String.join(",", Files.readAllLines(file, StandardCharsets.US_ASCII));
                    source = file.toString();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (listed == null) {
            return List.of();
        }
        List<byte[]> keys = new ArrayList<>();
        for (String key : listed.split(",")) {
            if (!key.isBlank()) {
                keys.add(decodeMasterKey(key, source));
            }
        }
        return keys;
    }

    static byte[] decodeMasterKey(String encoded, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException(source + " must decode to 32 bytes, not " + key.length);
        }
        return key;
    }

    /**
     * Makes {@code file} (owner-only) with {@code content} unless it exists: written whole to a
     * file of its own, then linked into place, which fails if another process published first. So
     * two processes starting together never each use a key of their own, one of them lost.
     *
     * @return false when the file was there (another process's)
     */
    private static boolean publishPrivate(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp;
            try {
                tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
            }
            try {
                Files.write(tmp, content, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                try {
                    Files.createLink(file, tmp);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    return false;
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (Files.exists(file)) {
                        return false;
                    }
                    // a file system without hard links: a rename that does not replace
                    Files.move(tmp, file);
                }
                return true;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Properties readProperties(Path file) {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return props;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
