package dev.cognate.admin;

/** One admin API operation: a typed request in, a record (serialized as the answer) out. */
@FunctionalInterface
public interface OperationHandler<Q> {
    Object handle(Q request, Caller caller);
}
