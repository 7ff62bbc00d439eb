package dev.cognate.pools;

/** A pool's password rules (AWS PasswordPolicyType); null members take Cognito's defaults. */
public record PasswordPolicy(
        Integer minimumLength,
        Boolean requireUppercase,
        Boolean requireLowercase,
        Boolean requireNumbers,
        Boolean requireSymbols,
        Integer passwordHistorySize,
        Integer temporaryPasswordValidityDays) {

    public static final PasswordPolicy DEFAULT = new PasswordPolicy(8, true, true, true, true, null, 7);

    /** This policy with every absent member set to Cognito's default. */
    public PasswordPolicy withDefaults() {
        return new PasswordPolicy(
                minimumLength == null ? 8 : minimumLength,
                requireUppercase == null ? Boolean.FALSE : requireUppercase,
                requireLowercase == null ? Boolean.FALSE : requireLowercase,
                requireNumbers == null ? Boolean.FALSE : requireNumbers,
                requireSymbols == null ? Boolean.FALSE : requireSymbols,
                passwordHistorySize,
                temporaryPasswordValidityDays == null ? 7 : temporaryPasswordValidityDays);
    }

    /** Cognito's symbol set for RequireSymbols. */
    static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    /** The first rule the password breaks, in Cognito's words, or null when it complies. */
    public String violation(String password) {
        PasswordPolicy p = withDefaults();
        if (password.length() < p.minimumLength()) {
            return "Password did not conform with policy: Password not long enough";
        }
        if (password.length() > 256) {
            return "Password did not conform with policy: Password is too long";
        }
        if (p.requireLowercase() && password.chars().noneMatch(Character::isLowerCase)) {
            return "Password did not conform with policy: Password must have lowercase characters";
        }
        if (p.requireUppercase() && password.chars().noneMatch(Character::isUpperCase)) {
            return "Password did not conform with policy: Password must have uppercase characters";
        }
        if (p.requireNumbers() && password.chars().noneMatch(Character::isDigit)) {
            return "Password did not conform with policy: Password must have numeric characters";
        }
        if (p.requireSymbols() && password.chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            return "Password did not conform with policy: Password must have symbol characters";
        }
        return null;
    }
}
