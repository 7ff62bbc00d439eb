package dev.cognate.admin.users;

import dev.cognate.crypto.RandomIds;
import dev.cognate.http.SlowClientWatchdog;
import dev.cognate.store.UserImportJobStore;
import dev.cognate.users.UserImportJob;
import dev.cognate.users.UserImportStatus;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /user-import/<pool>/<job>}: the CSV file of a job, sent to its PreSignedUrl as the
 * Cognito guide's {@code curl -T file -H "x-amz-server-side-encryption:aws:kms" <url>} does.
 * Answers as S3 answers a presigned PUT (an XML {@code <Error>} on refusal, an ETag when
 * stored). The body is streamed into the store in pieces of about a megabyte, never held whole,
 * within Cognito's 100 MB; it must be UTF-8 text. A job takes its file while it is Created; a
 * second upload replaces the first, as a second PUT to S3 would.
 */
public final class UserImportUploads {
    private static final Logger LOG = LoggerFactory.getLogger(UserImportUploads.class);
    private static final Pattern POOL_ID = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern JOB_ID = Pattern.compile("import-[0-9a-zA-Z-]+");
    private static final int CHUNK_CHARS = 1 << 20;
    /** A large file on a slow link may take this long; the watchdog's rate floor still applies. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private final UserImportJobStore jobs;
    private final UserImportUrls urls;
    private final SlowClientWatchdog watchdog;
    private final Clock clock;

    UserImportUploads(UserImportJobStore jobs, UserImportUrls urls, SlowClientWatchdog watchdog, Clock clock) {
        this.jobs = jobs;
        this.urls = urls;
        this.watchdog = watchdog;
        this.clock = clock;
    }

    /** Whether a request is an upload, whose body this endpoint streams itself (not read ahead). */
    public static boolean isUpload(Context ctx) {
        return "PUT".equals(ctx.method().name()) && ctx.path().startsWith(UserImportUrls.PATH);
    }

