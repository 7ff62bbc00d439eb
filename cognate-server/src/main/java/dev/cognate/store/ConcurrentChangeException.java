package dev.cognate.store;

/** A compare-and-set change lost to other writers every time it was tried: the caller may try again later. */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message, null, false, false);
    }
}
