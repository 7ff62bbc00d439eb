package dev.cognate.triggers;

/**
 * The triggers Cognate invokes, by their LambdaConfig member (which is also the name Cognito
 * puts in its error messages: "PreSignUp failed with error ...").
 */
public enum Trigger {
    PRE_SIGN_UP("PreSignUp"),
    PRE_AUTHENTICATION("PreAuthentication"),
    POST_AUTHENTICATION("PostAuthentication"),
    PRE_TOKEN_GENERATION("PreTokenGeneration"),
    POST_CONFIRMATION("PostConfirmation"),
    CUSTOM_MESSAGE("CustomMessage"),
    USER_MIGRATION("UserMigration"),
    DEFINE_AUTH_CHALLENGE("DefineAuthChallenge"),
    CREATE_AUTH_CHALLENGE("CreateAuthChallenge"),
    VERIFY_AUTH_CHALLENGE_RESPONSE("VerifyAuthChallengeResponse"),
    CUSTOM_EMAIL_SENDER("CustomEmailSender"),
    CUSTOM_SMS_SENDER("CustomSMSSender");

    private final String configName;

    Trigger(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