    public void upload(Context ctx) {
        String poolId = ctx.pathParam("poolId");
        String jobId = ctx.pathParam("jobId");
        if (!POOL_ID.matcher(poolId).matches() || !JOB_ID.matcher(jobId).matches()) {
            refuse(ctx, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
            return;
        }
        switch (urls.check(poolId, jobId, ctx.queryParam("X-Amz-Date"), ctx.queryParam("X-Amz-Expires"),
                ctx.queryParam("X-Amz-Signature"), clock.instant())) {
            case FORGED -> {
                refuse(ctx, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
                return;
            }
            case EXPIRED -> {
                refuse(ctx, 403, "AccessDenied", "Request has expired");
                return;
            }
            case VALID -> { }
        }
        Optional<UserImportJob> found = jobs.find(poolId, jobId);
        if (found.isEmpty() || found.get().status() != UserImportStatus.Created) {
            refuse(ctx, 403, "AccessDenied", "The import job no longer takes a file.");
            return;
        }
        String encryption = ctx.header("x-amz-server-side-encryption");
        if (encryption != null && !encryption.equals("aws:kms")) {
            refuse(ctx, 400, "InvalidArgument", "The encryption method specified is not supported");
            return;
        }
        if (ctx.req().getContentLengthLong() > UserImportCsv.MAX_FILE_BYTES) {
            refuse(ctx, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            return;
        }
        String uploadId = RandomIds.alphanumeric(20);
        Stored stored;
        Connection connection = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection();
        long idleTimeout = connection.getEndPoint().getIdleTimeout();
        SlowClientWatchdog.BodyRead watched = watchdog.watchBody(connection, UPLOAD_TIMEOUT);
        try {
            stored = store(poolId, jobId, uploadId, ctx.req().getInputStream());
        } catch (TooLarge e) {
            jobs.deleteUpload(poolId, jobId, uploadId);
            refuse(ctx, 400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
            return;
        } catch (NotText e) {
            jobs.deleteUpload(poolId, jobId, uploadId);
            refuse(ctx, 400, "InvalidArgument", "The file is not UTF-8 text (see the CSV rules of user import).");
            return;
        } catch (IOException e) {
            jobs.deleteUpload(poolId, jobId, uploadId);
            LOG.debug("upload to {} ended early: {}", jobId, e.toString());
            if (watched.hasExpired()) {
                refuse(ctx, 400, "RequestTimeout",
                        "Your socket connection to the server was not read from or written to within the timeout period.");
            } else {
                refuse(ctx, 400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
            return;
        } finally {
            watchdog.finished(watched);
            connection.getEndPoint().setIdleTimeout(idleTimeout);
        }
        // The job takes the file only if it still waits for one; the file it had before goes.
        // Other uploads under way are left alone: the job deletes every other file when it starts and ends.
        UserImportJob current = jobs.find(poolId, jobId).orElse(found.get());
        if (current.status() != UserImportStatus.Created
                || !jobs.replace(current.withUpload(uploadId, stored.rows()), Set.of(UserImportStatus.Created))) {
            jobs.deleteUpload(poolId, jobId, uploadId);
            refuse(ctx, 403, "AccessDenied", "The import job no longer takes a file.");
            return;
        }
        if (current.uploadId() != null) {
            jobs.deleteUpload(poolId, jobId, current.uploadId());
        }
        ctx.status(200).header("ETag", "\"" + stored.md5() + "\"").header("x-amz-server-side-encryption", "aws:kms");
    }

    private record Stored(long rows, String md5) {}

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    private static final class NotText extends IOException {
        NotText() {
            super("not UTF-8 text", null);
        }
    }

    /** Streams the body into the store; counts the rows after the header that hold anything. */
    private Stored store(String poolId, String jobId, String uploadId, InputStream body) throws IOException {
        MessageDigest md5 = md5();
        InputStream counted = new BoundedDigestStream(body, UserImportCsv.MAX_FILE_BYTES, md5);
        Reader text = new InputStreamReader(counted, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        char[] buffer = new char[64 * 1024];
        StringBuilder chunk = new StringBuilder(CHUNK_CHARS + buffer.length);
        int seq = 0;
        long lines = 0;
        boolean lineHasContent = false;
        boolean first = true;
        try {
            for (int n; (n = text.read(buffer)) != -1; ) {
                int from = 0;
                if (first && n > 0) {
                    first = false;
                    from = buffer[0] == '\uFEFF' ? 1 : 0;
                }
                for (int i = from; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\u0000') {
                        throw new NotText();
                    }
                    if (c == '\n') {
                        lines += lineHasContent ? 1 : 0;
                        lineHasContent = false;
                    } else if (!lineHasContent && !Character.isWhitespace(c)) {
                        lineHasContent = true;
                    }
                }
                chunk.append(buffer, from, n - from);
                if (chunk.length() >= CHUNK_CHARS) {
                    // keep a surrogate pair together: the next piece starts with its low half otherwise
                    boolean split = Character.isHighSurrogate(chunk.charAt(chunk.length() - 1));
                    char carried = chunk.charAt(chunk.length() - 1);
                    if (split) {
                        chunk.setLength(chunk.length() - 1);
                    }
                    jobs.appendFile(poolId, jobId, uploadId, seq++, chunk.toString());
                    chunk.setLength(0);
                    if (split) {
                        chunk.append(carried);
                    }
                }
            }
        } catch (CharacterCodingException e) {
            throw new NotText();
        }
        if (!chunk.isEmpty()) {
            jobs.appendFile(poolId, jobId, uploadId, seq, chunk.toString());
        }
        lines += lineHasContent ? 1 : 0;
        return new Stored(Math.max(0, lines - 1), HexFormat.of().formatHex(md5.digest()));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts and digests what passes, and fails past {@code max} bytes. */
    private static final class BoundedDigestStream extends InputStream {
        private final InputStream in;
        private final long max;
        private final MessageDigest digest;
        private long count;

        BoundedDigestStream(InputStream in, long max, MessageDigest digest) {
            this.in = in;
            this.max = max;
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new TooLarge();
                }
                digest.update(b, off, n);
            }
            return n;
        }
    }

    /**
     * Every refusal closes the connection, as S3 does: the client may be sending a body the
     * server never reads (a late 100-continue lets it start, RFC 9110 section 10.1.1), and that
     * connection must never carry another request.
     */
    private static void refuse(Context ctx, int status, String code, String message) {
        ctx.header("Connection", "close");
        ctx.status(status).contentType("application/xml").result("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + code + "</Code><Message>" + message + "</Message></Error>");
    }
}
