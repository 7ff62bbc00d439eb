package dev.cognate.admin;

/** A resource family (pools, clients, users...) that adds its operations to the registry. */
public interface OperationFamily {
    void registerWith(OperationRegistry registry);
}
