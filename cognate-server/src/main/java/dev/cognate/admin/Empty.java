package dev.cognate.admin;

/** The empty answer ({@code {}}) of operations that return nothing. */
public record Empty() {
    public static final Empty INSTANCE = new Empty();
}
