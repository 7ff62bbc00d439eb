-- UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate: a new e-mail address
-- or phone number waits here, beside the code sent to it, until that code comes back; the
-- attribute keeps its old value meanwhile. It lives and dies with its code.
ALTER TABLE verification_codes ADD COLUMN pending_value VARCHAR(2048);
