// The hosted sign-in page's passkey button: asks the browser for an assertion over the page's
// request options (WebAuthn Level 3's PublicKeyCredentialRequestOptionsJSON, in the form's
// data-options) and posts it as AuthenticationResponseJSON. No username: the passkey names its user.
(function () {
  "use strict";
  var form = document.getElementById("passkey-form");
  if (!form) {
    return;
  }
  var error = document.getElementById("passkey-error");
  if (!window.PublicKeyCredential || !navigator.credentials) {
    form.querySelector("button").disabled = true;
    error.textContent = "This browser cannot use passkeys. Sign in with your password.";
    error.hidden = false;
    return;
  }

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

  var button = form.querySelector("button");
  // a page restored from the back-forward cache must not post an assertion already used
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
    var options = JSON.parse(form.dataset.options);
    var publicKey = {
      challenge: decode(options.challenge),
      rpId: options.rpId,
      timeout: options.timeout,
      userVerification: options.userVerification,
      allowCredentials: (options.allowCredentials || []).map(function (c) {
        return { type: c.type, id: decode(c.id), transports: c.transports };
      })
    };
    navigator.credentials.get({ publicKey: publicKey }).then(function (credential) {
      var response = credential.response;
      form.elements.credential.value = JSON.stringify({
        id: credential.id,
        rawId: encode(credential.rawId),
        type: credential.type,
        authenticatorAttachment: credential.authenticatorAttachment || null,
        clientExtensionResults: credential.getClientExtensionResults(),
        response: {
          clientDataJSON: encode(response.clientDataJSON),
          authenticatorData: encode(response.authenticatorData),
          signature: encode(response.signature),
          userHandle: response.userHandle ? encode(response.userHandle) : null
        }
      });
      form.submit();
    }, function () {
      button.disabled = false;
      error.textContent = "The passkey sign-in was cancelled or did not finish. Try again, or sign in with your password.";
      error.hidden = false;
    });
  });
})();
