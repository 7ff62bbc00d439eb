package dev.cognate.declarative;

import dev.cognate.admin.AwsException;

/** An admin operation refused a change while applying: what came before it stays applied. */
public final class ApplyFailure extends RuntimeException {
    ApplyFailure(String step, AwsException cause) {
        super("cannot " + step + ": " + cause.type() + ": " + cause.getMessage(), cause);
    }
}
