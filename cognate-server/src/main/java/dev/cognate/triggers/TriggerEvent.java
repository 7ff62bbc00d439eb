package dev.cognate.triggers;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The event Cognito sends every trigger: the common members, then the trigger's own
 * {@code request} and (empty or defaulted) {@code response}, one record per trigger below.
 */
record TriggerEvent(String version, String triggerSource, String region, String userPoolId, String userName,
                    CallerContext callerContext, Object request, Object response) {

    /** The SDK version Cognito reports when the caller's is unknown, and AdminCreateUser's client. */
    static final String UNKNOWN_SDK = "aws-sdk-unknown-unknown";
    static final String NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE";

    record CallerContext(String awsSdkVersion, String clientId) {
        static CallerContext of(String clientId) {
            return new CallerContext(UNKNOWN_SDK, clientId == null ? NO_CLIENT : clientId);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreSignUpRequest(Map<String, String> userAttributes, Map<String, String> validationData,
                            Map<String, String> clientMetadata) {}

    record PreSignUpResponse(boolean autoConfirmUser, boolean autoVerifyEmail, boolean autoVerifyPhone) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreAuthenticationRequest(Map<String, String> userAttributes, Map<String, String> validationData,
                                    Boolean userNotFound) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostAuthenticationRequest(boolean newDeviceUsed, Map<String, String> userAttributes,
                                     Map<String, String> clientMetadata) {}

    /** V1_0: groupConfiguration and userAttributes; V2_0/V3_0 add {@code scopes}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PreTokenGenerationRequest(Map<String, String> userAttributes, GroupConfiguration groupConfiguration,
                                     List<String> scopes, Map<String, String> clientMetadata) {}

    record GroupConfiguration(List<String> groupsToOverride, List<String> iamRolesToOverride, String preferredRole) {}

    /** The response members Cognito sends with nothing in them. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PreTokenGenerationV1Response(Object claimsOverrideDetails) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PreTokenGenerationV2Response(Object claimsAndScopeOverrideDetails) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PostConfirmationRequest(Map<String, String> userAttributes, Map<String, String> clientMetadata) {}

    /** {@code usernameParameter} is null but for AdminCreateUser; the response members go out null. */
    record CustomMessageRequest(Map<String, String> userAttributes, String codeParameter, String linkParameter,
                                String usernameParameter,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> clientMetadata) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CustomMessageResponse(String smsMessage, String emailMessage, String emailSubject) {}

    /** The password only in UserMigration_Authentication. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserMigrationRequest(String password, Map<String, String> validationData, Map<String, String> clientMetadata) {
        @Override
        public String toString() {
            return "UserMigrationRequest[password=" + (password == null ? "none" : "***") + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserMigrationResponse(Map<String, String> userAttributes, String finalUserStatus, String messageAction,
                                 List<String> desiredDeliveryMediums, Boolean forceAliasCreation, Boolean enableSMSMFA) {}

    /** One step of a custom sign-in as DefineAuthChallenge and CreateAuthChallenge see it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChallengeResult(String challengeName, boolean challengeResult, String challengeMetadata) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DefineAuthChallengeRequest(Map<String, String> userAttributes, List<ChallengeResult> session,
                                      Map<String, String> clientMetadata, Boolean userNotFound) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DefineAuthChallengeResponse(String challengeName, Boolean issueTokens, Boolean failAuthentication) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateAuthChallengeRequest(Map<String, String> userAttributes, String challengeName, List<ChallengeResult> session,
                                      Map<String, String> clientMetadata, Boolean userNotFound) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CreateAuthChallengeResponse(Map<String, String> publicChallengeParameters,
                                       Map<String, String> privateChallengeParameters, String challengeMetadata) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyAuthChallengeResponseRequest(Map<String, String> userAttributes, Map<String, String> privateChallengeParameters,
                                              String challengeAnswer, Map<String, String> clientMetadata,
                                              Boolean userNotFound) {
        @Override
        public String toString() {
            return "VerifyAuthChallengeResponseRequest[]";
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record VerifyAuthChallengeResponseResponse(Boolean answerCorrect) {}

    /**
     * CustomEmailSender ({@code customEmailSenderRequestV1}) and CustomSMSSender
     * ({@code customSMSSenderRequestV1}): the code or temporary password encrypted (base64).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CustomSenderRequest(String type, String code, Map<String, String> clientMetadata,
                               Map<String, String> userAttributes) {
        @Override
        public String toString() {
            return "CustomSenderRequest[type=" + type + "]";
        }
    }

    record EmptyResponse() {}
}
