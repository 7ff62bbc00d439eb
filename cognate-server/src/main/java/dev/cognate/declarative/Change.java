package dev.cognate.declarative;

import java.util.List;

/** What applying a declaration did (or, in a dry run, would do) to one resource. */
public record Change(Action action, String kind, String name, List<String> members, String note) {
    public enum Action { CREATE, UPDATE, DELETE, UNCHANGED }

    public Change {
        members = List.copyOf(members);
    }

    static Change of(Action action, String kind, String name) {
        return new Change(action, kind, name, List.of(), null);
    }

    /** One line for the operator, e.g. {@code update     app client      demo/web (CallbackURLs)}; never a value. */
    public String line() {
        return "%-10s %-18s %s%s%s".formatted(action.name().toLowerCase(java.util.Locale.ROOT), kind, name,
                members.isEmpty() ? "" : " (" + String.join(", ", members) + ")", note == null ? "" : "  " + note);
    }
}
