package dev.cognate.admin.users;

import dev.cognate.pools.SchemaAttribute;
import dev.cognate.pools.UserPool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV format of Cognito's user import: the header GetCSVHeader gives (the pool's schema
 * but {@code sub} and {@code identities}, then {@code cognito:mfa_enabled} and
 * {@code cognito:username}), in any order and all of it; values separated by commas, a comma
 * inside a value written {@code \,}, no quoting, white space around values trimmed.
 */
final class UserImportCsv {
    static final String USERNAME = "cognito:username";
    static final String MFA_ENABLED = "cognito:mfa_enabled";
    static final long MAX_FILE_BYTES = 100L * 1024 * 1024;
    static final long MAX_ROWS = 500_000;
    static final int MAX_ROW_CHARS = 16_000;
    private static final Set<String> NOT_IMPORTED = Set.of("sub", "identities");

    private UserImportCsv() {}

    /** GetCSVHeader's columns for {@code pool}. */
    static List<String> header(UserPool pool) {
        List<String> columns = new ArrayList<>();
        for (SchemaAttribute attribute : pool.schemaAttributes()) {
            if (!NOT_IMPORTED.contains(attribute.name())) {
                columns.add(attribute.name());
            }
        }
        columns.add(MFA_ENABLED);
        columns.add(USERNAME);
        return columns;
    }

    /** The columns of a file's header row, or the reason the job cannot read the file. */
    sealed interface Header {
        record Columns(List<String> names) implements Header {}

        record Refused(String reason) implements Header {}
    }

    static Header parseHeader(UserPool pool, String line) {
        if (line == null || line.isBlank()) {
            return new Header.Refused("The CSV file is empty: its first row must be the header from GetCSVHeader.");
        }
        List<String> expected = header(pool);
        List<String> names = fields(line);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name.isEmpty()) {
                return new Header.Refused("The CSV header has an empty column name.");
            }
            if (!expected.contains(name)) {
                return new Header.Refused("The CSV header has the column " + printable(name)
                        + ", which is not in the user pool's schema (see GetCSVHeader).");
            }
            if (!seen.add(name)) {
                return new Header.Refused("The CSV header has the column " + name + " twice.");
            }
        }
        for (String name : expected) {
            if (!seen.contains(name)) {
                return new Header.Refused("The CSV header lacks the column " + name + " (see GetCSVHeader).");
            }
        }
        return new Header.Columns(List.copyOf(names));
    }

    /** The values of a row: split at commas not escaped by a backslash, {@code \,} read as a comma, trimmed. */
    static List<String> fields(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == ',') {
                value.append(',');
                i++;
            } else if (c == ',') {
                values.add(value.toString().strip());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString().strip());
        return values;
    }

    /** A column name as a completion message may show it: at most 32 printable characters. */
    private static String printable(String name) {
        String shown = name.codePoints().limit(32)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "\"" + shown + (name.length() > 32 ? "...\"" : "\"");
    }
}
