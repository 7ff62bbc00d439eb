package dev.cognate.users;

/** AWS UserImportJobStatusType, spelled as on the wire. */
public enum UserImportStatus {
    Created,
    Pending,
    InProgress,
    Stopping,
    Expired,
    Stopped,
    Failed,
    Succeeded;

    /** A job in this state has ended for good. */
    public boolean ended() {
        return this == Expired || this == Stopped || this == Failed || this == Succeeded;
    }
}
