package dev.cognate.providers;

/** ProviderDetails that Cognate refuses; the message names the key and what is wrong with it. */
public final class InvalidProviderDetailsException extends IllegalArgumentException {
    public InvalidProviderDetailsException(String message) {
        super(message);
    }
}
