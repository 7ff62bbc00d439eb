package dev.cognate.admin;

/**
 * An error the admin API answers in AWS's shape: {@code {"__type": type, "message": ...}}
 * with the {@code x-amzn-ErrorType} header. Client errors are HTTP 400 unless said otherwise.
 */
public class AwsException extends RuntimeException {
    private final String type;
    private final int status;

    public AwsException(String type, String message) {
        this(type, message, 400);
    }

    public AwsException(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public static AwsException invalidParameter(String message) {
        return new AwsException("InvalidParameterException", message);
    }

    public static AwsException resourceNotFound(String message) {
        return new AwsException("ResourceNotFoundException", message);
    }

    public static AwsException poolNotFound(String poolId) {
        return resourceNotFound("User pool " + poolId + " does not exist.");
    }

    public static AwsException notAuthorized(String message) {
        return new AwsException("NotAuthorizedException", message);
    }

    public static AwsException userNotFound() {
        return userNotFound("User does not exist.");
    }

    public static AwsException userNotFound(String message) {
        return new AwsException("UserNotFoundException", message);
    }

    public static AwsException limitExceeded(String message) {
        return new AwsException("LimitExceededException", message);
    }

    public static AwsException serialization(String message) {
        return new AwsException("SerializationException", message);
    }
}
