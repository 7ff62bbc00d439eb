// The hosted pages' passkey buttons, in WebAuthn Level 3's JSON forms (the options in the form's
// data-options, base64url for binary values):
// - the sign-in page's: an assertion over PublicKeyCredentialRequestOptionsJSON, posted as
//   AuthenticationResponseJSON. No username: the passkey names its user.
// - /passkeys/add's: a new passkey from PublicKeyCredentialCreationOptionsJSON, posted as
//   RegistrationResponseJSON.
(function () {
  "use strict";

  function decode(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (c) {
      return { type: c.type, id: decode(c.id), transports: c.transports };
    });
  }

  /** A PublicKeyCredential as its JSON form, around the ceremony's own {@code response}. */
  function answer(credential, response) {
    return {
      id: credential.id,
      rawId: encode(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response
    };
  }

  /** Runs {@code ceremony} (options -> promise of the answer's JSON) when {@code form} is sent. */
  function wire(form, error, unsupported, failed, ceremony) {
    var button = form.querySelector("button");
    if (!window.PublicKeyCredential || !navigator.credentials) {
      button.disabled = true;
      error.textContent = unsupported;
      error.hidden = false;
      return;
    }
    // a page restored from the back-forward cache must not post an answer already used
    window.addEventListener("pageshow", function () {
      form.elements.credential.value = "";
      button.disabled = false;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.disabled) {
        return;
      }
      button.disabled = true;
      error.hidden = true;
      ceremony(JSON.parse(form.dataset.options)).then(function (answer) {
        form.elements.credential.value = JSON.stringify(answer);
        form.submit();
      }, function () {
        button.disabled = false;
        error.textContent = failed;
        error.hidden = false;
      });
    });
  }

  var signIn = document.getElementById("passkey-form");
  if (signIn) {
    wire(signIn, document.getElementById("passkey-error"),
      "This browser cannot use passkeys. Sign in with your password.",
      "The passkey sign-in was cancelled or did not finish. Try again, or sign in with your password.",
      function (options) {
        return navigator.credentials.get({ publicKey: {
          challenge: decode(options.challenge),
          rpId: options.rpId,
          timeout: options.timeout,
          userVerification: options.userVerification,
          allowCredentials: descriptors(options.allowCredentials)
        } }).then(function (credential) {
          var response = credential.response;
          return answer(credential, {
            clientDataJSON: encode(response.clientDataJSON),
            authenticatorData: encode(response.authenticatorData),
            signature: encode(response.signature),
            userHandle: response.userHandle ? encode(response.userHandle) : null
          });
        });
      });
  }

  var add = document.getElementById("passkey-add-form");
  if (add) {
    wire(add, document.getElementById("passkey-add-error"),
      "This browser cannot create passkeys.",
      "The passkey was not created: the browser's prompt was cancelled or did not finish. Try again.",
      function (options) {
        return navigator.credentials.create({ publicKey: {
          rp: options.rp,
          user: { id: decode(options.user.id), name: options.user.name, displayName: options.user.displayName },
          challenge: decode(options.challenge),
          pubKeyCredParams: options.pubKeyCredParams,
          timeout: options.timeout,
          excludeCredentials: descriptors(options.excludeCredentials),
          authenticatorSelection: options.authenticatorSelection,
          attestation: "none"
        } }).then(function (credential) {
          var response = credential.response;
          return answer(credential, {
            clientDataJSON: encode(response.clientDataJSON),
            attestationObject: encode(response.attestationObject),
            transports: response.getTransports ? response.getTransports() : []
          });
        });
      });
  }
})();
