package dev.cognate.admin.users;

import dev.cognate.store.UserImportJobStore;
import java.util.Optional;

/**
 * The rows of an uploaded file, read back from the store a piece at a time. A row longer than
 * Cognito's 16,000 characters is not kept whole: {@link #next} marks it {@link #OVERLONG}.
 */
final class UserImportFile {
    /** Stands for a row over {@link UserImportCsv#MAX_ROW_CHARS}. */
    static final String OVERLONG = "\u0000overlong";

    private final UserImportJobStore store;
    private final String poolId;
    private final String jobId;
    private final String uploadId;
    private int seq;
    private String chunk = "";
    private int at;
    private boolean ended;

    UserImportFile(UserImportJobStore store, String poolId, String jobId, String uploadId) {
        this.store = store;
        this.poolId = poolId;
        this.jobId = jobId;
        this.uploadId = uploadId;
    }

    /** The next row without its line end, or null at the end of the file. */
    String next() {
        StringBuilder row = new StringBuilder();
        boolean overlong = false;
        while (true) {
            if (at >= chunk.length() && !advance()) {
                if (row.isEmpty() && !overlong) {
                    return null;
                }
                break;
            }
            int newline = chunk.indexOf('\n', at);
            int end = newline < 0 ? chunk.length() : newline;
            if (!overlong) {
                row.append(chunk, at, end);
                if (row.length() > UserImportCsv.MAX_ROW_CHARS + 1) {
                    overlong = true;
                    row.setLength(0);
                }
            }
            at = newline < 0 ? chunk.length() : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        if (overlong) {
            return OVERLONG;
        }
        if (!row.isEmpty() && row.charAt(row.length() - 1) == '\r') {
            row.setLength(row.length() - 1);
        }
        return row.length() > UserImportCsv.MAX_ROW_CHARS ? OVERLONG : row.toString();
    }

    private boolean advance() {
        if (ended) {
            return false;
        }
        Optional<String> piece = store.fileChunk(poolId, jobId, uploadId, seq++);
        if (piece.isEmpty()) {
            ended = true;
            return false;
        }
        chunk = piece.get();
        at = 0;
        return true;
    }
}
