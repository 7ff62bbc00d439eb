package dev.cognate.triggers;

/**
 * A trigger that failed, in Cognito's words: {@code UserLambdaValidationException} when the
 * function answered an error, {@code UnexpectedLambdaException} when it could not be invoked
 * (or did not answer in time), {@code InvalidLambdaResponseException} when its answer is not
 * what the trigger expects. The API answers it as an AWS error (HTTP 400); the hosted pages
 * show its message.
 */
public final class LambdaFailure extends RuntimeException {
    public static final String VALIDATION = "UserLambdaValidationException";
    public static final String UNEXPECTED = "UnexpectedLambdaException";
    public static final String INVALID_RESPONSE = "InvalidLambdaResponseException";

    private final String type;

    LambdaFailure(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    static LambdaFailure functionError(Trigger trigger, String errorMessage) {
        return new LambdaFailure(VALIDATION, trigger.configName() + " failed with error " + errorMessage + ".");
    }

    static LambdaFailure invocation(Trigger trigger, String error) {
        return new LambdaFailure(UNEXPECTED, trigger.configName() + " invocation failed due to error " + error + ".");
    }

    static LambdaFailure invalidJson() {
        return new LambdaFailure(INVALID_RESPONSE, "Invalid lambda function output : Invalid JSON");
    }

    /** Also for an answer the layers above cannot use (a UserMigration answer the pool's schema refuses). */
    public static LambdaFailure unrecognizable() {
        return new LambdaFailure(INVALID_RESPONSE, "Unrecognizable lambda output");
    }

    public String type() {
        return type;
    }
}
