package dev.cognate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cognate.store.AdminChange;
import dev.cognate.store.AuthEvent;
import dev.cognate.store.PoolAuthEvent;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The audit trail as a JSON-lines stream for log shippers ({@code serve --audit-log}): one
 * object per line, written and flushed whole. Member names are this class's own and stable
 * (camelCase, {@code kind} first), whatever the records they come from are renamed to.
 */
public final class AuditLog implements AutoCloseable {
    public static final String STDOUT = "stdout";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;
    private final boolean owned;

    private AuditLog(OutputStream out, boolean owned) {
        this.out = out;
        this.owned = owned;
    }

    /** {@code stdout}, or a file opened for appending (created owner-only, 0600: it names users and addresses). */
    public static AuditLog open(String target) {
        if (STDOUT.equalsIgnoreCase(target) || "-".equals(target)) {
            return new AuditLog(System.out, false);
        }
        Path file = Path.of(target);
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new AuditLog(new FileOutputStream(file.toFile(), true), true);
        } catch (IOException e) {
            throw new IllegalArgumentException("--audit-log: cannot open " + file + " for appending: " + e.getMessage(), e);
        }
    }

    /** To any stream (tests). */
    public static AuditLog to(PrintStream stream) {
        return new AuditLog(stream, false);
    }

    public void write(AdminChange change) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "admin_change");
        line.put("id", change.id());
        line.put("time", change.occurredAt().toString());
        line.put("accessKeyId", change.accessKeyId());
        line.put("operation", change.operation());
        line.put("poolId", change.poolId());
        ObjectNode resource = line.putObject("resource");
        change.resource().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> resource.put(e.getKey(), e.getValue()));
        line.put("outcome", change.outcome());
        line.put("sourceAddress", change.sourceAddress());
        writeLine(line);
    }

    public void write(AuthEvent event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "auth_event");
        line.put("id", event.id());
        line.put("time", event.occurredAt().toString());
        line.put("poolId", event.poolId());
        line.put("userSub", event.userSub());
        line.put("username", event.username());
        line.put("clientId", event.clientId());
        line.put("provider", event.provider());
        line.put("eventType", event.type().name());
        line.put("outcome", event.response().name());
        var challenges = line.putArray("challenges");
        event.challenges().forEach(c -> challenges.addObject().put("name", c.name()).put("response", c.response()));
        line.put("sourceAddress", event.sourceAddress());
        line.put("userAgent", event.userAgent());
        writeLine(line);
    }

    public void write(PoolAuthEvent event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("kind", "pool_auth_event");
        line.put("id", event.id());
        line.put("time", event.occurredAt().toString());
        line.put("poolId", event.poolId());
        line.put("usernameHash", event.usernameHash());
        line.put("clientId", event.clientId());
        line.put("provider", event.provider());
        line.put("eventType", event.type().name());
        line.put("outcome", event.response().name());
        line.put("reason", event.reason());
        line.put("sourceAddress", event.sourceAddress());
        line.put("userAgent", event.userAgent());
        writeLine(line);
    }

    private void writeLine(ObjectNode line) {
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit record cannot be written as JSON", e);
        }
        // one write of the whole line, so that lines of concurrent requests never interleave
        synchronized (this) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        if (owned) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
